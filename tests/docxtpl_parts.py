"""Rendering with plain docxtpl, and a rendered .docx as parts to compare with ours.

Used by the tests that hold the one render path to docxtpl's own output: plain docxtpl
renders the template as :func:`~yhdyspinta_docs.word.prepare_template` gives it (every
template is linted and scrubbed before our path uses it) with ``autoescape=True``, as our path
always renders. The parts compare every XML part pretty-printed and other parts by SHA-256,
without the core properties (ours come from :class:`DocProperties`), ``[Content_Types].xml``
as the content type of each part, and relationships regardless of their order and of the
order of their attributes (python-docx writes both anew on save, our path keeps the
template's).
"""

from __future__ import annotations

import difflib
import io
import re
import zipfile
from collections.abc import Callable
from typing import Any

from docxtpl import DocxTemplate
from lxml import etree
from test_golden import comparable_parts

from yhdyspinta_docs.word import prepare_template

Parts = dict[str, str]

_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LANGUAGE = re.compile(r"^[a-z]{2,3}-[A-Z]{2}$")


def template_language(template: bytes) -> str:
    """The template's own default language (styles.xml), where it is a full tag."""
    with zipfile.ZipFile(io.BytesIO(template)) as package:
        styles = etree.fromstring(package.read("word/styles.xml"), _PARSER)
    lang = styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}lang")
    value = "" if lang is None else str(lang.get(f"{_W}val"))
    return value if _LANGUAGE.match(value) else "fi-FI"


def plain_docxtpl(template: bytes, contexts: list[dict[str, Any]],
                  prepare: Callable[[Any, DocxTemplate], Any] = lambda c, _t: c
                  ) -> list[bytes]:
    """One DocxTemplate rendered with each of `contexts` in turn (`prepare` turns a context
    into what docxtpl takes, e.g. pictures into InlineImage), saved after each render."""
    tpl = DocxTemplate(io.BytesIO(prepare_template(template, "template.docx")))
    out = []
    for context in contexts:
        tpl.render(prepare(context, tpl), autoescape=True)
        data = io.BytesIO()
        tpl.save(data)
        out.append(data.getvalue())
    return out


def _content_types(data: bytes) -> str:
    """The content type of every part of the package, one ``part: type`` a line."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        types = etree.fromstring(package.read("[Content_Types].xml"), _PARSER)
        names = [n for n in package.namelist() if n != "[Content_Types].xml"]
    defaults = {str(d.get("Extension")).lower(): d.get("ContentType")
                for d in types.iter(f"{_CT}Default")}
    overrides = {str(o.get("PartName")).lower(): o.get("ContentType")
                 for o in types.iter(f"{_CT}Override")}
    return "".join(
        f"/{name}: {overrides.get('/' + name.lower()) or defaults.get(name.rsplit('.', 1)[-1])}\n"
        for name in sorted(names))


def _sorted_relationships(text: str) -> str:
    """A relationships part with its relationships by id, each with sorted attributes."""
    root = etree.fromstring(text.encode("utf-8"), _PARSER)
    for rel in root:
        attributes = sorted(rel.attrib.items())
        rel.attrib.clear()
        rel.attrib.update(attributes)
    root[:] = sorted(root, key=lambda rel: str(rel.get("Id")))
    return etree.tostring(root, pretty_print=True, encoding="unicode")


def docx_parts(data: bytes) -> Parts:
    """A rendered .docx as the parts that must be equal (see the module's docstring)."""
    parts = comparable_parts(data)
    parts.pop("docProps/core.xml", None)
    parts["[Content_Types].xml"] = _content_types(data)
    for name in parts:
        if name.endswith(".rels.xml"):
            parts[name] = _sorted_relationships(parts[name])
    return parts


def parts_diff(plain: Parts, ours: Parts) -> str:
    """A unified diff of every part that differs (at most 300 lines)."""
    lines: list[str] = []
    for name in sorted(set(plain) | set(ours)):
        if plain.get(name) != ours.get(name):
            lines += difflib.unified_diff(plain.get(name, "").splitlines(keepends=True),
                                          ours.get(name, "").splitlines(keepends=True),
                                          f"docxtpl/{name}", f"ours/{name}", n=2)
    return "".join(lines[:300])
