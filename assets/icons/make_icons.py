#!/usr/bin/env python3
"""Draws Ratebook's icon (a navy tile with three ascending bars) as RGBA PNGs.

Pure standard library so that it runs anywhere: `python3 assets/icons/make_icons.py`.
Writes src-tauri/icons/{32x32,128x128,icon}.png and assets/icons/ratebook.png.
"""
import os
import struct
import zlib

NAVY = (22, 44, 84, 255)
GOLD = (214, 170, 62, 255)
WHITE = (245, 247, 250, 255)
CLEAR = (0, 0, 0, 0)


def pixel(x, y, n):
    r = n * 0.18  # corner radius
    u, v = x + 0.5, y + 0.5
    cx = min(max(u, r), n - r)
    cy = min(max(v, r), n - r)
    if (u - cx) ** 2 + (v - cy) ** 2 > r * r:
        return CLEAR
    bars = [(0.22, 0.52), (0.42, 0.36), (0.62, 0.20)]  # (left, top) as fractions
    for i, (left, top) in enumerate(bars):
        if left * n <= u <= (left + 0.14) * n and top * n <= v <= 0.78 * n:
            return GOLD if i == 2 else WHITE
    return NAVY


def png(n):
    raw = b"".join(b"\x00" + b"".join(bytes(pixel(x, y, n)) for x in range(n)) for y in range(n))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", n, n, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
for name, size in [("src-tauri/icons/32x32.png", 32), ("src-tauri/icons/128x128.png", 128),
                   ("src-tauri/icons/icon.png", 512), ("assets/icons/ratebook.png", 256)]:
    with open(os.path.join(root, name), "wb") as f:
        f.write(png(size))
