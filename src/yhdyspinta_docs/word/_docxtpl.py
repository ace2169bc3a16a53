"""docxtpl through its public methods, as :class:`~._template.WordTemplate` uses it: the steps
of ``DocxTemplate.render`` (public by name, not described in docxtpl's documentation; each is
listed in docs/development.md with the test that notices when a release changes it).

* :class:`CompileOnce`: the sandbox environment, compiling each distinct part source once;
* :class:`Docx`: docxtpl's ``DocxTemplate`` with the template XML patched once per distinct
  part and character references inside tags read as characters; one instance per render
  holds that render's state (the part being rendered, picture ids, added parts);
* :class:`Story`: the part being rendered as docxtpl's ``InlineImage`` sees it;
* :func:`tables_need_fixing`: whether docxtpl's ``fix_tables`` would change a rendered body.
"""

from __future__ import annotations

import io
import re
from collections.abc import MutableMapping
from typing import Any

import jinja2
from docx.image.image import Image
from docx.oxml.shape import CT_Inline
from docxtpl import DocxTemplate

from ._parts import Additions
from ._sandbox import TemplateEnvironment
from ._sandbox_limits import MAX_BREAKS, MAX_OUTPUT, SandboxError

__all__ = ["CompileOnce", "Docx", "Story", "numbered_lines", "tables_need_fixing"]

_MAX_SOURCES = 256  # distinct part sources one template keeps (a template has a handful)
_TAG_TEXT = re.compile(r"(?<=\{[\{%])(.*?)(?=[\}%]\})")
_REFERENCE = re.compile(r"&(amp|quot|apos|lt|gt|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
_NAMED = {"amp": "&", "quot": '"', "apos": "'", "lt": "<", "gt": ">"}
_LISTING = re.compile("<w:t(?: [^>]*)?>[^<]*?[\t\a\n\f]")  # what resolve_listing changes
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class CompileOnce(TemplateEnvironment):
    """The sandbox environment, compiling each distinct part source once: docxtpl asks for
    ``from_string(source)`` on every render, and gets the template compiled before."""

    def __init__(self) -> None:
        super().__init__()
        self.compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source: str | jinja2.nodes.Template,
                    globals: MutableMapping[str, Any] | None = None,
                    template_class: type[jinja2.Template] | None = None) -> jinja2.Template:
        if not isinstance(source, str) or globals is not None or template_class is not None:
            return super().from_string(source, globals, template_class)
        found = self.compiled.get(source)
        if found is None:
            found = super().from_string(source)
            if len(self.compiled) < _MAX_SOURCES:
                self.compiled[source] = found
        return found


class Docx(DocxTemplate):  # type: ignore[misc]  # docxtpl is untyped
    """docxtpl with the template XML patched once per distinct part and character
    references in tags read as characters. One instance per render holds that render's
    state: the part being rendered (``current_rendering_part``, which docxtpl's InlineImage
    asks for a picture), the picture ids, what the render adds to the package."""

    additions: Additions

    def __init__(self, template_file: io.BytesIO, patched: dict[str, str]) -> None:
        super().__init__(template_file)
        self.patched = patched

    def patch_xml(self, src_xml: str) -> str:
        found = self.patched.get(src_xml)
        if found is None:
            found = _unescape_tags(super().patch_xml(src_xml))
            if len(self.patched) < _MAX_SOURCES:
                self.patched[src_xml] = found
        return found


    def resolve_listing(self, xml: str) -> str:
        """docxtpl's line breaks, tabs, paragraph and page breaks for ``\\n``, ``\\t``,
        ``\\a`` and ``\\f`` in a ``w:t`` text; the XML unchanged (and not searched
        paragraph by paragraph) when no text has any of them."""
        if not _LISTING.search(xml):
            return xml
        if sum(map(xml.count, "\n\t\a\f")) > MAX_BREAKS:
            raise SandboxError(f"the rendered part has more than {MAX_BREAKS:,} line breaks, "
                               "tabs and page breaks; templates may only show the values they "
                               "are given")
        # a paragraph or page break copies its paragraph's and run's properties
        copies = xml.count("\a") + xml.count("\f")
        if copies and copies * (_largest(xml, "<w:pPr>", "</w:pPr>")
                                + _largest(xml, "<w:rPr>", "</w:rPr>") + 200) > MAX_OUTPUT:
            raise SandboxError(f"the rendered part would grow past {MAX_OUTPUT:,} characters "
                               "with its paragraph and page breaks, each of which copies its "
                               "paragraph's properties; templates may only show the values "
                               "they are given")
        resolved: str = super().resolve_listing(xml)
        return resolved


def _largest(xml: str, start: str, end: str) -> int:
    """The length of the longest ``start…end`` in `xml` (found in one pass)."""
    best = at = 0
    while (begin := xml.find(start, at)) >= 0 and (at := xml.find(end, begin)) >= 0:
        best = max(best, at - begin)
    return best


class Story:
    """A part being rendered, as docxtpl's InlineImage sees it (python-docx's story part):
    ``new_pic_inline`` adds the image to the render's package and returns the picture."""

    def __init__(self, partname: str, next_id: int, additions: Additions) -> None:
        self.partname = partname
        self._next_id = next_id
        self._additions = additions

    def new_pic_inline(self, image_descriptor: Any, width: Any = None, height: Any = None
                       ) -> CT_Inline:
        image = Image.from_file(image_descriptor)
        rid = self._additions.relate_image(self.partname, image)
        cx, cy = image.scaled_dimensions(width, height)
        return CT_Inline.new_pic_inline(self._next_id, rid, image.filename, cx, cy)


def tables_need_fixing(body: Any) -> bool:
    """Whether docxtpl's ``fix_tables`` would change a table of `body`: a row with more
    cells than the grid has columns, or a grid wider than its widest row (a ``{%tc %}``
    loop, ``{% colspan %}``, ``{% hm %}``)."""
    for table in body.iter(f"{_W}tbl"):
        grid = table.find(f"{_W}tblGrid")
        if grid is None:
            return True
        columns, widest = len(grid.findall(f"{_W}gridCol")), 0
        for row in table.iter(f"{_W}tr"):
            cells = row.findall(f"{_W}tc")
            if len(cells) > columns:
                return True
            width = 0
            for cell in cells:
                span = cell.find(f"{_W}tcPr/{_W}gridSpan")
                value = "1" if span is None else str(span.get(f"{_W}val"))
                if not value.isdigit():
                    return True
                width += int(value)
            widest = max(widest, width)
        if widest < columns:
            return True
    return False


def _unescape_tags(xml: str) -> str:
    """Character references inside ``{{ … }}`` and ``{% … %}`` read as their characters."""
    return _TAG_TEXT.sub(lambda tag: _REFERENCE.sub(_character, tag.group(0)), xml)


def _character(reference: re.Match[str]) -> str:
    name = reference.group(1)
    if name in _NAMED:
        return _NAMED[name]
    code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
    if code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0x10FFFF:
        if not 0xFFFE <= code <= 0xFFFF:
            return chr(code)
    return reference.group(0)  # not a character XML allows: left as written


def numbered_lines(xml: str) -> str:
    """One line per ``<w:p>``, as docxtpl renders it: Jinja line numbers count paragraphs."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)


