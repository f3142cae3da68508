#!/usr/bin/env python3
"""Builds NotoSansSC-Sandtable-subset.otf: the Simplified Chinese face of
Debian's Noto Sans CJK, cut down to the characters Sandtable can show.

Run from the workspace root (needs `pip install fonttools`):

    python3 assets/fonts/make-subset.py

Characters kept: ASCII, Latin-1, general punctuation, letterlike symbols,
number forms (Roman numerals as in "Ⅳ级"), arrows, CJK symbols and
punctuation, fullwidth forms, GB2312 level 1 (3 755 common hanzi, bytes
0xB0A1-0xD7F9), and every other CJK character found in scenarios/*.ron,
sim-core/src/**/*.rs and trainer-app/src/**/*.rs. Rerun after adding UI
strings or scenarios with rare characters (a test in trainer-app checks
that the font covers them).
"""

import pathlib
import sys

from fontTools import subset

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
# Face 2 of the collection is "Noto Sans CJK SC" (0 JP, 1 KR, 3 TC, 4 HK).
FACE = 2
OUTPUT = ROOT / "assets/fonts/NotoSansSC-Sandtable-subset.otf"
CHARS = ROOT / "assets/fonts/subset-chars.txt"

RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement (°, ×, ·)
    (0x2000, 0x206F),  # general punctuation
    (0x2100, 0x214F),  # letterlike symbols (℃)
    (0x2150, 0x218F),  # number forms (Ⅰ Ⅱ Ⅲ Ⅳ)
    (0x2190, 0x21FF),  # arrows
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0xFF00, 0xFFEF),  # halfwidth and fullwidth forms
]


def gb2312_level1():
    chars = []
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            if hi == 0xD7 and lo > 0xF9:
                break
            chars.append(bytes([hi, lo]).decode("gb2312"))
    return chars


def is_cjk(ch):
    c = ord(ch)
    return 0x2E80 <= c <= 0x9FFF or 0xF900 <= c <= 0xFAFF or 0xFF00 <= c <= 0xFFEF or 0x20000 <= c <= 0x3FFFF


def project_chars():
    files = sorted(ROOT.glob("scenarios/**/*.ron"))
    files += sorted(ROOT.glob("sim-core/src/**/*.rs"))
    files += sorted(ROOT.glob("trainer-app/src/**/*.rs"))
    found = set()
    for f in files:
        found.update(ch for ch in f.read_text(encoding="utf-8") if is_cjk(ch) or ord(ch) > 0x7F)
    return found


def main():
    chars = set()
    for lo, hi in RANGES:
        chars.update(chr(c) for c in range(lo, hi + 1))
    level1 = gb2312_level1()
    assert len(level1) == 3755, len(level1)
    chars.update(level1)
    extra = project_chars() - chars
    chars.update(extra)
    text = "".join(sorted(chars))
    CHARS.write_text(text + "\n", encoding="utf-8")
    print(f"{len(chars)} characters ({len(extra)} from project files beyond the fixed sets: {''.join(sorted(extra))})")
    subset.main(
        [
            SOURCE,
            f"--font-number={FACE}",
            f"--text-file={CHARS}",
            f"--output-file={OUTPUT}",
            "--layout-features=*",
            "--name-IDs=*",
            "--name-languages=*",
            "--no-hinting",
        ]
    )
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
