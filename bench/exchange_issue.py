#!/usr/bin/env python3
"""Issue documents to a body of another province through the API of the
demo province, as its people would: the specialist drafts each (a
Quyết định with one outside recipient), submits it, the leader approves
it, the clerk issues it. Used by bench/exchange.sh to fill an outbox.

    exchange_issue.py URL COUNT CODE NAME [THREADS]
"""
import http.client
import json
import sys
import threading
import urllib.parse

PASSWORD = "ThaiNguyen@2026"


class Client:
    def __init__(self, base):
        u = urllib.parse.urlsplit(base)
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)

    def call(self, method, path, token=None, body=None):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = "Bearer " + token
        self.conn.request(method, path, json.dumps(body) if body is not None
                          else None, headers)
        r = self.conn.getresponse()
        data = r.read()
        if r.status >= 300:
            raise RuntimeError("%s %s: %d %s" % (method, path, r.status,
                                                 data[:300]))
        return json.loads(data) if data else {}


def login(base, user):
    return Client(base).call("POST", "/api/v1/login", body={
        "username": user, "password": PASSWORD})["token"]


def main():
    base, count, code, name = sys.argv[1], int(sys.argv[2]), sys.argv[3], \
        sys.argv[4]
    threads = int(sys.argv[5]) if len(sys.argv) > 5 else 4
    cv, ld, vt = (login(base, u) for u in ("chuyenvien", "lanhdao", "vanthu"))
    errors = []

    def work(first):
        c = Client(base)
        try:
            for i in range(first, count, threads):
                d = c.call("POST", "/api/v1/documents", cv, {
                    "type": "QĐ",
                    "summary": "Quyết định số %d về việc phối hợp liên tỉnh"
                               " (đo hiệu năng)" % (i + 1),
                    "content": "Điều 1. Phối hợp trao đổi văn bản điện tử.",
                    "external_recipients": [{"name": name, "code": code}]})
                path = "/api/v1/documents/%d" % d["id"]
                c.call("POST", path + "/submit", cv)
                c.call("POST", path + "/approve", ld)
                c.call("POST", path + "/issue", vt)
        except Exception as e:  # reported once all threads are done
            errors.append(str(e))

    ts = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    if errors:
        sys.exit("exchange_issue: " + errors[0])


if __name__ == "__main__":
    main()
