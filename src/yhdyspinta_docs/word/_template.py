"""Render a Word template (docxtpl) into a finished, deterministic .docx.

The docxtpl-facing module (:mod:`~yhdyspinta_docs.word._batch` reuses its pieces). What it adds on
top of docxtpl (pitfall ids as in the pitfalls reference, see tests/test_pitfalls.py):

* Jinja runs in the sandbox of :mod:`.sandbox` (the template can only show the values it is
  given, its work and size are bounded), with ``autoescape=True`` and ``StrictUndefined``:
  ``&`` and ``<`` in the context survive, a missing variable is an error; docxtpl turns
  ``\\n`` in a string into a line break and ``\\t`` into a tab; context strings pass
  :func:`~.sanitize.sanitize_text` once more (a no-op for the documented, already sanitised
  contexts; it keeps a stray control character from reaching docxtpl);
* Jinja and docxtpl errors become :class:`~yhdyspinta_docs.errors.TemplateError` naming the
  template, the part and the line, or the undefined variable (:mod:`.template_errors`);
* every contiguous block of list paragraphs gets its own ``w:num`` with ``startOverride=1``
  on the same abstract numbering, so each list starts at 1 (D7, P1; :mod:`.docx_numbering`);
* the core properties (title, author = *laatija*, language …) are set with python-docx after
  rendering, never through Jinja (D2, P2), and the document default language in
  ``styles.xml`` follows :attr:`DocProperties.language` (P3);
* the package is rewritten with fixed timestamps, permissions and member order, so the same
  input gives the same bytes (D11).

:func:`render_docx` renders through docxtpl's own ``render``. :class:`CompiledTemplate` loads
and patches the template XML once and keeps the compiled Jinja templates (in memory, for the
life of the object: nothing compiled is kept on disk); its output is byte-identical to
:func:`render_docx` (tested), only faster for many documents.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from .._sanitize import sanitize_text
from ..errors import Issue, TemplateError
from ._errors import template_errors
from ._lint import prepare_template, read_template
from ._numbering import restart_numbering
from ._package import check_parts, package_parts, zip_package
from ._sandbox import environment, render_limits

__all__ = [
    "CompiledTemplate",
    "DocProperties",
    "Figure",
    "normalize_package",
    "render_docx",
    "template_variables",
]

_LANGUAGES = {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}
_LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")
_BODY = "/word/document.xml"
_FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


# --- public data --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocProperties:
    """Stored document properties; they must agree with the visible metadata (SFS 2487 5.1).

    `language` is a BCP 47 tag such as ``"fi-FI"`` or ``"sv-FI"`` (``"fi"``/``"sv"`` are
    accepted and completed). `created` is the decision or meeting date; it is also written as
    the modification date, so that output does not depend on the clock. `keywords` is one
    string, items separated by ``"; "`` as Word shows them.
    """

    title: str
    subject: str = ""
    author: str = ""
    language: str = "fi-FI"
    keywords: str = ""
    created: dt.date | None = None
    category: str = ""
    comments: str = ""
    last_modified_by: str | None = None  # None: same as author

    def language_tag(self) -> str:
        """The language as a full tag (``fi`` → ``fi-FI``); ValueError if malformed."""
        tag = _LANGUAGES.get(self.language, self.language)
        if not _LANG_RE.match(tag):
            raise ValueError(f"language {self.language!r} is not a tag like 'fi-FI' or 'sv-FI'")
        return tag


@dataclass(frozen=True)
class Figure:
    """An image for a template, e.g. a chart: PNG bytes, width on the page and alt text.

    Put it in a context and write ``{{ name }}`` in the template; the picture gets `alt` as its
    description (``wp:docPr/@descr``), which screen readers read instead of the image.
    """

    png: bytes
    width_mm: float
    alt: str


class _AltImage(InlineImage):  # type: ignore[misc]  # docxtpl is untyped
    """An InlineImage that records its alt text in rendering order, to be set afterwards."""

    def __init__(self, tpl: Any, figure: Figure, sink: list[str]) -> None:
        super().__init__(tpl, io.BytesIO(figure.png), width=Mm(figure.width_mm))
        self._alt = figure.alt
        self._sink = sink

    def _insert_image(self) -> str:
        self._sink.append(self._alt)
        result: str = super()._insert_image()
        return result


def _bind_figures(context: dict[str, Any], tpl: Any, sink: list[str]) -> dict[str, Any]:
    """Replace every :class:`Figure` in `context` by an image bound to `tpl`."""

    def bind(value: Any) -> Any:
        if isinstance(value, Figure):
            return _AltImage(tpl, value, sink)
        if type(value) is dict:
            return {key: bind(item) for key, item in value.items()}
        if type(value) is list:
            return [bind(item) for item in value]
        return value

    result: dict[str, Any] = bind(context)
    return result


def _set_alt_texts(document: Any, alts: list[str]) -> None:
    """Give the pictures of the body their alt texts, in document order."""
    wp_docpr = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
    for doc_pr, alt in zip(document.element.body.iter(wp_docpr), alts, strict=False):
        doc_pr.set("descr", sanitize_text(alt))


def render_docx(
    template: Path | bytes, context: Mapping[str, Any], *, properties: DocProperties
) -> bytes:
    """Render `template` (a path or the bytes of a .docx) with `context`; return the .docx bytes.

    Raises :class:`TemplateError` for a template syntax error, an undefined variable or any
    other failure of the template with this context.
    """
    data, name = _load(template)
    tpl = _Docx(io.BytesIO(data))
    alts: list[str] = []
    with template_errors(name, tpl), render_limits():
        tpl.render(_bind_figures(_sanitized(context), tpl, alts), jinja_env=environment())
    _set_alt_texts(tpl.docx, alts)
    return _finish(tpl.docx, properties, name)


def template_variables(template: Path | bytes) -> set[str]:
    """Top-level variables the template uses but does not define (body, headers, footers).

    Raises :class:`TemplateError` for a syntax error in the template.
    """
    data, name = _load(template)
    tpl = DocxTemplate(io.BytesIO(data))
    try:
        found: set[str] = tpl.get_undeclared_template_variables(jinja_env=environment())
    except jinja2.TemplateSyntaxError:
        # docxtpl parses all parts as one line; compiling part by part names part and line
        CompiledTemplate(data, name=name)  # raises TemplateError naming part and line
        with template_errors(name, None):  # pragma: no cover - not expected to get here
            raise
    return set(found)


class CompiledTemplate:
    """A template loaded, patched and compiled once, to be rendered many times.

    ``CompiledTemplate(t).render(ctx, properties=p)`` returns the same bytes as
    ``render_docx(t, ctx, properties=p)``. A syntax error is reported when the object is made.
    Each render works on its own copy of the package (the first render on the copy opened to
    check and compile the template, which compiling only reads) and only reads the compiled
    Jinja templates, so renders do not influence each other (tested by interleaving contexts).
    """

    def __init__(self, template: Path | bytes, *, name: str | None = None,
                 _loaded: tuple[bytes, str, Any] | None = None) -> None:
        # `_loaded`: what _load_document(template) returned, when the caller has it already
        data, default_name, document = _loaded or _load_document(template)
        self.name: str = name or default_name
        self._data = data
        self._env = environment()
        self._parts: dict[str, tuple[jinja2.Template, str]] = {}
        # the package opened to check the template is read (never changed) while compiling,
        # then rendered by the first render instead of opening the package once more
        tpl = _CompiledDocx(io.BytesIO(data), self)
        tpl.docx = document
        docx = tpl.get_docx()
        sources: list[tuple[str, str]] = [(_BODY, tpl.patch_xml(tpl.get_xml()))]
        for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
            for _rel_id, part in tpl.get_headers_footers(uri):
                sources.append((str(part.partname), tpl.patch_xml(tpl.get_part_xml(part))))
        for part in docx.part.package.parts:
            if part.content_type == _FOOTNOTES_CT:
                blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
                sources.append((str(part.partname), tpl.patch_xml(blob)))
        for partname, source in sources:
            source = _numbered_lines(source)
            with template_errors(self.name, None, partname=partname, source=source):
                compiled = self._env.from_string(source)
            self._parts[partname] = (compiled, source)
        self._spare = [tpl]

    def render(self, context: Mapping[str, Any], properties: DocProperties) -> bytes:
        """Render with `context`; return the finished .docx bytes (see :func:`render_docx`)."""
        try:
            tpl = self._spare.pop()  # atomic: one render gets the unrendered package
        except IndexError:
            tpl = _CompiledDocx(io.BytesIO(self._data), self)
        alts: list[str] = []
        with template_errors(self.name, tpl), render_limits():
            tpl.render(_bind_figures(_sanitized(context), tpl, alts), jinja_env=self._env)
        _set_alt_texts(tpl.docx, alts)
        return _finish(tpl.docx, properties, self.name)

    def variables(self) -> set[str]:
        """Top-level variables the template uses (as :func:`template_variables`)."""
        return template_variables(self._data)

    def _render_part(self, partname: str, context: Mapping[str, Any]) -> str:
        compiled, source = self._parts[partname]
        with template_errors(self.name, None, partname=partname, source=source):
            return compiled.render(context)


def normalize_package(data: bytes) -> bytes:
    """Rewrite a zip package deterministically: fixed date 1980-01-01, mode 0644, sorted
    members after ``[Content_Types].xml``, deflate level 9."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        return zip_package([(name, src.read(name)) for name in src.namelist()])


