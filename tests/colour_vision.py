"""Simulated colour-vision deficiency (Machado, Oliveira and Fernandes 2009, severity 1) and
CIELAB distance, for tests of colours that must stay apart."""

from __future__ import annotations

MACHADO = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}


def _linear(c: float) -> float:
    c = c / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def simulate(rgb: tuple[int, int, int], kind: str | None) -> tuple[float, float, float]:
    """Linear RGB as seen with ``kind`` (None: normal vision)."""
    lin = tuple(_linear(c) for c in rgb)
    if kind is None:
        return lin
    return tuple(max(0.0, min(1.0, sum(m * v for m, v in zip(row, lin)))) for row in MACHADO[kind])


def lab(lin: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = lin
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def distance(a: tuple[int, int, int], b: tuple[int, int, int], kind: str | None = None) -> float:
    """CIELAB ΔE (1976) between two colours as seen with ``kind``."""
    la, lb = lab(simulate(a, kind)), lab(simulate(b, kind))
    return sum((x - y) ** 2 for x, y in zip(la, lb)) ** 0.5
