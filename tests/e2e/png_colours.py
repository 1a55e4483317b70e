#!/usr/bin/env python3
"""Count pixels of given colours in a PNG screenshot (8-bit RGB or RGBA,
as headless Chromium writes them), for the HTML tests of formats.sh and
ci-scale.sh.

usage: png_colours.py FILE NAME:RRGGBB:TOLERANCE:MINIMUM...

Prints "WxH: NAME N px, ..." and exits 0 when every colour has at least
MINIMUM pixels within TOLERANCE of it on each channel, 1 otherwise, 2 for a
file that is not a PNG it can read."""
import struct
import sys
import zlib


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("%s: not a PNG" % path)
    pos, idat, w, h, bpp = 8, b"", 0, 0, 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            if depth != 8 or ctype not in (2, 6):
                sys.exit("%s: unsupported PNG type" % path)
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, stride, prev, rows, off = zlib.decompress(idat), w * bpp, bytearray(w * bpp), [], 0
    for _ in range(h):
        f, line = raw[off], bytearray(raw[off + 1:off + 1 + stride])
        off += 1 + stride
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, bpp, rows


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    w, h, bpp, rows = read_png(argv[1])
    ok, said = True, []
    for spec in argv[2:]:
        name, rgb, tol, least = spec.split(":")
        want = [int(rgb[k:k + 2], 16) for k in (0, 2, 4)]
        tol, least = int(tol), int(least)
        n = sum(1 for line in rows for i in range(0, w * bpp, bpp)
                if all(abs(line[i + k] - want[k]) <= tol for k in range(3)))
        said.append("%s %d px" % (name, n))
        ok = ok and n >= least
    print("  %dx%d: %s" % (w, h, ", ".join(said)))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
