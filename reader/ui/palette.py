"""Colours that read on every theme: the theme's own, adjusted until they meet WCAG contrast.

Textual's themes leave some pairs unreadable: muted text ("auto 60%", or the
foreground at 60%) is 1.2-1.4:1 on the light themes' surfaces and 2.6-4.4:1
on several dark ones, and the selected row's text is 1.5-2.8:1 on most
themes' cursor colour. ``readable_variables`` returns replacements for those
variables, computed from the theme: body text at least 4.5:1 on the
background, surface and panel; the cursor's text at least 4.5:1 on the
cursor. It also gives the entity colours (see ``ENTITY_HUES``).
"""

from __future__ import annotations

from textual.color import Color

BODY = 4.5  # WCAG AA for body text
HIGHLIGHT = 3.0  # highlights and the selection
MARGIN = 0.1  # computed colours aim a little above the minimum (rounding to 8-bit channels)

# The five kinds of entity, in the Okabe-Ito palette (chosen to stay apart for the common
# colour-blindnesses): person vermillion, organisation blue, place bluish green, other
# reddish purple, date orange. Each is lightened (dark themes) or darkened (light themes)
# until it reads on the theme's background; the hue stays.
ENTITY_HUES = {
    "person": "#D55E00",
    "org": "#0072B2",
    "place": "#009E73",
    "other": "#CC79A7",
    "date": "#F0E442",
}
# Each kind its own lightness (CIELAB L*), on dark themes and on light ones: with a red-green
# deficiency vermillion, green and yellow fall on one yellow axis, blue and purple on one blue
# axis, and only lightness keeps them apart.
# The values were searched for the largest smallest distance (CIELAB ΔE) between any two kinds
# on any built-in theme, with normal vision and simulated protanopia, deuteranopia and
# tritanopia (tests/test_ui_entities.py): about 11.6.
DARK_L = {"person": 54, "org": 85, "place": 70, "other": 97, "date": 88}
LIGHT_L = {"person": 39, "org": 27, "place": 45, "other": 23, "date": 5}
# Themes whose colours are the terminal's own ANSI palette: nothing to compute.
ANSI_ENTITIES = {"person": "ansi_red", "org": "ansi_blue", "place": "ansi_green", "other": "ansi_magenta",
                 "date": "ansi_yellow"}


