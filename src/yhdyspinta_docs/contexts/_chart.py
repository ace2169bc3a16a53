"""A bar chart of follow-up statuses as PNG, for the annual report.

Each bar carries its count and its status name as text, so the chart does not rely on colour;
the same numbers go into the picture's alt text. The output is deterministic (no timestamps).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

__all__ = ["bar_chart_png"]

_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)
# colour-blind-safe palette (Okabe–Ito), each dark enough for black-on-white labels beside it
_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#999999", "#CC79A7")


def _font(size: int) -> object:
    from PIL import ImageFont

    for candidate in _FONT_CANDIDATES:
        if Path(candidate).is_file():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)


def bar_chart_png(title: str, bars: Sequence[tuple[str, int]], *, width: int = 1400) -> bytes:
    """Return a horizontal bar chart of `bars` ((label, count) pairs) as PNG bytes."""
    from PIL import Image, ImageDraw

    row_h, top, left, right = 70, 90, 380, 140
    height = top + row_h * max(len(bars), 1) + 30
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    title_font, label_font = _font(40), _font(32)
    draw.text((20, 20), title, fill="black", font=title_font)  # type: ignore[arg-type]
    most = max((count for _, count in bars), default=0) or 1
    span = width - left - right
    for i, (label, count) in enumerate(bars):
        y = top + i * row_h
        draw.text((20, y + 14), label, fill="black", font=label_font)  # type: ignore[arg-type]
        length = round(span * count / most)
        if length:
            draw.rectangle((left, y + 8, left + length, y + row_h - 8),
                           fill=_COLOURS[i % len(_COLOURS)], outline="black")
        draw.text((left + length + 12, y + 14), str(count), fill="black",
                  font=label_font)  # type: ignore[arg-type]
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
