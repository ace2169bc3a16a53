"""Render a Word template (docxtpl) into a finished, deterministic .docx: :class:`WordTemplate`.

The one way this library renders a .docx, for one document and for a batch alike: the template
is read, checked and its Jinja parts compiled once when the object is made; each
:meth:`WordTemplate.render` opens a fresh copy of the package, lets docxtpl's own
``DocxTemplate.render`` run on it with the compiled parts, and saves it. What it adds on top
of docxtpl:

* Jinja runs in the sandbox of :mod:`._sandbox` (the template can only show the values it is
  given, its work and size are bounded), with ``autoescape=True`` and ``StrictUndefined``:
  ``&`` and ``<`` in the context survive, a missing variable is an error; docxtpl turns
  ``\\n`` in a string into a line break and ``\\t`` into a tab; context strings pass
  :func:`~yhdyspinta_docs._sanitize.sanitize_text` once more (a no-op for the documented,
  already sanitised contexts; it keeps a stray control character from reaching docxtpl);
* XML character references inside ``{{ … }}`` and ``{% … %}`` are read as the characters they
  stand for, so ``{{ x|default("a&b") }}`` typed in Word shows ``a&b`` (docxtpl itself reads
  only ``&lt;`` and ``&gt;`` there, and Jinja would escape the ``&amp;`` a second time);
* Jinja and docxtpl errors become :class:`~yhdyspinta_docs.errors.TemplateError` naming the
  template, the part and the line, or the undefined variable (:mod:`._errors`);
* images (:class:`~._figures.Figure`) keep their alt texts in body, headers and footers;
* every contiguous block of list paragraphs gets its own ``w:num`` with ``startOverride=1``
  on the same abstract numbering, so each list starts at 1 (:mod:`._numbering`);
* the core properties (title, author, language …) are set with python-docx after rendering,
  never through Jinja, and the document default language in ``styles.xml`` follows
  :attr:`~._properties.DocProperties.language` (:mod:`._properties`);
* the package is rewritten with fixed timestamps, permissions and member order, so the same
  input gives the same bytes (:mod:`._save`).
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from collections.abc import Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.part import Part
from docxtpl import DocxTemplate

from .._sanitize import sanitize_text
from ..errors import Issue, TemplateError
from ._errors import template_errors
from ._figures import bind_figures, set_alt_texts
from ._lint import prepare_template, read_template
from ._numbering import restart_numbering
from ._properties import DocProperties, set_default_language, set_properties
from ._sandbox import TemplateEnvironment, render_limits
from ._save import save_docx

__all__ = ["WordTemplate", "template_variables"]

_MAX_SOURCES = 256  # distinct part sources one template keeps (a template has a handful)
_TAG_TEXT = re.compile(r"(?<=\{[\{%])(.*?)(?=[\}%]\})")
_REFERENCE = re.compile(r"&(amp|quot|apos|lt|gt|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
_NAMED = {"amp": "&", "quot": '"', "apos": "'", "lt": "<", "gt": ">"}


class WordTemplate:
    """A Word template, read, checked and compiled once, rendered any number of times.

    ``WordTemplate(path_or_bytes).render(context, properties)`` returns the .docx bytes.
    Making the object raises :class:`TemplateError` when the template cannot be read, is not
    a Word document, contains what a template may not contain (:mod:`._lint`) or has a Jinja
    syntax error (naming part and line). Renders do not influence each other.
    """

    def __init__(self, template: Path | bytes, *, name: str | None = None) -> None:
        data, default_name = _read(template)
        self.name: str = name or default_name
        self._data = data
        self._patched: dict[str, str] = {}
        self._env = _CompileOnce()
        self._lock = threading.Lock()
        tpl = self._docxtpl()
        _check_opens(tpl, data, self.name)
        self._sources: dict[str, str] = {}
        for partname, xml in _part_sources(tpl):
            source = _numbered_lines(tpl.patch_xml(xml))
            with template_errors(self.name, None, partname=partname, source=source):
                self._env.from_string(source)
            self._sources[partname] = source
        self._spare = [tpl]  # compiling only read it: the first render renders this copy

    @property
    def sources(self) -> Mapping[str, str]:
        """The Jinja source of each part (partname → patched XML, one line per paragraph)."""
        return dict(self._sources)

    def render(self, context: Mapping[str, Any], properties: DocProperties) -> bytes:
        """Render with `context`; return the finished .docx bytes.

        Raises :class:`TemplateError` for an undefined variable or any other failure of the
        template with this context, ValueError for a malformed language tag.
        """
        tag = properties.language_tag()
        with self._lock:
            tpl = self._spare.pop() if self._spare else self._docxtpl()
        bound, alts = bind_figures(_sanitized(context), tpl)
        with template_errors(self.name, tpl), render_limits():
            tpl.render(bound, jinja_env=self._env)
        document = tpl.docx
        set_alt_texts(document, alts)
        restart_numbering(document)
        set_properties(document, properties)
        set_default_language(document, tag)
        return save_docx(document, self.name)

    def variables(self) -> set[str]:
        """Top-level variables the template uses but does not define (body, headers,
        footers)."""
        with template_errors(self.name, None):
            found: set[str] = self._docxtpl().get_undeclared_template_variables(
                jinja_env=self._env)
        return set(found)

    def _docxtpl(self) -> _Docx:
        return _Docx(io.BytesIO(self._data), self._patched)


def template_variables(template: Path | bytes) -> set[str]:
    """:meth:`WordTemplate.variables` of `template`."""
    return WordTemplate(template).variables()


# --- docxtpl, through its documented methods ---------------------------------------------------


class _CompileOnce(TemplateEnvironment):
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


class _Docx(DocxTemplate):  # type: ignore[misc]  # docxtpl is untyped
    """docxtpl with the template XML patched once per distinct part, character references in
    tags read as characters, core properties left alone (they are set after rendering, not
    by Jinja), footnotes rendered once, and the source of the part being rendered kept for
    error messages."""

    last_source: str | None = None

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

    def render_xml_part(
        self, src_xml: str, part: Any, context: Mapping[str, Any], jinja_env: Any = None
    ) -> str:
        self.last_source = _numbered_lines(src_xml)
        result: str = super().render_xml_part(src_xml, part, context, jinja_env)
        return result

    def render_properties(self, context: Any, jinja_env: Any = None) -> None:
        """Core properties are not run through Jinja: a template could put anything there."""

    def render_footnotes(self, context: Mapping[str, Any], jinja_env: Any = None) -> None:
        """Each footnotes part rendered once (docxtpl renders it once per section)."""
        rels = self.docx.part.rels
        for rel in list(rels.values()):
            if rel.is_external or rel.reltype != RT.FOOTNOTES:
                continue
            part = rel.target_part
            xml = self.patch_xml(part.blob.decode("utf-8"))
            rendered = self.render_xml_part(xml, part, context, jinja_env).encode("utf-8")
            rels.add_relationship(rel.reltype, _with_blob(part, rendered), rel.rId)


def _with_blob(part: Any, blob: bytes) -> Part:
    """A copy of `part` holding `blob`, with the same relationships."""
    new: Part = Part.load(part.partname, part.content_type, blob, part.package)
    for rel in part.rels.values():
        target = rel.target_ref if rel.is_external else rel.target_part
        new.load_rel(rel.reltype, target, rel.rId, rel.is_external)
    return new


def _part_sources(tpl: _Docx) -> Iterator[tuple[str, str]]:
    """(partname, XML) of every part docxtpl renders: body, headers, footers, footnotes."""
    document = tpl.get_docx()
    yield str(document.part.partname), tpl.get_xml()
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _rel_id, part in tpl.get_headers_footers(uri):
            yield str(part.partname), tpl.get_part_xml(part)
    for rel in document.part.rels.values():
        if not rel.is_external and rel.reltype == RT.FOOTNOTES:
            yield str(rel.target_part.partname), rel.target_part.blob.decode("utf-8")


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


def _numbered_lines(xml: str) -> str:
    """One line per ``<w:p>``, as docxtpl renders it: Jinja line numbers count paragraphs."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)


# --- context ------------------------------------------------------------------------------------


def _sanitized(context: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of `context` with every plain string through :func:`sanitize_text`.

    Contexts are documented as sanitised already, so this normally changes nothing; it keeps
    a stray control character from reaching docxtpl, whose recovering body parser would drop
    neighbouring text silently, or from becoming a docxtpl paragraph or page break (``\a``,
    ``\f``). Only exact ``str`` values are touched: Markup, RichText and other objects pass
    through unchanged.
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


# --- reading the template -----------------------------------------------------------------------


def _read(template: Path | bytes) -> tuple[bytes, str]:
    """The template's bytes, linted and scrubbed (:mod:`._lint`), and its name;
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


def _check_opens(tpl: _Docx, data: bytes, name: str) -> None:
    """Open the package with python-docx now; TemplateError if it is not a Word document
    (docxtpl opens it lazily: a wrong file would fail deep inside a render)."""
    try:
        tpl.get_docx()
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        what = ("an Excel workbook" if b"xl/workbook.xml" in data
                else "not a zip package (damaged or another kind of file)"
                if isinstance(exc, zipfile.BadZipFile) else str(exc))
        raise TemplateError(
            [Issue(name, f"not a Word .docx document ({what})")], template=name
        ) from None

