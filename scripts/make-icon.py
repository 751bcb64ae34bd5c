#!/usr/bin/env python3
"""Draws icon.png (256x256): a bridge arch over an inbox tray on a rounded square. No dependencies."""
import math, struct, zlib

N, SS = 256, 3  # size, supersampling per axis

def inside_rounded(x, y, r=0.2):
    dx, dy = max(abs(x - 0.5) - (0.5 - r), 0), max(abs(y - 0.5) - (0.5 - r), 0)
    return dx * dx + dy * dy <= r * r

def shade(x, y):
    if not inside_rounded(x, y):
        return None
    # background: vertical gradient, deep red to crimson (Rocket.Chat-like)
    top, bot = (245, 69, 92), (172, 22, 52)
    bg = tuple(int(top[i] + (bot[i] - top[i]) * y) for i in range(3))
    white = (255, 255, 255)
    # bridge arch: ring segment centred at (0.5, 0.78)
    d = math.hypot(x - 0.5, y - 0.56)
    if 0.27 <= d <= 0.34 and y <= 0.56:
        return white
    # deck
    if 0.14 <= x <= 0.86 and 0.52 <= y <= 0.58:
        return white
    # hangers between arch and deck
    for hx in (0.32, 0.41, 0.59, 0.68):
        if abs(x - hx) <= 0.014 and 0.56 - math.sqrt(max(0.30 ** 2 - (hx - 0.5) ** 2, 0)) <= y <= 0.53:
            return white
    # inbox tray under the deck
    if 0.22 <= x <= 0.78 and 0.64 <= y <= 0.84:
        inner = 0.27 <= x <= 0.73 and 0.64 <= y <= 0.76
        notch = 0.40 <= x <= 0.60 and 0.64 <= y <= 0.72
        if not inner or notch:
            return (255, 225, 230) if not notch else bg
    return bg

rows = []
for j in range(N):
    row = bytearray([0])
    for i in range(N):
        acc, cov = [0, 0, 0], 0
        for sj in range(SS):
            for si in range(SS):
                c = shade((i + (si + 0.5) / SS) / N, (j + (sj + 0.5) / SS) / N)
                if c:
                    cov += 1
                    for k in range(3):
                        acc[k] += c[k]
        if cov:
            row += bytes([acc[0] // cov, acc[1] // cov, acc[2] // cov, 255 * cov // (SS * SS)])
        else:
            row += bytes([0, 0, 0, 0])
    rows.append(bytes(row))

def chunk(tag, data):
    return struct.pack('>I', len(data)) + tag + data + struct.pack('>I', zlib.crc32(tag + data) & 0xFFFFFFFF)

png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', N, N, 8, 6, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(b''.join(rows), 9)) + chunk(b'IEND', b'')
open('icon.png', 'wb').write(png)
print('icon.png', len(png), 'bytes')