# --- docxtpl subclasses -------------------------------------------------------------------------


class _Docx(DocxTemplate):  # type: ignore[misc]  # docxtpl is untyped
    """docxtpl with core properties left alone (they are set after rendering, not by Jinja)
    and the Jinja source of the part being rendered kept for error messages."""

    last_source: str | None = None

    def render_xml_part(
        self, src_xml: str, part: Any, context: Mapping[str, Any], jinja_env: Any = None
    ) -> str:
        self.last_source = _numbered_lines(src_xml)
        result: str = super().render_xml_part(src_xml, part, context, jinja_env)
        return result

    def render_properties(self, context: Any, jinja_env: Any = None) -> None:
        """Do not run core properties through Jinja (pitfall D2)."""


class _CompiledDocx(_Docx):
    """docxtpl rendering from the Jinja templates compiled once by a CompiledTemplate.

    Overrides the three places where docxtpl patches and compiles XML on every render; the
    rest of ``DocxTemplate.render`` (table fix-up, docPr ids, part replacement) is docxtpl's.
    The post-processing lines mirror ``DocxTemplate.render_xml_part`` (docxtpl 0.20); the test
    comparing with :func:`render_docx` catches a divergence after a docxtpl upgrade.
    """

    def __init__(self, template_file: io.BytesIO, compiled: CompiledTemplate) -> None:
        super().__init__(template_file)
        self._compiled = compiled

    def _render(self, partname: str, part: Any, context: Mapping[str, Any]) -> str:
        self.current_rendering_part = part
        self.last_source = self._compiled._parts[partname][1]  # noqa: SLF001
        xml = self._compiled._render_part(partname, context)  # noqa: SLF001
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%")
        xml = xml.replace("%_}", "%}")
        result: str = self.resolve_listing(xml)
        return result

    def build_xml(self, context: Mapping[str, Any], jinja_env: Any = None) -> str:
        return self._render(_BODY, self.docx._part, context)  # noqa: SLF001

    def build_headers_footers_xml(
        self, context: Mapping[str, Any], uri: str, jinja_env: Any = None
    ) -> Iterator[tuple[str, bytes]]:
        for rel_id, part in self.get_headers_footers(uri):
            yield rel_id, self._render(str(part.partname), part, context).encode("utf-8")

    def render_footnotes(self, context: Mapping[str, Any], jinja_env: Any = None) -> None:
        for part in self.docx.part.package.parts:
            if part.content_type == _FOOTNOTES_CT:
                part._blob = self._render(str(part.partname), part, context).encode("utf-8")  # noqa: SLF001


