"""The one render path against docxtpl's own test templates.

docxtpl's repository renders every template in its ``tests/templates`` with a small script
in ``tests/``. Here each of those cases is rendered twice: by plain docxtpl
(``DocxTemplate(…).render(context, autoescape=True)`` and ``save``) and by
:class:`~yhdyspinta_docs.word.WordTemplate`, and the two documents are compared part by part
(every XML part pretty-printed, other parts by SHA-256: ``docx_parts`` of
tests/docxtpl_parts.py). The contexts are written here as plain data, in our own words, with the
shape docxtpl's script gives them; docxtpl's code and templates are not copied into this
repository.

What is the same for every case, because our path does it to every document:

* plain docxtpl renders the template as :func:`~yhdyspinta_docs.word.prepare_template` gives
  it (every template is linted and scrubbed before it is used: comments, Word's editing
  session ids, custom properties and the like are taken out) and, as our path always does,
  with ``autoescape=True``;
* the core properties (``docProps/core.xml``) are set from :class:`DocProperties`, so they
  are not compared; the document default language is the template's own, given as
  ``DocProperties.language``, and every style and run is marked as text in that language
  (``w:lang/@w:val``: some of these templates mark runs ``en-US`` under a French default);
* ``[Content_Types].xml`` is compared as the content type of each part, relationships
  regardless of their order in the file and of the order of their attributes (python-docx
  writes both anew on save, our path keeps the template's); the zip itself (member order,
  timestamps) is not compared.

Any other difference must be one of :data:`DIFFERENCES`, named in the case. Each named
difference must change something, so a case does not keep an allowance it no longer needs.
A case our path refuses on purpose (a template calling a function, an undefined variable)
checks the message; a case needing what our path does not offer is skipped with the reason.

docxtpl's tests are not in its package on PyPI (the sdist has only the library), so they are
read from a copy of its repository: ``$DOCXTPL_SOURCE``, else ``.cache/docxtpl-src`` at the
top of this repository (ignored by git), which ``.ci/run`` fills.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage, Listing, RichText, RichTextParagraph
from lxml import etree

from docxtpl_parts import Parts, docx_parts, parts_diff, plain_docxtpl, template_language
from yhdyspinta_docs._sanitize import sanitize_text
from yhdyspinta_docs.errors import TemplateError
from yhdyspinta_docs.word import DocProperties, Figure, WordTemplate

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "docxtpl-src"
HOW_TO_GET = (
    "docxtpl's test templates are missing: set DOCXTPL_SOURCE to a copy of "
    "github.com/elapouya/python-docx-template (the folder holding tests/templates), or run "
    "the docxtpl step of .ci/run, which unpacks it into .cache/docxtpl-src")


def _source() -> Path | None:
    folder = Path(os.environ.get("DOCXTPL_SOURCE") or CACHE)
    return folder if (folder / "tests" / "templates").is_dir() else None


SOURCE = _source()
TEMPLATES = (SOURCE or CACHE) / "tests" / "templates"
pytestmark = pytest.mark.skipif(SOURCE is None, reason=HOW_TO_GET)

_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LANGUAGE = re.compile(r"^[a-z]{2,3}-[A-Z]{2}$")


# --- the cases ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Picture:
    """An image of docxtpl's tests in a context: docxtpl's InlineImage for plain docxtpl, a
    :class:`Figure` (image bytes, width, alt text) for our path. A figure takes its width
    only, so both are given the width (docxtpl's scripts give some a height)."""

    file: str
    width_mm: float
    alt: str


@dataclass(frozen=True)
class Case:
    """One of docxtpl's test scripts: its template, the context of each render (several:
    one template object rendered again and again), the named differences allowed, and, for
    a case our path refuses on purpose, words of the message."""

    template: str
    contexts: Callable[[], list[dict[str, Any]]]
    differences: tuple[str, ...] = ()
    refused: str = ""
    from_bytes: bool = False  # our path reads the template from bytes instead of a file
    alts: tuple[str, ...] = field(default=())


def _one(context: dict[str, Any]) -> Callable[[], list[dict[str, Any]]]:
    return lambda: [context]


def _escape_context() -> dict[str, Any]:
    return {
        "myvar": RichText('"pienempi kuin" kirjoitetaan näin: <, RichText hoitaa sen'),
        "myescvar": "suodatin |e hoitaa tämänkin: < ja &",
        "nlnp": RichText("rivi yksi\nrivi kaksi\nrivi kolme\akappale kaksi\akappale kolme",
                         color="#336699"),
        "mylisting": Listing("luettelo\nrivi kerrallaan\nerikoismerkit: <>& …"),
        "page_break": RichText("\f"),
        "new_listing": "\nUusi luettelo ilman Listing-oliota\nsarkain\ttässä\a"
                       "uusi kappale\asivunvaihto: \fja loppu\n",
        "some_html": "HTTP/1.1 200 OK\nContent-Type: text/html\n\n<html>\n<head>\n"
                     "\t<title>Virhe</title>\n</head>\n<body>\n\t<p>a & b</p>\n</body>\n</html>",
    }


def _richtext_context() -> dict[str, Any]:
    text = RichText()
    text.add("muotoiltua tekstiä", style="myrichtextstyle")
    text.add(", ")
    text.add("kursiivia", italic=True)
    text.add(", ")
    text.add("violettia", color="#ff00ff")
    text.add(", ")
    text.add("yliviivattua", strike=True)
    text.add(", ")
    text.add("korostettua", highlight="#ffff00")
    text.add(", ")
    text.add("pientä", size=14)
    text.add(" ja ")
    text.add("suurta", size=60)
    text.add("\nrivi\nja toinen\aUusi kappale: <hieno>\a")
    text.add("--- sivunvaihto ---\f")
    for line in ("single", "double", "wave"):
        text.add(f"\nAlleviivaus: {line}\n", underline=line)
    text.add("\nFontit:\n", underline=True)
    text.add("Arial\n", font="Arial")
    text.add("Courier New\n", font="Courier New")
    text.add("ylä", superscript=True)
    text.add(" ja ")
    text.add("ala", subscript=True)
    outer = RichText("esimerkki: ")
    outer.add(text)
    return {"example": outer}


def _paragraphs_context() -> dict[str, Any]:
    paragraphs = RichTextParagraph()
    paragraphs.add("Kappaletyyli omasta tyylistä", parastyle="myrichparastyle")
    paragraphs.add("Wordin oma tyyli", parastyle="IntenseQuote")
    paragraphs.add("tai itse tehty", parastyle="createdStyle")
    paragraphs.add("tavallinen kappale", parastyle="normal")
    paragraphs.add("ilman tyyliä")
    paragraphs.add("luettelo\ajonka kohdat", parastyle="SquareBullet")
    paragraphs.add("numeroitu kohta", parastyle="BasicNumbered")
    paragraphs.add("kirjainluettelo", parastyle="alphaBracketNumbering")
    paragraphs.add("keskitetty", parastyle="centerAlign")
    paragraphs.add("oikealle", parastyle="rightAlign")
    paragraphs.add("tiivis riviväli\aja toinen", parastyle="TightLineSpacing")
    paragraphs.add("väljä riviväli", parastyle="WideLineSpacing")
    paragraphs.add("taustaväri", parastyle="LineShadingGreen")
    runs = RichText("Toimii ")
    runs.add("lihavoituna ", bold=True)
    runs.add("ja kursiivina", italic=True)
    paragraphs.add(runs, parastyle="SquareBullet")
    return {"example": paragraphs}


def _subdoc_as_paragraph(text: str) -> RichTextParagraph:
    """docxtpl's script gives ``{{p mysubdoc}}`` a sub-document, which our path does not take
    (it adds parts to docxtpl's own template object); one paragraph of text stands in."""
    paragraph = RichTextParagraph()
    paragraph.add(text)
    return paragraph


def _rows() -> list[dict[str, Any]]:
    return [{"desc": "Tulkit", "qty": 2, "price": "ilmainen"},
            {"desc": "Projektit", "qty": 5403, "price": "ilmainen"},
            {"desc": "Kahvi & pulla", "qty": 1, "price": "100 000,00"}]


def _module_execute() -> list[dict[str, Any]]:
    """The context docxtpl's command line reads from the test's JSON file."""
    return [json.loads((TEMPLATES / "module_execute.json").read_text("utf-8"))]


_UNDECLARED_ALL = {
    "name": "Maija Meikäläinen", "age": 41, "email": "maija@example.fi", "is_student": False,
    "has_degree": True, "degree_field": "Hallintotiede", "skills": ["Python", "Excel"],
    "projects": [{"name": "Yhdyspinta", "year": 2025, "description": "Suunnitelma"},
                 {"name": "Seuranta", "year": 2026, "description": "Matriisi & raportti"}],
    "company_name": "Keski-Suomen hyvinvointialue", "page_number": 1,
    "generation_date": "2026-01-15", "author": "Valmistelija",
}
_LOGOS = ["django.png", "zope.png", "pyramid.png", "bottle.png", "tornado.png"]

CASES: dict[str, Case] = {
    "cellbg": Case("cellbg_tpl.docx", _one({"alerts": [
        {"date": "2026-03-10", "desc": RichText("Kiireellinen", color="FF0000", bold=True),
         "type": "KRIITTINEN", "bg": "FF0000"},
        {"date": "2026-03-11", "desc": RichText("Varoitus"), "type": "VAROITUS", "bg": "FFDD00"},
        {"date": "2026-03-12", "desc": RichText("Tiedoksi"), "type": "TIETO", "bg": "8888FF"},
    ]})),
    "comments": Case("comments_tpl.docx", _one({})),
    "custom_jinja_filters": Case(
        "custom_jinja_filters_tpl.docx", _one({"base_value_string": "Hei",
                                               "base_value_float": 1.5}),
        refused="No filter named 'my_filter"),
    "doc_properties": Case("doc_properties_tpl.docx", _one({"test": "Hei maailma"})),
    "dynamic_table": Case("dynamic_table_tpl.docx", _one({
        "col_labels": ["hedelmä", "vihannes", "kivi"],
        "tbl_contents": [{"label": "keltainen", "cols": ["banaani", "paprika", "rikkikiisu"]},
                         {"label": "punainen", "cols": ["omena", "tomaatti", "kinaveri"]}]})),
    "embedded_embedded_docx": Case("embedded_embedded_docx_tpl.docx",
                                   _one({"name": "Matti Meikäläinen"})),
    "embedded_main": Case("embedded_main_tpl.docx", _one({"name": "Matti Meikäläinen"}),
                          refused="is an embedded file (another document or workbook)"),
    "escape": Case("escape_tpl.docx", lambda: [_escape_context()],
                   differences=("control characters",)),
    "escape_auto": Case("escape_tpl_auto.docx", _one({
        "nested_dict": {"LESS-THAN SIGN": "<", "AMPERSAND": "&"},
        "autoescape": 'Escaped "a & b"!', "autoescape_unicode": "<unicode> \u4f60 & \u6211",
        "iteritems": lambda value: value.items()}),
        refused="the template tried to call '<lambda>', which templates may not call"),
    "footnotes": Case("footnotes_tpl.docx", _one({"a_jinja_variable": "Jinja-muuttuja!"})),
    "get_undeclared_variables": Case("get_undeclared_variables.docx",
                                     _one(dict(_UNDECLARED_ALL))),
    "get_undeclared_variables_incomplete": Case(
        "get_undeclared_variables.docx",
        _one({k: v for k, v in _UNDECLARED_ALL.items() if k != "degree_field"}),
        refused="'degree_field' is undefined"),
    "header_footer": Case("header_footer_tpl.docx", _one({
        "title": "Ylä- ja alatunnisteet", "company_name": "Maailmanlaajuinen Oy",
        "date": "2026-03-17",
        "mysubdoc": _subdoc_as_paragraph("Alidokumentti ei riko ylä- ja alatunnisteita")})),
    "header_footer_entities": Case("header_footer_entities_tpl.docx",
                                   _one({"title": "Merkkiviittaukset"}),
                                   differences=("ampersand read once",)),
    # docxtpl's scripts swap a picture first (replace_media, replace_pic), which our path does
    # not offer: both render the template with its own picture
    "header_footer_image": Case("header_footer_image_tpl.docx",
                                _one({"mycompany": "Maailmanlaajuinen Oy"})),
    "header_footer_image_file_obj": Case("header_footer_image_tpl.docx",
                                         _one({"mycompany": "Tiedosto-olio Oy"}),
                                         from_bytes=True),
    "header_footer_inline_image": Case("header_footer_inline_image_tpl.docx", lambda: [{
        "inline_image": Picture("django.png", 30, "Django"),
        "images": [Picture("python.png", 20, "Python"), Picture("zope.png", 25, "Zope")]}],
        differences=("alt texts",), alts=("Django", "Python", "Zope")),
    "header_footer_utf8": Case("header_footer_tpl_utf8.docx", _one({
        "title": "헤더와 푸터", "company_name": "세계적 회사", "date": "2026-03-17",
        "mysubdoc": _subdoc_as_paragraph("UTF-8: ä ö å 헤더")})),
    "horizontal_merge": Case("horizontal_merge_tpl.docx", _one({})),
    "inline_image": Case("inline_image_tpl.docx", lambda: [{
        "myimage": Picture("python_logo.png", 20, "Pythonin logo"),
        "myimageratio": Picture("python_jpeg.jpg", 30, "Python JPEG-kuvana"),
        "frameworks": [{"image": Picture(name, 12, name.removesuffix(".png").title()),
                        "desc": f"Kehys {i}: {name.removesuffix('.png')} & muut"}
                       for i, name in enumerate(_LOGOS, 1)]}],
        differences=("alt texts",),
        alts=("Pythonin logo", "Python JPEG-kuvana",
              *(n.removesuffix(".png").title() for n in _LOGOS))),
    "less_cells_after_loop": Case("less_cells_after_loop_tpl.docx", _one({})),
    "merge_paragraph": Case("merge_paragraph_tpl.docx", _one({"living_in_town": True}),
                            differences=("default language",)),
    "merge_paragraph_not_in_town": Case("merge_paragraph_tpl.docx",
                                        _one({"living_in_town": False}),
                                        differences=("default language",)),
    "module_execute": Case("module_execute_tpl.docx", _module_execute),
    "multi_rendering": Case("multi_rendering_tpl.docx", lambda: [
        {"title": f"Otsikko {n}", "body": f"Asiakirjan {n} leipäteksti"}
        for n in ("YKSI", "KAKSI", "KOLME")]),
    "nested_for": Case("nested_for_tpl.docx", _one({
        "dishes": [{"name": "Karjalanpiirakka", "ingredients": ["ruis", "riisi", "voi"]},
                   {"name": "Lohikeitto", "ingredients": ["lohi", "peruna", "kerma"]}],
        "authors": [{"name": "Jansson", "books": [{"title": "Muumipeikko"},
                                                  {"title": "Taikurin hattu"}]},
                    {"name": "Kivi", "books": [{"title": "Seitsemän veljestä"}]}]})),
    "order": Case("order_tpl.docx", _one({
        "customer_name": "Eeva", "items": _rows(), "in_europe": True, "is_paid": False,
        "company_name": "Maailmanlaajuinen Oy", "total_price": "100 000,00"})),
    "preserve_spaces": Case("preserve_spaces_tpl.docx",
                            _one({"tag_1": "etsimässä", "tag_2": "myös"})),
    "replace_picture": Case("replace_picture_tpl.docx", _one({})),
    "richtext": Case("richtext_tpl.docx", lambda: [_richtext_context()]),
    "richtext_and_if": Case("richtext_and_if_tpl.docx",
                            _one({"foobar": RichText("Hip hei!", color="ff0000")})),
    "richtext_eastAsia": Case("richtext_eastAsia_tpl.docx", _one({
        "example": RichText("测试 testi", font="eastAsia:Microsoft YaHei"),
        "Chinese": RichText("测试 testi", font="eastAsia:微软雅黑"),
        "simsun": RichText("测试 testi", font="eastAsia:SimSun")})),
    "richtextparagraph": Case("richtext_paragraph_tpl.docx",
                              lambda: [_paragraphs_context()],
                              differences=("lists restart",)),
    "template_error": Case("template_error_tpl.docx", _one({"test_variable": "arvo"}),
                           refused="{% endif %} ends or continues a block, but no block is "
                           "open here"),
    "vertical_merge": Case("vertical_merge_tpl.docx", _one({
        "items": _rows(), "total_price": "100 000,00", "category": "Kirja"})),
    "vertical_merge_nested": Case("vertical_merge_nested_tpl.docx", _one({})),
    "word2016": Case("word2016_tpl.docx", _one({
        "test_space": "          ", "test_tabs": 5 * "\t",
        "test_space_r": RichText("          "), "test_tabs_r": RichText(5 * "\t")})),
}

SKIPPED: dict[str, str] = {
    "merge_docx": "a sub-document read from a .docx (docxtpl's Subdoc with docxcompose): "
                  "our path takes no sub-documents",
    "subdoc": "a sub-document built with python-docx (docxtpl's Subdoc): our path takes no "
              "sub-documents",
}


# --- the documented differences ----------------------------------------------------------------


def _ampersand_read_once(plain: Parts, ours: Parts, case: Case) -> None:
    """``&amp;`` typed in a Jinja string literal is read once (docxtpl escapes it again)."""
    for name, text in plain.items():
        plain[name] = text.replace("&amp;amp;", "&amp;")


def _alt_texts(plain: Parts, ours: Parts, case: Case) -> None:
    """A figure's picture has its alt text as description, in body, headers and footers."""
    for name, text in ours.items():
        for alt in case.alts:
            text = text.replace(f' descr="{alt}"', "")
        ours[name] = text


def _default_language(plain: Parts, ours: Parts, case: Case) -> None:
    """The document default language is set in styles.xml, also where the template gives
    none (the documents of these templates get the Finnish default, fi-FI)."""

    def set_finnish(styles: Any) -> None:
        rpr = styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
        lang = rpr.find(f"{_W}lang")
        if lang is None:
            lang = etree.SubElement(rpr, f"{_W}lang")
        lang.set(f"{_W}val", "fi-FI")

    plain["word/styles.xml"] = _edited(plain["word/styles.xml"], set_finnish)


def _in_language(plain: Parts, tag: str) -> None:
    """Every style's, paragraph mark's and run's language of the document's parts in `tag`,
    as our path marks the text of every document in its language (a glossary, the building
    blocks Word keeps for inserting, is not the document's text)."""
    def mark(root: Any) -> None:
        for lang in root.iter(f"{_W}lang"):
            if lang.get(f"{_W}val") is not None:
                lang.set(f"{_W}val", tag)

    for name, text in plain.items():
        if (name.startswith("word/") and not name.startswith("word/glossary/")
                and name.endswith(".xml") and "w:lang " in text):
            plain[name] = _edited(text, mark)


def _lists_restart(plain: Parts, ours: Parts, case: Case) -> None:
    """Every contiguous block of list paragraphs gets its own ``w:num`` (on the same abstract
    list, with ``startOverride`` 1), set on its paragraphs, so each list starts at 1."""
    known = set(re.findall(r'<w:num w:numId="(\d+)"', plain["word/numbering.xml"]))
    added: set[str] = set()

    def drop_nums(numbering: Any) -> None:
        for num in numbering.findall(f"{_W}num"):
            if num.get(f"{_W}numId") not in known:
                added.add(str(num.get(f"{_W}numId")))
                numbering.remove(num)

    def drop_numprs(document: Any) -> None:
        for numpr in list(document.iter(f"{_W}numPr")):
            number = numpr.find(f"{_W}numId")
            if number is not None and number.get(f"{_W}val") in added:
                numpr.getparent().remove(numpr)

    ours["word/numbering.xml"] = _edited(ours["word/numbering.xml"], drop_nums)
    ours["word/document.xml"] = _edited(ours["word/document.xml"], drop_numprs)


def _edited(text: str, edit: Callable[[Any], None]) -> str:
    root = etree.fromstring(text.encode("utf-8"), _PARSER)
    edit(root)
    return etree.tostring(root, pretty_print=True, encoding="unicode")


def _control_characters(plain: Parts, ours: Parts, case: Case) -> None:
    """A plain string of the context passes sanitize_text: ``\\a`` (docxtpl: a new
    paragraph) is dropped and ``\\f`` (a page break) becomes a line break. Plain docxtpl is
    given the context as our path sanitises it (see :func:`_for_docxtpl`)."""


DIFFERENCES: dict[str, Callable[[Parts, Parts, Case], None]] = {
    "alt texts": _alt_texts,
    "ampersand read once": _ampersand_read_once,
    "control characters": _control_characters,
    "default language": _default_language,
    "lists restart": _lists_restart,
}


# --- rendering both ways -----------------------------------------------------------------------


def _image(name: str) -> bytes:
    return (TEMPLATES / name).read_bytes()


def _for_docxtpl(value: Any, tpl: DocxTemplate, sanitize: bool) -> Any:
    if isinstance(value, Picture):
        return InlineImage(tpl, io.BytesIO(_image(value.file)), width=Mm(value.width_mm))
    if type(value) is str and sanitize:
        return sanitize_text(value)
    if isinstance(value, dict):
        return {k: _for_docxtpl(v, tpl, sanitize) for k, v in value.items()}
    if isinstance(value, list):
        return [_for_docxtpl(v, tpl, sanitize) for v in value]
    return value


def _for_us(value: Any) -> Any:
    if isinstance(value, Picture):
        return Figure(_image(value.file), value.width_mm, value.alt)
    if isinstance(value, dict):
        return {k: _for_us(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_for_us(v) for v in value]
    return value


def _plain_docxtpl(template: bytes, contexts: list[dict[str, Any]], sanitize: bool
                   ) -> list[bytes]:
    return plain_docxtpl(template, contexts, lambda c, tpl: _for_docxtpl(c, tpl, sanitize))


def _our_path(case: Case, contexts: list[dict[str, Any]]) -> list[bytes]:
    path = TEMPLATES / case.template
    template = WordTemplate(path.read_bytes() if case.from_bytes else path)
    properties = DocProperties(title=case.template, language=template_language(path.read_bytes()))
    return [template.render(_for_us(context), properties) for context in contexts]


# --- comparing ---------------------------------------------------------------------------------


def _names() -> list[Any]:
    return [*sorted(CASES), *(pytest.param(name, marks=pytest.mark.skip(reason=reason))
                              for name, reason in sorted(SKIPPED.items()))]


@pytest.mark.parametrize("name", _names())
def test_docxtpl_case_renders_as_docxtpl_does(name: str) -> None:
    case = CASES[name]
    contexts = case.contexts()
    if case.refused:
        with pytest.raises(TemplateError) as refused:
            _our_path(case, contexts)
        assert case.refused in str(refused.value), str(refused.value)
        return
    for unknown in set(case.differences) - set(DIFFERENCES):
        pytest.fail(f"{name}: {unknown!r} is not a documented difference")
    template = (TEMPLATES / case.template).read_bytes()
    sanitize = "control characters" in case.differences
    plain_documents = _plain_docxtpl(template, contexts, sanitize)
    if sanitize:  # the allowance must be needed: the context has what sanitising changes
        assert ([docx_parts(d) for d in _plain_docxtpl(template, contexts, False)]
                != [docx_parts(d) for d in plain_documents])
    for number, (plain_data, our_data) in enumerate(
            zip(plain_documents, _our_path(case, contexts), strict=True), 1):
        plain, ours = docx_parts(plain_data), docx_parts(our_data)
        _in_language(plain, template_language(template))
        for difference in case.differences:
            before = (dict(plain), dict(ours))
            DIFFERENCES[difference](plain, ours, case)
            if difference != "control characters":
                assert (plain, ours) != before, f"{name}: {difference!r} changes nothing"
        if plain != ours:
            pytest.fail(f"{name} (render {number} of {len(contexts)}, {case.template}) differs "
                        f"from plain docxtpl:\n{parts_diff(plain, ours)}")
