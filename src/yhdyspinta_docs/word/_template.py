"""Render a Word template (docxtpl) into a finished, deterministic .docx: :class:`WordTemplate`.

The one way this library renders a .docx, for one document and for a batch alike. Making the
object reads the template package once (:class:`~._parts.Package`, the standard library's
zip reader), finds the parts docxtpl renders (body, headers, footers, footnotes), patches
them with docxtpl's own ``patch_xml`` and compiles their Jinja once. Each
:meth:`WordTemplate.render` renders only those parts, with docxtpl's ``render_xml_part``, and
gives the rendered body docxtpl's table fix (``fix_tables``) and picture ids
(``fix_docpr_ids``); every other part is kept as the template has it, and the package is
written directly (:mod:`._save`): no python-docx load or save per document. What it adds on
top of docxtpl:

* Jinja runs in the sandbox of :mod:`._sandbox` (the template can only show the values it is
  given, its work and size are bounded), with ``autoescape=True`` and ``StrictUndefined``:
  ``&`` and ``<`` in the context survive, a missing variable is an error; docxtpl turns
  ``\\n`` in a string into a line break and ``\\t`` into a tab; context strings pass
  :func:`~yhdyspinta_docs._sanitize.sanitize_text` once more (a no-op for the documented,
  already sanitised contexts; it keeps a stray control character from reaching docxtpl);
* XML character references inside ``{{ … }}`` and ``{% … %}`` are read as the characters they
  stand for, so ``{{ x|default("a&b") }}`` typed in Word shows ``a&b`` (docxtpl itself reads
  only ``&lt;`` and ``&gt;`` there, and Jinja would escape the ``&amp;`` a second time);
* every rendered part must be well-formed XML (parsed strictly, once: the parse the table
  fix, picture ids, numbering and alt texts work on); Jinja, docxtpl and XML errors become
  :class:`~yhdyspinta_docs.errors.TemplateError` naming the template and where the error is
  as Word shows it (the paragraph, table cell, header …; else the part and the line), and
  how to fix it (:mod:`._errors`);
* images (:class:`~._figures.Figure`) become docxtpl's ``InlineImage``; the render adds their
  parts, relationships and content types as python-docx would (:mod:`._parts`) and keeps
  their alt texts in body, headers and footers;
* every contiguous block of list paragraphs gets its own ``w:num`` with ``startOverride=1``
  on the same abstract numbering, so each list starts at 1 (:mod:`._numbering`);
* the core properties (title, author, language …) are set with python-docx's
  ``CoreProperties`` after rendering, never through Jinja, and the document default
  language in ``styles.xml``, the theme font language in ``settings.xml`` and the bundled
  templates' Finnish style names follow :attr:`~._properties.DocProperties.language`
  (:mod:`._properties`);
* footnotes are rendered once (docxtpl renders them once per section);
* the package is written with fixed timestamps, permissions and member order, so the same
  input gives the same bytes (:mod:`._save`).

A part without any Jinja tag (``{{``, ``{%``, ``{#``) is rendered once, when the template is
made, and the result kept.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import markupsafe
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.coreprops import CoreProperties
from docx.oxml import parse_xml
from docx.oxml.coreprops import CT_CoreProperties
from docx.oxml.ns import qn
from docx.parts.styles import StylesPart
from docx.styles.styles import Styles
from lxml import etree

from .._sanitize import sanitize_text
from ..errors import Issue, TemplateError
from ..output._zip import ZipPrefixes
from ._docxtpl import CompileOnce, Docx, Story, numbered_lines, tables_need_fixing
from ._errors import template_errors
from ._figures import bind_figures, set_alt_texts
from ._lint import prepare_template, read_template
from ._lint_docx import rendered_findings
from ._numbering import ListNumbering
from ._parts import Additions, DocumentShell, Package, xml_bytes
from ._properties import (
    DocProperties,
    set_default_language,
    set_properties,
    set_style_names,
    set_text_language,
    set_theme_font_language,
)
from ._sandbox import render_limits
from ._save import docx_bytes

__all__ = ["WordTemplate", "template_variables"]

_STRICT = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
_BODY, _NOTES, _STORY = "body", "notes", "story"


@dataclass
class _Part:
    """A part docxtpl renders: its patched XML and Jinja source, the first free shape id for
    a picture in it, and the rendered bytes of a part without tags."""

    partname: str
    kind: str  # _BODY, _STORY (header, footer) or _NOTES (footnotes)
    patched: str
    source: str  # `patched`, one line per paragraph: what is compiled
    next_id: int
    order: int  # position among the document's relationships (alt texts go in this order)
    static: bytes | None = None


class WordTemplate:
    """A Word template, read, checked and compiled once, rendered any number of times.

    ``WordTemplate(path_or_bytes).render(context, properties)`` returns the .docx bytes.
    Making the object raises :class:`TemplateError` when the template cannot be read, is not
    a Word document, contains what a template may not contain (:mod:`._lint`) or has a Jinja
    syntax error (the first of each part, each where Word shows it). Renders do not influence
    each other.
    """

    def __init__(self, template: Path | bytes, *, name: str | None = None) -> None:
        data, default_name = _read(template)
        self.name: str = name or default_name
        self._data = data
        self._patched: dict[str, str] = {}
        self._env = CompileOnce()
        self._lock = threading.Lock()
        self._kept = ZipPrefixes(8)
        self._shared: dict[str, dict[str, bytes]] = {}  # language tag → shared members
        self._package = package = Package(data, self.name)
        main = package.main
        document = parse_xml(package.blob(main))
        body = document.find(qn("w:body"))
        if body is None:
            raise TemplateError([Issue(f"{self.name}: {main.lstrip('/')}", "the document has no "
                                       "body (w:body); save it again in Word")], template=self.name)
        tpl = Docx(io.BytesIO(data), self._patched)
        failed: list[TemplateError] = []  # every part is compiled: all its errors told at once
        self._parts = [self._compile(tpl, main, _BODY, tpl.xml_to_string(body), document, -1,
                                     failed)]
        self._shell = DocumentShell(document, qn("w:body"), _STRICT)
        rels = package.rels(main)
        for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
            for order, rel in enumerate(rels):
                if rel.reltype == uri and not rel.external and package.has(rel.target):
                    element = parse_xml(package.blob(rel.target))
                    self._parts.append(self._compile(tpl, rel.target, _STORY,
                                                     tpl.xml_to_string(element), element, order,
                                                     failed))
        for order, rel in enumerate(rels):
            if rel.reltype == RT.FOOTNOTES and not rel.external and package.has(rel.target):
                blob = package.blob(rel.target)
                self._parts.append(self._compile(tpl, rel.target, _NOTES, blob.decode("utf-8"),
                                                 parse_xml(blob), order, failed))
        if len(failed) == 1:
            raise failed[0]
        if failed:  # Jinja stops at a part's first error: one error a part
            raise TemplateError([i for exc in failed for i in exc.issues], template=self.name,
                                header=f"template {self.name} has errors in {len(failed)} "
                                "parts (the first of each; fix them and check it again)")
        numbering, styles = package.related(main, RT.NUMBERING), package.related(main, RT.STYLES)
        self._styles = styles if styles and package.has(styles) else None
        self._styles_element: Any = (parse_xml(package.blob(self._styles)) if self._styles
                                     else None)
        self._numbering_part = numbering if numbering and package.has(numbering) else None
        self._numbering = ListNumbering(
            package.blob(self._numbering_part) if self._numbering_part else None,
            self._styles_element)
        for part in self._parts:
            if part.kind != _BODY and not any(t in part.source for t in ("{{", "{%", "{#")):
                part.static = self._render_part(part, self._session(), {})[0]

    @property
    def sources(self) -> Mapping[str, str]:
        """The Jinja source of each part (partname → patched XML, one line per paragraph)."""
        return {part.partname: part.source for part in self._parts}

    def render(self, context: Mapping[str, Any], properties: DocProperties) -> bytes:
        """Render with `context`; return the finished .docx bytes.

        Raises :class:`TemplateError` for an undefined variable or any other failure of the
        template with this context, ValueError for a malformed language tag.
        """
        tag = properties.language_tag()
        session = self._session()
        additions: Additions = session.additions
        bound, alts = bind_figures(_sanitized(context), session)
        own: dict[str, bytes] = {}
        stories: list[tuple[int, Any, str]] = []
        with render_limits():
            for part in self._parts:
                if part.static is None:
                    blob, root = self._render_part(part, session, bound)
                    self._refuse_made(part.partname, root)
                    if part.kind == _NOTES:
                        own[part.partname.lstrip("/")] = (
                            xml_bytes(root) if set_text_language(root, tag) else blob)
                    else:
                        set_text_language(root, tag)
                        stories.append((part.order, root, part.partname))
        set_alt_texts([(root, additions.rels_sha1(partname))
                       for _order, root, partname in sorted(stories, key=lambda s: s[0])], alts)
        for _order, root, partname in stories[1:]:
            own[partname.lstrip("/")] = xml_bytes(root)
        body = stories[0][1]
        numbering = self._numbering.restart(body)
        if numbering is not None and self._numbering_part:
            own[self._numbering_part.lstrip("/")] = numbering
        own[self._package.main.lstrip("/")] = xml_bytes(self._shell.document(body))
        own.update(self._core_properties(properties, additions))
        shared = self._shared_members(tag, additions, own)
        own.update(additions.members())
        return docx_bytes(shared, own, self._kept)

    def variables(self) -> set[str]:
        """Top-level variables the template uses but does not define (body, headers,
        footers)."""
        with template_errors(self.name, None):
            found: set[str] = Docx(io.BytesIO(self._data), self._patched
                                    ).get_undeclared_template_variables(jinja_env=self._env)
        return set(found)

    # --- the steps ------------------------------------------------------------------------------

    def _compile(self, tpl: Docx, partname: str, kind: str, xml: str, element: Any,
                 order: int, failed: list[TemplateError]) -> _Part:
        """The part compiled; a TemplateError of it is added to `failed`."""
        patched = tpl.patch_xml(xml)
        source = numbered_lines(patched)
        try:
            with template_errors(self.name, None, partname=partname, source=source,
                                 package=self._data):
                self._env.from_string(source)
        except TemplateError as exc:
            failed.append(exc)
        ids = [int(v) for v in element.xpath("//@id") if str(v).isdigit()]
        return _Part(partname, kind, patched, source, max(ids) + 1 if ids else 1, order)

    def _session(self) -> Docx:
        session = Docx(io.BytesIO(self._data), self._patched)
        session.additions = Additions(self._package)
        session.docx_ids_index = 1000  # as docxtpl's render_init
        return session

    def _render_part(self, part: _Part, session: Docx, context: Mapping[str, Any]
                     ) -> tuple[bytes, Any]:
        """The rendered part's bytes and its parsed root (the body: ``w:body`` alone)."""
        story = Story(part.partname, part.next_id, session.additions)
        with template_errors(self.name, None, partname=part.partname, source=part.source,
                             package=self._data):
            xml: str = session.render_xml_part(part.patched, story, context, self._env)
            if part.kind == _BODY:
                root = self._shell.parse_body(xml)
                if tables_need_fixing(root):  # docxtpl's fix, on its own parse of the XML
                    root = session.fix_tables(xml)  # (moved into the document, as it was)
                if next(root.iter(_DOC_PR), None) is not None:
                    session.fix_docpr_ids(root)
                return b"", root
            data = xml.encode("utf-8")
            if part.kind == _STORY:  # as python-docx loads a rendered header or footer
                root = parse_xml(data)
                return xml_bytes(root), root
            return data, etree.fromstring(data, _STRICT)

    def _refuse_made(self, partname: str, root: Any) -> None:
        """Refuse what the render wrote that the template check refuses in a template."""
        issues = [Issue(f"{self.name}: {partname.lstrip('/')}", f"the rendered document has "
                        f"{what}; templates may only show the values they are given (a value "
                        "shown with |safe is written as Word markup)")
                  for what in rendered_findings(root)]
        if issues:
            raise TemplateError(issues, template=self.name)

    def _core_properties(self, properties: DocProperties, additions: Additions
                         ) -> dict[str, bytes]:
        core = self._package.related("/", RT.CORE_PROPERTIES)
        if core is not None and self._package.has(core):
            element = parse_xml(self._package.blob(core))
        else:
            core, element = "/docProps/core.xml", CT_CoreProperties.new()
            additions.relate("/", RT.CORE_PROPERTIES, core)
            additions.add_part(core, b"", CT.OPC_CORE_PROPERTIES)
        set_properties(_Document(core_properties=CoreProperties(element)), properties)
        blob = xml_bytes(element)
        if core in additions.parts:
            additions.add_part(core, blob, CT.OPC_CORE_PROPERTIES)
        return {core.lstrip("/"): blob}

    def _shared_members(self, tag: str, additions: Additions, own: Mapping[str, bytes]
                        ) -> dict[str, bytes]:
        """The members every document of this template in language `tag` shares: the
        template's own, its parts without tags rendered, its styles and theme font language
        in that language."""
        if self._styles is None:  # python-docx adds its default styles part
            styles = StylesPart.default(cast(Any, None))
            additions.relate(self._package.main, RT.STYLES, str(styles.partname))
            set_default_language(_Document(styles=Styles(styles.element)), tag)
            additions.add_part(str(styles.partname), xml_bytes(styles.element),
                               CT.WML_STYLES)
        with self._lock:
            found = self._shared.get(tag)
            if found is None:
                found = dict(self._package.members)
                for part in self._parts:
                    if part.static is not None:  # (its runs' language too, if it has any)
                        root = parse_xml(part.static) if b"w:lang" in part.static else None
                        found[part.partname.lstrip("/")] = (
                            xml_bytes(root) if root is not None
                            and set_text_language(root, tag) else part.static)
                if self._styles is not None:  # the template's styles, read once, in `tag`
                    styles_xml = parse_xml(self._package.blob(self._styles))
                    set_default_language(_Document(styles=Styles(styles_xml)), tag)
                    set_text_language(styles_xml, tag)  # each style's own language too
                    set_style_names(styles_xml, tag)
                    found[self._styles.lstrip("/")] = xml_bytes(styles_xml)
                settings = self._package.related(self._package.main, RT.SETTINGS)
                if settings and self._package.has(settings):
                    element = parse_xml(self._package.blob(settings))
                    if set_theme_font_language(element, tag):
                        found[settings.lstrip("/")] = xml_bytes(element)
                self._shared[tag] = found
        return found


def template_variables(template: Path | bytes) -> set[str]:
    """:meth:`WordTemplate.variables` of `template`."""
    return WordTemplate(template).variables()


class _Document:
    """What :mod:`._properties` sets, shown as python-docx's Document shows it."""

    def __init__(self, *, core_properties: CoreProperties | None = None,
                 styles: Styles | None = None) -> None:
        self.core_properties = core_properties
        self.styles = styles


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