# --- post-processing ----------------------------------------------------------------------------


def _sanitized(context: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of `context` with every plain string through :func:`sanitize_text`.

    Contexts are documented as sanitised already, so this normally changes nothing; it keeps
    a stray control character from reaching docxtpl, whose recovering body parser would drop
    neighbouring text silently (pitfall D3), or from becoming a docxtpl paragraph or page
    break (``\a``, ``\f``). Only exact ``str`` values are touched: Markup, RichText and other
    objects pass through unchanged.
    """

    def clean(value: Any) -> Any:
        if type(value) is str:
            return _keep_docxtpl_escapes(sanitize_text(value))
        if type(value) is dict:
            return {key: clean(item) for key, item in value.items()}
        if type(value) in (list, tuple):
            return type(value)(clean(item) for item in value)
        return value

    return {key: clean(value) for key, value in context.items()}


def _keep_docxtpl_escapes(text: str) -> str:
    """Protect ``{_{``, ``}_}``, ``{_%`` and ``%_}`` in a value from docxtpl.

    docxtpl replaces these four in the *rendered* XML with ``{{``, ``}}``, ``{%``, ``%}`` (its
    escape for template delimiters written as text in a template), so a value containing
    them would lose its underscore. Such a value is passed as markup with the brace written
    as a character reference, which that replacement does not see and every XML reader
    reads as the brace. Other values are returned unchanged.
    """
    if "{_" not in text and "_}" not in text:
        return text
    escaped = str(markupsafe.escape(text))
    return markupsafe.Markup(escaped.replace("{_", "&#123;_").replace("_}", "_&#125;"))


def _numbered_lines(xml: str) -> str:
    """One line per ``<w:p>``, as docxtpl renders it: Jinja line numbers count paragraphs."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)


def _load(template: Path | bytes) -> tuple[bytes, str]:
    """The template's bytes and name; TemplateError if unreadable or not a Word document."""
    data, name, _document = _load_document(template)
    return data, name


def _load_document(template: Path | bytes) -> tuple[bytes, str, Any]:
    """:func:`_load` and the python-docx Document it opened to check the template."""
    return _open_document(*_read(template))


def _open_document(data: bytes, name: str) -> tuple[bytes, str, Any]:
    """`data` and `name` and `data` opened with python-docx; TemplateError if not a .docx."""
    try:  # docxtpl opens the package lazily; a wrong file would fail deep inside a render
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        what = ("an Excel workbook" if b"xl/workbook.xml" in data
                else "not a zip package (damaged or another kind of file)"
                if isinstance(exc, zipfile.BadZipFile) else str(exc))
        raise TemplateError(
            [Issue(name, f"not a Word .docx document ({what})")], template=name
        ) from None
    return data, name, document


def _read(template: Path | bytes) -> tuple[bytes, str]:
    """The template's bytes, linted and scrubbed (:mod:`.template_lint`), and its name;
    TemplateError if it cannot be read or contains what a template may not contain."""
    if isinstance(template, bytes | bytearray):
        data, name = bytes(template), "<template>"
    else:
        path = Path(template)
        try:
            data, name = read_template(path), path.name
        except OSError as exc:
            raise TemplateError(
                [Issue(str(path), f"cannot read the template: {exc.strerror or exc}")],
                template=path,
            ) from exc
    return prepare_template(data, name), name


def _finish(document: Any, properties: DocProperties, name: str) -> bytes:
    """Numbering restarts, properties, language; save; deterministic zip; strict XML check."""
    restart_numbering(document)
    _set_properties(document, properties)
    _set_default_language(document, properties.language_tag())
    parts = package_parts(document)
    data = zip_package(parts)
    check_parts(parts, name)
    return data


def _set_properties(document: Any, properties: DocProperties) -> None:
    core = document.core_properties
    core.title = sanitize_text(properties.title)
    core.subject = sanitize_text(properties.subject)
    core.author = sanitize_text(properties.author)
    core.keywords = sanitize_text(properties.keywords)
    core.category = sanitize_text(properties.category)
    core.comments = sanitize_text(properties.comments)
    modified_by = properties.last_modified_by
    if modified_by is None:
        modified_by = properties.author
    core.last_modified_by = sanitize_text(modified_by)
    core.language = properties.language_tag()
    core.revision = 1
    if properties.created is not None:
        stamp = dt.datetime.combine(properties.created, dt.time(0, 0))
        core.created = stamp
        core.modified = stamp


def _set_default_language(document: Any, tag: str) -> None:
    """Set ``w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val`` in styles.xml."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)  # w:lang is near the end of CT_RPr; only eastAsianLayout etc. follow
    lang.set(qn("w:val"), tag)
