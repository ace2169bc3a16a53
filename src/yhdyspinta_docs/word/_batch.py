"""Rendering many documents from one template package: :class:`BatchTemplate`.

It returns exactly the bytes :func:`~yhdyspinta_docs.word._template.render_docx` returns (tested),
faster, because it does the per-template work once:

* the template is loaded, patched and its Jinja parts compiled once
  (:class:`~yhdyspinta_docs.word._template.CompiledTemplate`);
* the package is opened with python-docx once; every part a render does not change (styles,
  theme, settings, fonts, relationships …) is serialised and deflated once and reused;
  the styles part is made once per document language;
* a render only runs Jinja on the body, headers, footers and footnotes, applies docxtpl's
  fix-ups, restarts list numbering (with the style numbering looked up once), sets the core
  properties, and writes the zip directly in the layout of
  :func:`~yhdyspinta_docs.word._template.normalize_package`, deflating only the parts that changed.

A context holding anything other than plain data (str, numbers, dates, None, dicts, lists,
tuples), e.g. a :class:`~yhdyspinta_docs.word._template.Figure`, is rendered through
:class:`~yhdyspinta_docs.word._template.CompiledTemplate` instead, which gives the same bytes; so
are templates without a numbering part that need one. For a template other than the bundled
decision and plan templates (which the tests compare), the first plain job is rendered both
ways and compared, once per process; should the two differ, that template is always
rendered through CompiledTemplate. :mod:`yhdyspinta_docs.output._parallel` spreads batches over
processes.

Importing this module imports no document library; they are imported when first used.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import io
import re
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from ..errors import Issue, TemplateError
from ..output._zip import Member, deflate, write_zip

if TYPE_CHECKING:
    from ._template import CompiledTemplate, DocProperties

__all__ = ["BatchTemplate", "clear_cache"]

_LISTING_CHARS = ("\t", "\a", "\n", "\f")
_PARAGRAPH_RE = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", flags=re.DOTALL)
_PLAIN_TYPES = (str, int, float, bool, type(None), dt.date, dt.time, decimal.Decimal)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_NUM, _W_NUM_ID, _W_ABSTRACT_NUM_ID, _W_VAL = (
    f"{_W}num", f"{_W}numId", f"{_W}abstractNumId", f"{_W}val")


class _NotFast(Exception):
    """This render needs the python-docx path (see BatchTemplate.render)."""


def _is_plain(value: Any) -> bool:
    """True for data that cannot touch the package while rendering (no images, subdocs …)."""
    if isinstance(value, _PLAIN_TYPES):
        return True
    if isinstance(value, dict):
        return all(_is_plain(v) for v in value.values())
    if isinstance(value, list | tuple):
        return all(_is_plain(v) for v in value)
    return False


class BatchTemplate:
    """A template prepared for many renders; ``render`` returns what ``render_docx`` returns.

    Raises :class:`TemplateError` when the template cannot be read or has a syntax error.
    Renders do not influence each other, so one object may render any number of documents.
    """

    def __init__(self, template: Path | bytes, *, name: str | None = None,
                 _loaded: tuple[bytes, str, Any] | None = None) -> None:
        from docx import Document
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.oxml import serialize_part_xml
        from docx.opc.part import XmlPart
        from docx.oxml.parser import parse_xml
        from docxtpl import DocxTemplate

        from ._numbering import style_numbering
        from ._package import package_order
        from ._template import _FOOTNOTES_CT, CompiledTemplate

        self.compiled: CompiledTemplate = CompiledTemplate(template, name=name, _loaded=_loaded)
        self.name = self.compiled.name
        data = self.compiled._data  # noqa: SLF001
        # compared with CompiledTemplate on the first plain render (bundled ones: in the tests)
        self.checked = hashlib.sha256(data).hexdigest() in _tested_templates()
        self.fast = True
        try:  # the package the compiled template was read from, not rendered: take it over
            doc = self.compiled._spare.pop().docx  # noqa: SLF001
        except IndexError:  # pragma: no cover - a new CompiledTemplate always has one
            doc = Document(io.BytesIO(data))
        package = doc.part.package
        self._core_in_template = _has_rel(package, RT.CORE_PROPERTIES)
        # what render_docx touches in every render exists before the package is saved once
        core_part = package._core_properties_part  # noqa: SLF001
        styles_part = doc.part._styles_part  # noqa: SLF001
        numbering_part = (doc.part.numbering_part if _has_rel(doc.part, RT.NUMBERING)
                          else None)
        saved = io.BytesIO()
        doc.save(saved)
        with zipfile.ZipFile(io.BytesIO(saved.getvalue())) as z:
            self._members = {n: z.read(n) for n in z.namelist()}
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            document_xml = z.read(doc.part.partname.membername)
        self._order = package_order(list(self._members))
        self._packed = {n: deflate(b) for n, b in self._members.items()}
        # the document element without body content: a render puts its body in
        skeleton = parse_xml(document_xml)
        for child in list(skeleton.body):
            skeleton.body.remove(child)
        self._skeleton = serialize_part_xml(skeleton)
        self._document_member = doc.part.partname.membername
        self._headers_footers: list[tuple[str, str]] = []
        for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI):
            for rel in doc.part.rels.values():
                if rel.reltype == uri and rel.target_part.blob:
                    part = rel.target_part
                    self._headers_footers.append((str(part.partname), part.partname.membername))
        self._footnotes = [(str(p.partname), p.partname.membername)
                           for p in package.parts
                           if p.content_type == _FOOTNOTES_CT and not isinstance(p, XmlPart)]
        members = [m for _, m in self._headers_footers] + [m for _, m in self._footnotes]
        if len(set(members)) != len(members) or self._document_member in members:
            self.fast = False  # a part rendered twice: leave it to python-docx
        self._numbering_member = (numbering_part.partname.membername if numbering_part
                                  else None)
        self._styles_member = styles_part.partname.membername
        self._core_member = core_part.partname.membername
        self._style_numbering = style_numbering(styles_part.element)
        self._styles: dict[str, Member] = {}

    def render(self, context: Mapping[str, Any], properties: DocProperties) -> bytes:
        """Render with `context`; the same bytes as ``render_docx(template, context, ...)``."""
        if not self.fast or not _is_plain(context):
            return self.compiled.render(context, properties)
        try:
            data = self._render(context, properties)
        except _NotFast:
            return self.compiled.render(context, properties)
        if not self.checked:
            reference = self.compiled.render(context, properties)
            self.checked = True
            if data != reference:  # a template this module does not know well enough
                self.fast = False
                return reference
        return data

    # -- the lean path -------------------------------------------------------------------------

    def _render(self, context: Mapping[str, Any], properties: DocProperties) -> bytes:
        from docx.opc.coreprops import CoreProperties
        from docx.opc.oxml import serialize_part_xml
        from docx.oxml.parser import parse_xml
        from docxtpl import DocxTemplate

        from ._errors import template_errors
        from ._sandbox import render_limits
        from ._template import _BODY, _sanitized, _set_properties

        if properties.created is None and not self._core_in_template:
            raise _NotFast  # python-docx stamps the clock into a new core part
        ctx = _sanitized(context)
        changed: dict[str, bytes] = {}
        state = SimpleNamespace(current_rendering_part=None, last_source=None,
                                docx_ids_index=1000)
        with template_errors(self.name, state), render_limits():  # one budget per document
            xml = self._part(state, _BODY, ctx)
            tree = DocxTemplate.fix_tables(state, xml)
            DocxTemplate.fix_docpr_ids(state, tree)
            root = parse_xml(self._skeleton)
            root.replace(root.body, tree)
            for partname, member in self._headers_footers:
                rendered = self._part(state, partname, ctx).encode("utf-8")
                changed[member] = serialize_part_xml(parse_xml(rendered))
            for partname, member in self._footnotes:
                changed[member] = self._part(state, partname, ctx).encode("utf-8")
        numbering = self._restart_numbering(root)
        if numbering is not None and self._numbering_member is not None:
            changed[self._numbering_member] = serialize_part_xml(numbering)
        tag = properties.language_tag()  # ValueError for a malformed tag, as render_docx
        core = parse_xml(self._members[self._core_member])
        _set_properties(SimpleNamespace(core_properties=CoreProperties(core)), properties)
        changed[self._core_member] = serialize_part_xml(core)
        changed[self._document_member] = serialize_part_xml(root)
        for member, blob in changed.items():
            _check_part(blob, self.name, member)
        packed = dict(self._packed)
        packed.update((member, deflate(blob)) for member, blob in changed.items())
        packed[self._styles_member] = self._styles_for(tag)
        return write_zip([(name, packed[name]) for name in self._order])

    def _part(self, state: Any, partname: str, context: Mapping[str, Any]) -> str:
        """Render one part as ``_CompiledDocx._render`` does (listing only where needed)."""
        state.current_rendering_part = SimpleNamespace(partname=partname)
        state.last_source = self.compiled._parts[partname][1]  # noqa: SLF001
        xml = self.compiled._render_part(partname, context)  # noqa: SLF001
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%")
        xml = xml.replace("%_}", "%}")
        if any(c in xml for c in _LISTING_CHARS):
            # docxtpl's resolve_listing changes only paragraphs holding one of these characters
            xml = _PARAGRAPH_RE.sub(_resolve_paragraph, xml)
        return xml

    def _restart_numbering(self, root: Any) -> Any:
        """``docx_numbering.restart_numbering`` with the style numbering looked up once;
        returns the changed numbering element, or None when there are no list paragraphs."""
        from docx.oxml.parser import parse_xml

        from ._numbering import W_P, paragraph_numbering, previous_block, set_numpr

        numbering: Any = None
        abstract_of: dict[int, int] = {}
        blocks: list[tuple[int, list[tuple[Any, int]]]] = []
        previous: Any = None
        for paragraph in root.body.iter(W_P):
            num_id, ilvl = paragraph_numbering(paragraph, self._style_numbering)
            if not num_id:
                previous = None
                continue
            if numbering is None:
                if self._numbering_member is None:
                    raise _NotFast  # python-docx would add a numbering part
                numbering = parse_xml(self._members[self._numbering_member])
                abstract_of = {
                    int(num.get(_W_NUM_ID)): int(num.find(_W_ABSTRACT_NUM_ID).get(_W_VAL))
                    for num in numbering.findall(_W_NUM)
                }
            abstract = abstract_of.get(num_id)
            if abstract is None:
                previous = None
                continue
            if (previous is not None and blocks and blocks[-1][0] == abstract
                    and previous_block(paragraph) is previous):
                blocks[-1][1].append((paragraph, ilvl))
            else:
                blocks.append((abstract, [(paragraph, ilvl)]))
            previous = paragraph
        if numbering is None:
            return None
        for abstract, members in blocks:
            num = numbering.add_num(abstract)
            for level in sorted({ilvl for _p, ilvl in members}):
                num.add_lvlOverride(ilvl=level).add_startOverride(1)
            for paragraph, ilvl in members:
                set_numpr(paragraph, num.numId, ilvl)
        return numbering

    def _styles_for(self, tag: str) -> Member:
        packed = self._styles.get(tag)
        if packed is None:
            from docx.opc.oxml import serialize_part_xml
            from docx.oxml.parser import parse_xml

            from ._template import _set_default_language

            styles = parse_xml(self._members[self._styles_member])
            _set_default_language(SimpleNamespace(styles=SimpleNamespace(element=styles)), tag)
            packed = self._styles[tag] = deflate(serialize_part_xml(styles))
        return packed


_TESTED_KINDS = ("decision", "plan")
_tested: set[str] | None = None


def _tested_templates() -> set[str]:
    """SHA-256 of the bundled templates whose lean renders tests/test_parallel.py compares."""
    global _tested
    if _tested is None:
        from .._assets import TEMPLATE_FILES, bundled_path

        found = set()
        for kind in _TESTED_KINDS:
            path = bundled_path("templates", TEMPLATE_FILES[kind])
            if path is not None:
                found.add(hashlib.sha256(path.read_bytes()).hexdigest())
        _tested = found
    return _tested


def _has_rel(source: Any, reltype: str) -> bool:
    try:
        source.part_related_by(reltype)
    except KeyError:
        return False
    return True


def _resolve_paragraph(match: re.Match[str]) -> str:
    text = match.group(0)
    if not any(c in text for c in _LISTING_CHARS):
        return text
    from docxtpl import DocxTemplate

    result: str = DocxTemplate.resolve_listing(None, text)
    return result


def _check_part(blob: bytes, name: str, member: str) -> None:
    """As ``docx_package.check_parts`` for one member: it must parse strictly."""
    from docx.oxml.parser import parse_xml

    try:
        parse_xml(blob)
    except SyntaxError as exc:  # lxml.etree.XMLSyntaxError
        raise TemplateError(
            [Issue(f"{name}: {member}", f"not well-formed XML after rendering: {exc}")],
            template=name,
        ) from exc


# --- one compiled template per process ------------------------------------------------------

_CACHE: OrderedDict[str, BatchTemplate] = OrderedDict()
_CACHE_SIZE = 4
_CACHE_LOCK = threading.Lock()


def _key(data: bytes, name: str) -> str:
    return f"{hashlib.sha256(data).hexdigest()}:{name}"


def _batch_template(data: bytes, name: str, loaded: tuple[bytes, str, Any] | None = None
                    ) -> BatchTemplate:
    """The BatchTemplate of `data` in this process, compiled on first use (`loaded`: what
    ``render._load_document`` returned for it, if the caller has it)."""
    key = _key(data, name)
    with _CACHE_LOCK:
        found = _CACHE.get(key)
        if found is not None:
            _CACHE.move_to_end(key)
            return found
    made = BatchTemplate(data, name=name, _loaded=loaded)
    with _CACHE_LOCK:
        _CACHE[key] = made
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return made


def clear_cache() -> None:
    """Forget the compiled templates of this process (benchmarks measure compiling too)."""
    with _CACHE_LOCK:
        _CACHE.clear()


