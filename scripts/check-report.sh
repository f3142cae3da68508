#!/usr/bin/env bash
# Issue #6: report.html opens in a browser with no network and shows its
# charts and maps. Scores the good flood drill, then has headless Chromium
# (Debian's `chromium`) render its figures with every host unresolvable and
# no proxy reachable, and checks that the screenshot holds pictures.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cargo run --quiet -p headless-runner -- score scenarios/drills/synthetic-river-flood-good.ron --out "$out/report" >/dev/null
# Only the figures (timeline and maps) of the page, so the screenshot is
# mostly pictures.
python3 - "$out/report/report.html" "$out/figures.html" <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
head = page[: page.index("<body>") + len("<body>")]
figures = re.findall(r"<figure>.*?</figure>", page, flags=re.S)
assert len(figures) == 3, f"expected the timeline and two maps, found {len(figures)} figures"
open(sys.argv[2], "w", encoding="utf-8").write(head + "\n".join(figures) + "</body></html>")
PY
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --host-resolver-rules="MAP * ~NOTFOUND" --proxy-server="127.0.0.1:9" \
    --window-size=1000,1800 --screenshot="$out/figures.png" \
    "file://$out/figures.html" 2>/dev/null
python3 - "$out/figures.png" <<'PY'
# Decodes the screenshot (8-bit RGB/RGBA, not interlaced: what Chromium
# writes) and counts coloured pixels: maps and chart dots are coloured,
# text, rules and a missing image's placeholder are grey.
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, ihdr = 8, b"", None
while pos < len(data):
    (length,) = struct.unpack(">I", data[pos : pos + 4])
    kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
    if kind == b"IHDR":
        ihdr = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
width, height, depth, colour, _, _, interlace = ihdr
assert depth == 8 and colour in (2, 6) and interlace == 0, ihdr
bpp = 3 if colour == 2 else 4
raw, stride = zlib.decompress(idat), width * bpp
prev, coloured = bytearray(stride), 0
for y in range(height):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp):
        r, g, bl = line[x], line[x + 1], line[x + 2]
        if max(r, g, bl) - min(r, g, bl) > 40:
            coloured += 1
    prev = line
share = coloured / (width * height)
assert share > 0.05, f"only {share:.1%} of the figures are coloured: the maps or chart did not render"
print(f"report.html figures rendered offline: {width}x{height}, {share:.0%} coloured pixels")
PY