def _lab(color: Color) -> tuple[float, float, float]:
    def lin(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = lin(color.r), lin(color.g), lin(color.b)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _from_lab(lightness: float, a: float, b: float) -> Color | None:
    """The sRGB colour of a CIELAB one, or None when it is out of the sRGB gamut."""
    fy = (lightness + 16) / 116
    fx, fz = fy + a / 500, fy - b / 200

    def finv(t: float) -> float:
        return t ** 3 if t ** 3 > 0.008856 else (t - 16 / 116) / 7.787

    x, y, z = finv(fx) * 0.95047, finv(fy), finv(fz) * 1.08883
    linear = (3.2406 * x - 1.5372 * y - 0.4986 * z, -0.9689 * x + 1.8758 * y + 0.0415 * z,
              0.0557 * x - 0.2040 * y + 1.0570 * z)
    if any(c < -0.001 or c > 1.001 for c in linear):
        return None

    def gamma(c: float) -> int:
        c = min(1.0, max(0.0, c))
        return round(255 * (12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055))

    return Color(*(gamma(c) for c in linear))


def with_lightness(color: Color, lightness: float) -> Color:
    """``color``'s hue at CIELAB lightness ``lightness``, as colourful as sRGB allows."""
    _, a, b = _lab(color)
    for share in [1 - i / 40 for i in range(41)]:
        found = _from_lab(lightness, a * share, b * share)
        if found is not None:
            return found
    return color


def luminance(color: Color) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(a: Color, b: Color) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _parse(value: str | None) -> Color | None:
    if not value or value.startswith(("auto", "ansi")):
        return None
    try:
        color = Color.parse(value.split()[0])
    except Exception:
        return None
    return color if color.a >= 1 else None


def _worst(color: Color, backgrounds: list[Color]) -> float:
    return min(contrast(color, bg) for bg in backgrounds)


def _adjust(color: Color, needs: list[tuple[Color, float]]) -> Color:
    """``color`` lightened or darkened in small steps (whichever gets there first) until it has
    the contrast each background needs; its hue is kept. Unchanged when it reads already."""

    def short(c: Color) -> float:  # how far below its need the worst pair is (<= 0: all met)
        return max(need + MARGIN - contrast(c, bg) for bg, need in needs)

    if not needs or short(color) <= 0:
        return color
    best = color
    for move in (Color.lighten, Color.darken):
        candidate = color
        for _ in range(40):
            candidate = move(candidate, 0.025)
            if short(candidate) <= 0:
                return candidate
            if short(candidate) < short(best):
                best = candidate
    return best


def readable_variables(variables: dict[str, str], dark: bool) -> dict[str, str]:
    """Replacements for the theme's CSS variables (see the module's doc)."""

    def solid(name: str) -> Color | None:
        return _parse(variables.get(name))

    backgrounds = [c for c in (solid(name) for name in ("background", "surface", "panel")) if c]
    foreground = solid("foreground")
    if not backgrounds or foreground is None:  # an ANSI theme: the terminal's colours
        return {f"entity-{kind}": value for kind, value in ANSI_ENTITIES.items()}
    body = [(bg, BODY) for bg in backgrounds]
    out: dict[str, str] = {}
    # Body text itself (solarized's is 4.1:1 on its surface, 4.4:1 in the light variant).
    adjusted = _adjust(foreground, body)
    if adjusted != foreground:
        foreground = adjusted
        out["foreground"] = foreground.hex
    # Muted text: the foreground faded towards the surface, as far as it stays readable.
    surface = solid("surface") or backgrounds[0]
    muted = foreground
    for fade in (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0):
        candidate = surface.blend(foreground, fade)
        if _worst(candidate, backgrounds) >= BODY + MARGIN:
            muted = candidate
            break
    out["text-muted"] = out["foreground-muted"] = _adjust(muted, body).hex
    # Coloured text (notices, links, the star, headings) on the panes.
    for name in ("text-primary", "text-secondary", "text-accent", "text-warning", "text-error", "text-success"):
        color = solid(name)
        if color is not None:
            out[name] = _adjust(color, body).hex
    # The selected row's text: the theme's choice if it reads, else the best of the others.
    cursor = solid("block-cursor-background")
    if cursor is not None:
        choices = [c for c in (solid("block-cursor-foreground"), foreground, backgrounds[0],
                               Color(0, 0, 0), Color(255, 255, 255)) if c is not None]
        good = [c for c in choices if contrast(c, cursor) >= BODY]
        best = good[0] if good else max(choices, key=lambda c: contrast(c, cursor))
        out["block-cursor-foreground"] = best.hex
        # The cursor of a list without the focus: a tint of the cursor the text still reads on.
        for share in (0.3, 0.25, 0.2, 0.15, 0.1, 0.05):
            tint = surface.blend(cursor, share)
            if contrast(foreground, tint) >= HIGHLIGHT + MARGIN:
                out["block-cursor-blurred-background"] = tint.hex
                break
    # The footer's keys and descriptions on its background.
    footer = solid("footer-background") or solid("panel")
    if footer is not None:
        for name in ("footer-key-foreground", "footer-description-foreground"):
            color = solid(name) or foreground
            out[name] = _adjust(color, [(footer, BODY)]).hex
    # Entities: readable on the panes, and on the search-term and sentence highlights.
    marks = [(c, HIGHLIGHT) for c in (solid("accent-muted"), solid("warning-muted")) if c is not None]
    lightness = DARK_L if dark else LIGHT_L
    for kind, hue in ENTITY_HUES.items():
        out[f"entity-{kind}"] = _adjust(with_lightness(Color.parse(hue), lightness[kind]), body + marks).hex
    return out
