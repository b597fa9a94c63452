"""The card of ``aod card`` drawn as a small SVG picture (600 × 320).

Hand-built rather than Rich's ``export_svg``: a Rich export is a terminal in a
picture (6 KB for these figures, monospaced, its font loaded from a CDN); this is
2 KB and holds no script, no link and no external font. Every text on
it (a show title comes from a data pack anyone can write) is escaped for XML,
and any character XML or a terminal cannot take becomes U+FFFD. Widths are
estimated from terminal cells (a Hangul character takes two), so a long title or
figure is made smaller, then cut with "…", rather than overflowing its place.
"""

from __future__ import annotations

import re

from ..i18n import language
from ..reports.card import Card
from .render import percent_text, text_width

WIDTH, HEIGHT, MARGIN, GAP = 600, 320, 32, 12
FONTS = (
    "Pretendard, 'Noto Sans KR', 'Noto Sans CJK KR', 'Apple SD Gothic Neo', 'Malgun Gothic', "
    "NanumGothic, system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
)
INK, SOFT, FAINT, ACCENT, PANEL, TRACK = "#f4f4f5", "#a1a1aa", "#71717a", "#e5484d", "#1f1f23", "#2c2c31"
SHARES = (3.0, 2.5, 4.5)  # of the width, by tile: time watched, the streak, the favourite (a title)
CELL = 0.52  # one terminal cell in ems: Noto Sans and NanumGothic measure 0.46-0.50 (Hangul: two cells)
_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


def escape(text: str) -> str:
    """``text`` safe in an SVG element or a double-quoted attribute."""
    text = _BAD.sub("\ufffd", text).replace("\t", " ").replace("\n", " ").replace("\r", " ")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _width(text: str, size: float) -> float:
    return text_width(text) * size * CELL


def fit(text: str, size: float, room: float, smallest: float | None = None) -> tuple[str, float]:
    """``text`` and a font size at which it fits ``room`` pixels: made smaller down to
    ``smallest`` (default: no smaller), then cut with an ellipsis."""
    smallest = smallest or size
    if _width(text, size) > room:
        size = max(smallest, room / max(_width(text, 1), 1e-9))
    if _width(text, size) > room:
        while text and _width(text.rstrip() + "…", size) > room:
            text = text[:-1]
        text = text.rstrip() + "…" if text.strip() else ""
    return text, round(size, 1)


def _text(x: float, y: float, text: str, size: float, fill: str, *, bold: bool = False, end: bool = False) -> str:
    attrs = f'x="{x:g}" y="{y:g}" font-size="{size:g}" fill="{fill}"'
    if bold:
        attrs += ' font-weight="700"'
    if end:
        attrs += ' text-anchor="end"'
    return f"<text {attrs}>{escape(text)}</text>"


def svg(card: Card) -> str:
    """The card as an SVG document."""
    inner = WIDTH - 2 * MARGIN
    percent = percent_text(card.done, card.total)
    title, title_size = fit(card.title, 26, inner - _width(percent, 36) - 24, 18)
    profile, profile_size = fit(card.byline, 15, inner)
    filled = inner * card.done / card.total if card.total else 0
    lang = language()
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img"' + (f' xml:lang="{lang}"' if lang in ("en", "ko") else "") + ">",
        f"<title>{escape(f'{card.title} — {card.profile}: {card.summary}')}</title>",
        f'<g font-family="{FONTS}">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" rx="16" fill="#121214"/>',
        _text(MARGIN, 60, title, title_size, INK, bold=True),
        _text(WIDTH - MARGIN, 62, percent, 36, ACCENT, bold=True, end=True),
        _text(MARGIN, 88, profile, profile_size, SOFT),
        f'<rect x="{MARGIN}" y="106" width="{inner}" height="14" rx="7" fill="{TRACK}"/>',
    ]
    if filled:
        parts.append(f'<rect x="{MARGIN}" y="106" width="{filled:.1f}" height="14" rx="7" fill="{ACCENT}"/>')
    summary, summary_size = fit(card.summary, 15, inner)
    parts.append(_text(MARGIN, 146, summary, summary_size, INK))
    weights = SHARES if len(SHARES) == len(card.tiles) else (1.0,) * len(card.tiles)
    free = inner - GAP * (len(card.tiles) - 1)
    x = float(MARGIN)
    for tile, weight in zip(card.tiles, weights, strict=True):
        tile_width = free * weight / sum(weights)
        room = tile_width - 28
        label, label_size = fit(tile.label, 13, room, 11)
        value, value_size = fit(tile.value, 22, room, 14)
        detail, detail_size = fit(tile.detail, 13, room, 11)
        parts += [
            f'<rect x="{x:.1f}" y="168" width="{tile_width:.1f}" height="110" rx="10" fill="{PANEL}"/>',
            _text(round(x + 14, 1), 196, label, label_size, SOFT),
            _text(round(x + 14, 1), 232, value, value_size, INK, bold=True),
            _text(round(x + 14, 1), 260, detail, detail_size, SOFT),
        ]
        x += tile_width + GAP
    parts += [_text(WIDTH - MARGIN, 304, "aod", 12, FAINT, end=True), "</g>", "</svg>"]
    return "\n".join(parts) + "\n"
