#!/usr/bin/env python3
"""Filing documents through the API, for bench/docs.sh.

    python3 bench/docs_file.py BASE TOKEN COUNT CLIENTS

COUNT documents from outside, each with a small PDF of its own (a page
of text naming the document), are filed by a clerk with one multipart
POST /api/v1/incoming each, CLIENTS at a time over keep-alive
connections. Prints the answers by status and "elapsed_ms N" for the
filing alone (the PDFs are made beforehand); exits 1 unless every one
was filed.
"""
import http.client
import sys
import threading
import time
import urllib.parse


def pdf(text):
    """A one-page PDF with `text` on it, offsets computed."""
    stream = "BT /F1 12 Tf 72 760 Td (%s) Tj ET" % text
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        " /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        "<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.7\n"
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += ("%d 0 obj\n%s\nendobj\n" % (i, o)).encode()
    xref = len(out)
    out += ("xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)).encode()
    for o in offs:
        out += ("%010d 00000 n \n" % o).encode()
    out += ("trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objs) + 1, xref)).encode()
    return out


def body(i, boundary):
    fields = [
        ("type", "CV"), ("issuer_name", "Bộ Tài chính"),
        ("issuer_code", "000.00.00.G09"),
        ("notation", "%d/BTC-NSNN" % (100000 + i)),
        ("number", str(100000 + i)), ("date", "2026-11-20"),
        ("summary", "Về việc hướng dẫn dự toán ngân sách, văn bản %d" % i),
    ]
    parts = []
    for k, v in fields:
        parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\""
                      "\r\n\r\n%s\r\n" % (boundary, k, v)).encode())
    parts.append(("--%s\r\nContent-Disposition: form-data; name=\"file\";"
                  " filename=\"scan-%d.pdf\"\r\nContent-Type: application/pdf"
                  "\r\n\r\n" % (boundary, i)).encode())
    parts.append(pdf("Cong van so %d/BTC-NSNN ve du toan ngan sach" %
                     (100000 + i)))
    parts.append(("\r\n--%s--\r\n" % boundary).encode())
    return b"".join(parts)


def main():
    base, token, n, clients = sys.argv[1], sys.argv[2], int(sys.argv[3]), \
        int(sys.argv[4])
    url = urllib.parse.urlsplit(base)
    boundary = "----congso-bench-filing"
    bodies = [body(i, boundary) for i in range(n)]
    lock = threading.Lock()
    pending = list(range(n))
    codes = {}

    def worker():
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        while True:
            with lock:
                if not pending:
                    break
                i = pending.pop()
            conn.request("POST", "/api/v1/incoming", body=bodies[i],
                         headers={"Authorization": "Bearer " + token,
                                  "Content-Type": "multipart/form-data;"
                                  " boundary=" + boundary})
            r = conn.getresponse()
            r.read()
            with lock:
                codes[r.status] = codes.get(r.status, 0) + 1

    t0 = time.monotonic()
    ts = [threading.Thread(target=worker) for _ in range(clients)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    ms = (time.monotonic() - t0) * 1000
    print("answers: " + ", ".join("%d x %d" % (c, k)
                                  for k, c in sorted(codes.items())))
    print("elapsed_ms %.0f" % ms)
    if codes.get(201, 0) != n:
        sys.exit(1)


if __name__ == "__main__":
    main()
