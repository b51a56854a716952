#!/usr/bin/env python3
"""Requests for filing documents through the API, for bench/docs.sh.

    python3 bench/docs_file.py DIR BASE TOKEN COUNT

Writes COUNT multipart bodies to DIR (documents from outside, each with a
small PDF of its own: a page of text naming the document) and DIR/curl.cfg,
a curl config that POSTs each to BASE/api/v1/incoming with the bearer
TOKEN and prints its status. The bench runs them with `curl --parallel`, so that the client's
own CPU on this shared machine is curl's, not an interpreter's.
"""
import os
import sys


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
    out, base, token, n = sys.argv[1], sys.argv[2], sys.argv[3], \
        int(sys.argv[4])
    boundary = "----congso-bench-filing"
    with open(os.path.join(out, "curl.cfg"), "w") as cfg:
        for i in range(n):
            path = os.path.join(out, "%d.body" % i)
            with open(path, "wb") as f:
                f.write(body(i, boundary))
            if i:
                cfg.write("next\n")
            cfg.write('url = "%s/api/v1/incoming"\n' % base)
            cfg.write('data-binary = "@%s"\n' % path)
            cfg.write('header = "Content-Type: multipart/form-data;'
                      ' boundary=%s"\n' % boundary)
            cfg.write('header = "Authorization: Bearer %s"\n' % token)
            cfg.write('output = "/dev/null"\n')
            cfg.write('write-out = "%{http_code}\\n"\n')


if __name__ == "__main__":
    main()
