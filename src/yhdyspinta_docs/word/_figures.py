"""Images in a context (:class:`Figure`) and their alt texts in the rendered document.

A figure becomes docxtpl's :class:`~docxtpl.InlineImage` (its public constructor) bound to
the template being rendered, wherever it appears: body, header or footer. After rendering,
every picture of the body, the headers and the footers whose image is a figure's PNG gets
that figure's alt text as its description (``wp:docPr/@descr``), which screen readers read
instead of the image. Figures are matched by their image bytes; pictures of the template
itself keep their own descriptions. When one PNG is given several alt texts, the pictures
showing it take them in the order the figures appear in the context.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn
from docx.shared import Mm
from docxtpl import InlineImage

from .._sanitize import sanitize_text

__all__ = ["Figure", "bind_figures", "set_alt_texts"]

_DOC_PR, _BLIP, _EMBED = qn("wp:docPr"), qn("a:blip"), qn("r:embed")


@dataclass(frozen=True)
class Figure:
    """An image for a template, e.g. a chart: PNG bytes, width on the page and alt text.

    Put it in a context and write ``{{ name }}`` in the template; the picture gets `alt` as its
    description (``wp:docPr/@descr``), which screen readers read instead of the image.
    """

    png: bytes
    width_mm: float
    alt: str


def bind_figures(context: dict[str, Any], tpl: Any) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """`context` with every :class:`Figure` replaced by an InlineImage bound to `tpl`, and
    the alt texts by SHA-1 of the image (the key python-docx gives an image part)."""
    alts: dict[str, list[str]] = {}

    def bind(value: Any) -> Any:
        if isinstance(value, Figure):
            alts.setdefault(hashlib.sha1(value.png).hexdigest(), []).append(value.alt)
            return InlineImage(tpl, io.BytesIO(value.png), width=Mm(value.width_mm))
        if type(value) is dict:
            return {key: bind(item) for key, item in value.items()}
        if type(value) is list:
            return [bind(item) for item in value]
        return value

    bound: dict[str, Any] = bind(context)
    return bound, alts


def set_alt_texts(stories: Iterable[tuple[Any, Mapping[str, str]]],
                  alts: dict[str, list[str]]) -> None:
    """Describe every picture of a figure in the rendered `stories` (module doc): each is the
    root element of the body, a header or a footer, in document order, with the SHA-1 of the
    image each of its relationship ids points to."""
    if not alts:
        return
    pending = {sha: list(texts) for sha, texts in alts.items()}
    for element, sha1_of in stories:
        for doc_pr in element.iter(_DOC_PR):
            sha = _image_sha1(sha1_of, doc_pr.getparent())
            texts = pending.get(sha or "")
            if texts:
                alt = texts.pop(0) if len(texts) > 1 else texts[0]
                doc_pr.set("descr", sanitize_text(alt))


def _image_sha1(sha1_of: Mapping[str, str], drawing: Any) -> str | None:
    """SHA-1 of the image a ``wp:inline``/``wp:anchor`` shows, None if it shows none."""
    for blip in drawing.iter(_BLIP):
        found = sha1_of.get(str(blip.get(_EMBED)))
        if found is not None:
            return found
    return None
