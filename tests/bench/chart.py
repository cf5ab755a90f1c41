"""A line chart as a PNG in pure Python (zlib + struct): no plotting library to install.

Log-scale y axis (latencies span milliseconds to seconds), linear x axis, a 3×5 pixel font drawn
at 2× for labels and the legend.
"""

from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path

_FONT = {
    "0": ["111", "101", "101", "101", "111"], "1": ["010", "110", "010", "010", "111"],
    "2": ["111", "001", "111", "100", "111"], "3": ["111", "001", "111", "001", "111"],
    "4": ["101", "101", "111", "001", "001"], "5": ["111", "100", "111", "001", "111"],
    "6": ["111", "100", "111", "101", "111"], "7": ["111", "001", "010", "010", "010"],
    "8": ["111", "101", "111", "101", "111"], "9": ["111", "101", "111", "001", "111"],
    "A": ["010", "101", "111", "101", "101"], "B": ["110", "101", "110", "101", "110"],
    "C": ["011", "100", "100", "100", "011"], "D": ["110", "101", "101", "101", "110"],
    "E": ["111", "100", "110", "100", "111"], "F": ["111", "100", "110", "100", "100"],
    "G": ["011", "100", "101", "101", "011"], "H": ["101", "101", "111", "101", "101"],
    "I": ["111", "010", "010", "010", "111"], "J": ["001", "001", "001", "101", "010"],
    "K": ["101", "101", "110", "101", "101"], "L": ["100", "100", "100", "100", "111"],
    "M": ["101", "111", "111", "101", "101"], "N": ["110", "101", "101", "101", "101"],
    "O": ["010", "101", "101", "101", "010"], "P": ["110", "101", "110", "100", "100"],
    "Q": ["010", "101", "101", "110", "011"], "R": ["110", "101", "110", "101", "101"],
    "S": ["011", "100", "010", "001", "110"], "T": ["111", "010", "010", "010", "010"],
    "U": ["101", "101", "101", "101", "111"], "V": ["101", "101", "101", "101", "010"],
    "W": ["101", "101", "111", "111", "101"], "X": ["101", "101", "010", "101", "101"],
    "Y": ["101", "101", "010", "010", "010"], "Z": ["111", "001", "010", "100", "111"],
    " ": ["000"] * 5, ".": ["000", "000", "000", "000", "010"], "-": ["000", "000", "111", "000", "000"],
    "/": ["001", "001", "010", "100", "100"], "(": ["010", "100", "100", "100", "010"],
    ")": ["010", "001", "001", "001", "010"], ":": ["000", "010", "000", "010", "000"],
    "%": ["101", "001", "010", "100", "101"],
}
COLORS = [(31, 119, 180), (23, 190, 207), (44, 160, 44), (214, 39, 40), (255, 127, 14), (148, 103, 189)]
Rgb = tuple[int, int, int]


class Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.w, self.h = width, height
        self.px = bytearray(b"\xff" * (width * height * 3))

    def dot(self, x: int, y: int, c: Rgb) -> None:
        if 0 <= x < self.w and 0 <= y < self.h:
            i = (y * self.w + x) * 3
            self.px[i:i + 3] = bytes(c)

    def rect(self, x0: int, y0: int, x1: int, y1: int, c: Rgb) -> None:
        for y in range(min(y0, y1), max(y0, y1) + 1):
            for x in range(min(x0, x1), max(x0, x1) + 1):
                self.dot(x, y, c)

    def line(self, x0: int, y0: int, x1: int, y1: int, c: Rgb, width: int = 1) -> None:
        steps = max(abs(x1 - x0), abs(y1 - y0), 1)
        for s in range(steps + 1):
            x = round(x0 + (x1 - x0) * s / steps)
            y = round(y0 + (y1 - y0) * s / steps)
            self.rect(x, y, x + width - 1, y + width - 1, c)

    def text(self, x: int, y: int, s: str, c: Rgb = (0, 0, 0), scale: int = 2) -> None:
        for ch in s.upper():
            glyph = _FONT.get(ch, _FONT[" "])
            for gy, row in enumerate(glyph):
                for gx, bit in enumerate(row):
                    if bit == "1":
                        self.rect(x + gx * scale, y + gy * scale, x + gx * scale + scale - 1,
                                  y + gy * scale + scale - 1, c)
            x += 4 * scale

    def png(self) -> bytes:
        raw = b"".join(b"\x00" + bytes(self.px[y * self.w * 3:(y + 1) * self.w * 3]) for y in range(self.h))

        def chunk(kind: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

        header = struct.pack(">IIBBBBB", self.w, self.h, 8, 2, 0, 0, 0)
        return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) \
            + chunk(b"IEND", b"")


def text_width(s: str, scale: int = 2) -> int:
    return len(s) * 4 * scale


def line_chart(path: Path, series: dict[str, list[tuple[float, float]]], title: str, x_label: str,
               y_label: str, width: int = 900, height: int = 520) -> None:
    c = Canvas(width, height)
    left, right, top, bottom = 80, 230, 50, 70
    pw, ph = width - left - right, height - top - bottom
    pts = [p for s in series.values() for p in s]
    xmax = max((x for x, _ in pts), default=1.0) * 1.1 or 1.0
    ys = [max(y, 0.1) for _, y in pts] or [1.0]
    lo = math.floor(math.log10(min(ys)))
    hi = math.ceil(math.log10(max(ys)))
    hi = max(hi, lo + 1)

    def sx(x: float) -> int:
        return left + round(x / xmax * pw)

    def sy(y: float) -> int:
        return top + ph - round((math.log10(max(y, 0.1)) - lo) / (hi - lo) * ph)

    grey, dark = (225, 225, 225), (60, 60, 60)
    for d in range(lo, hi + 1):  # decades
        y = sy(10.0 ** d)
        c.line(left, y, left + pw, y, grey)
        label = f"{10.0 ** d:g}"
        c.text(left - 8 - text_width(label), y - 5, label, dark)
    step = _nice_step(xmax / 6)
    x = 0.0
    while x <= xmax:
        px = sx(x)
        c.line(px, top, px, top + ph, grey)
        label = f"{x:g}"
        c.text(px - text_width(label) // 2, top + ph + 10, label, dark)
        x += step
    c.line(left, top, left, top + ph, dark, 2)
    c.line(left, top + ph, left + pw, top + ph, dark, 2)
    c.text(left + (pw - text_width(title, 3)) // 2, 12, title, (0, 0, 0), 3)
    c.text(left + (pw - text_width(x_label)) // 2, height - 30, x_label, dark)
    c.text(10, top - 20, y_label + " (LOG)", dark)
    for i, (name, s) in enumerate(series.items()):
        col = COLORS[i % len(COLORS)]
        s = sorted(s)
        for (x0, y0), (x1, y1) in zip(s, s[1:]):
            c.line(sx(x0), sy(y0), sx(x1), sy(y1), col, 2)
        for x, y in s:
            c.rect(sx(x) - 3, sy(y) - 3, sx(x) + 3, sy(y) + 3, col)
        ly = top + 10 + i * 24
        c.rect(left + pw + 20, ly, left + pw + 36, ly + 10, col)
        c.text(left + pw + 44, ly, name, (0, 0, 0))
    path.write_bytes(c.png())


def _nice_step(raw: float) -> float:
    if raw <= 0:
        return 1.0
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag
