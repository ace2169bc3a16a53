"""Jinja syntax errors and render errors are located as Word shows them: the paragraph, the
table cell, the header or footer, with the paragraph's text, as the other findings of a
template are (src/yhdyspinta_docs/word/_error_places.py); the part and the line only where
that cannot be told.

They used to name a line of the converted template (``word/document.xml line 29 (near …)``),
which no one editing the document in Word can find. The templates are the bundled decision
template, edited in its XML or with python-docx as a user edits it in Word; each test also
reads the paragraph it names back from the template, so the place is where the tag is.
"""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path
from typing import Any

import docx
import jinja2
import pytest

from helpers import KEY, edited_part, paragraph_text
from yhdyspinta_docs.errors import TemplateError
from yhdyspinta_docs.plan._loader import load_plan
from yhdyspinta_docs.word import DocProperties, WordTemplate
from yhdyspinta_docs.word._check import check_template, sample_context
from yhdyspinta_docs.word._errors import template_errors

ROOT = Path(__file__).resolve().parents[2]
DECISION = ROOT / "templates" / "decision.docx"
PROPS = DocProperties(title="t")
IF_FITS = "correct it, or show it only when its value fits ({% if … %})"


def _edited(path: Path, part: str, old: str, new: str) -> Path:
    """The bundled decision template with `old` replaced by `new` in the XML of `part`."""
    return edited_part(DECISION, path, part, old, new)


def _only(path: Path) -> str:
    [issue] = check_template(path, "decision")
    return str(issue)


# --- syntax errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(("part", "old", "new", "number", "expected"), [
    # a {%p paragraph: docxtpl puts its tag on the line of the paragraph before, so Jinja's line
    # is that paragraph's ("{{ labels.draft }}…"); the paragraph named is the tag's own
    ("word/document.xml", "{%p if history %}", "{%p if history | %}", 10,
     'paragraph 10 ("{%p if history | %}"): syntax error: expected token \'name\', got \'end '
     "of statement block'; correct the tag"),
    # a block never closed: Jinja names the end of the part; the place is the tag opening it,
    # and the tag to close it is of the same kind
    ("word/document.xml", "{%p endif %}", "Ei loppua", 3,
     'paragraph 3 ("{%p if draft or dnro %}"): syntax error: {%p if draft or dnro %} opens a '
     "block that is never closed; write {%p endif %} where the block ends"),
    ("word/header2.xml", "{{ doc_type }}", "{% if doc_type %}{{ doc_type }}", 1,
     'header of section 1, paragraph 1 ("{{ organisation }}{% if doc_type %}{{ doc_type '
     '}}1 (1)"): syntax error: {% if doc_type %} opens a block that is never closed; write '
     "{% endif %} where the block ends"),
    # a block closed by the end tag of another kind: the end tag, and the block open there
    ("word/document.xml", "{%p endif %}", "{%p endfor %}", 5,
     'paragraph 5 ("{%p endfor %}"): syntax error: {%p endfor %} does not fit the block that '
     "is open here, {%p if draft or dnro %} (paragraph 3): close that block with {%p endif %} "
     "before it, or remove {%p endfor %}"),
], ids=["p-tag", "never-closed", "never-closed-in-header", "wrong-end"])
def test_a_syntax_error_names_the_paragraph_of_its_tag(
        tmp_path: Path, part: str, old: str, new: str, number: int, expected: str) -> None:
    path = _edited(tmp_path / "pohja.docx", part, old, new)
    assert _only(path) == f"pohja.docx: {expected}"
    text = expected.split('("', 1)[1].split('"): ', 1)[0]
    assert paragraph_text(path, part, number) == text
    if "(paragraph 3)" in expected:
        assert paragraph_text(path, part, 3) == "{%p if draft or dnro %}"


def test_syntax_errors_in_several_parts_are_told_at_once(tmp_path: Path) -> None:
    # Jinja stops at the first error of a part; the other parts are still compiled, so the
    # author fixes the body and the header in one go, not one after a second check
    broken = _edited(tmp_path / "runko.docx", "word/document.xml", "{%p if history %}",
                     "{%p if history | %}")
    path = edited_part(broken, tmp_path / "pohja.docx", "word/header2.xml",  # and the header
                       "{{ doc_type }}", "{% if doc_type %}{{ doc_type }}")
    with pytest.raises(TemplateError) as info:
        WordTemplate(path)
    lines = str(info.value).splitlines()
    assert lines[0] == ("template pohja.docx has errors in 2 parts (the first of each; fix "
                        "them and check it again)")
    assert [line.split(":", 2)[1].strip() for line in lines[1:]] == [
        'paragraph 10 ("{%p if history | %}")',
        'header of section 1, paragraph 1 ("{{ organisation }}{% if doc_type %}{{ doc_type '
        '}}1 (1)")']
    assert [str(i).split(": ", 1)[1].split(": ", 1)[0] for i in check_template(path, "decision")
            ] == [line.split(": ", 1)[1].split(": ", 1)[0] for line in lines[1:]]


def _with_paragraph(path: Path, text: str) -> Path:
    """The bundled decision template with a paragraph `text` before its title, as typed in
    Word."""
    document = docx.Document(str(DECISION))
    title = next(p for p in document.paragraphs if "{{ title }}" in p.text)
    title.insert_paragraph_before(text)
    document.save(str(path))
    return path


def _with_cell(path: Path, row: int, column: int, text: str) -> Path:
    """The bundled decision template (which has no table) with a table at its end whose cell
    (`row`, `column`) holds `text`."""
    document = docx.Document(str(DECISION))
    document.add_table(rows=2, cols=2).cell(row, column).text = text
    document.save(str(path))
    return path


def test_an_end_tag_without_its_block_is_named(tmp_path: Path) -> None:
    path = _with_paragraph(tmp_path / "pohja.docx", "{% endif %}")
    assert _only(path) == (
        'pohja.docx: paragraph 6 ("{% endif %}"): syntax error: {% endif %} ends or continues '
        "a block, but no block is open here: remove it, or add the tag that opens its block "
        "before it")
    assert paragraph_text(path, "word/document.xml", 6) == "{% endif %}"


@pytest.mark.parametrize("text", ['{{ "Otsikko }}', "{{ labels.draft ~ ' }}"])
def test_a_quote_never_closed_is_named_at_its_tag_not_where_jinja_stops(
        tmp_path: Path, text: str) -> None:
    """Jinja reads a string on past the tag's end, across paragraphs, to the next quote of
    the part (an attribute of the XML, a quote in a later tag) and names the line where it
    then fails; the place is the tag whose quote is open, with its own error."""
    path = _with_paragraph(tmp_path / "pohja.docx", text)
    quote = text.split()[-2][0]
    assert _only(path) == (f'pohja.docx: paragraph 6 ("{text}"): syntax error: unexpected '
                           f"char {quote!r}; correct the tag")
    assert paragraph_text(path, "word/document.xml", 6) == text


@pytest.mark.parametrize(("text", "what"), [
    ("{{ title|uper }}", "No filter named 'uper'; did you mean 'upper'?"),
    ("{{ title|nosuchfilter }}", "No filter named 'nosuchfilter'; write one of Jinja's "
                                 "filters (such as join, default, upper)"),
])
def test_an_unknown_filter_is_named_by_its_table_cell(tmp_path: Path, text: str,
                                                      what: str) -> None:
    path = _with_cell(tmp_path / "pohja.docx", 1, 0, text)
    assert _only(path) == f'pohja.docx: table 1, row 2, column 1 ("{text}"): syntax error: {what}'
    assert docx.Document(str(path)).tables[0].cell(1, 0).text == text


# --- render errors ------------------------------------------------------------------------------


def test_a_render_error_is_named_by_its_table_cell(tmp_path: Path) -> None:
    path = _with_cell(tmp_path / "pohja.docx", 1, 1, "Arvo {{ 1/0 }}")
    assert _only(path) == (
        'pohja.docx: table 1, row 2, column 2 ("Arvo {{ 1/0 }}"): ZeroDivisionError: division '
        f"by zero; the tag {{{{ 1/0 }}}} cannot be computed with this data: {IF_FITS} "
        "(rendering the Keski-Suomi example)")


def test_a_render_error_in_a_paragraph_of_several_tags_names_the_paragraph(
        tmp_path: Path) -> None:
    """Which of its tags failed cannot be told: the message does not name one."""
    path = _with_cell(tmp_path / "pohja.docx", 1, 1, "{{ title }}: {{ 1/0 }}")
    assert _only(path) == (
        'pohja.docx: table 1, row 2, column 2 ("{{ title }}: {{ 1/0 }}"): ZeroDivisionError: '
        f"division by zero; a tag there cannot be computed with this data: {IF_FITS} "
        "(rendering the Keski-Suomi example)")


def test_a_render_error_in_a_footer_is_named_as_word_names_the_footer(tmp_path: Path) -> None:
    document = docx.Document(str(DECISION))
    document.sections[0].footer.add_paragraph("Sivu {{ title[99] }}")
    path = tmp_path / "pohja.docx"
    document.save(str(path))
    assert _only(path) == (
        'pohja.docx: footer of section 1, paragraph 2 ("Sivu {{ title[99] }}"): str object has '
        "no element 99 (the context has no such value; the values a template can use are "
        "listed in docs/templates.md) (rendering the Keski-Suomi example)")
    assert docx.Document(str(path)).sections[0].footer.paragraphs[1].text == \
        "Sivu {{ title[99] }}"


def test_a_refused_attribute_is_named_by_its_paragraph(tmp_path: Path) -> None:
    path = _with_paragraph(tmp_path / "pohja.docx", "{{ title.__class__ }}")
    assert _only(path) == (
        'pohja.docx: paragraph 6 ("{{ title.__class__ }}"): the template tried to use an unsafe '
        "attribute '__class__'; templates may only show the values they are given")


def _render_error(context: dict[str, Any]) -> str:
    with pytest.raises(TemplateError) as caught:
        WordTemplate(DECISION).render(context, PROPS)
    [issue] = caught.value.issues
    return str(issue)


def test_a_render_with_the_plan_s_own_data_names_the_paragraph() -> None:
    """A value missing from a context (not from check-template's samples): the {%p
    paragraph that uses it, not the paragraph before it whose line Jinja names."""
    context = copy.deepcopy(dict(sample_context("decision")))
    del context["history"]
    assert _render_error(context) == (
        'decision.docx: paragraph 10 ("{%p if history %}"): \'history\' is undefined (the '
        "context has no such value; the values a template can use are listed in "
        "docs/templates.md)")
    assert paragraph_text(DECISION, "word/document.xml", 10) == "{%p if history %}"


def test_a_missing_value_names_the_tag_that_uses_it_not_a_label_of_its_name(
        tmp_path: Path) -> None:
    """The {%p paragraph stands on the line of the paragraph before it, whose tag names
    the word too, as an attribute (`labels.presenter`): that tag does not fail."""
    document = docx.Document(str(DECISION))
    title = next(p for p in document.paragraphs if "{{ title }}" in p.text)
    for text in ("{{ labels.presenter }}", "{%p if presenter %}", "{{ presenter }}",
                 "{%p endif %}"):
        title.insert_paragraph_before(text)
    path = tmp_path / "pohja.docx"
    document.save(str(path))
    context = copy.deepcopy(dict(sample_context("decision")))
    del context["presenter"]
    with pytest.raises(TemplateError) as caught:
        WordTemplate(path).render(context, PROPS)
    assert [str(i) for i in caught.value.issues] == [
        'pohja.docx: paragraph 7 ("{%p if presenter %}"): \'presenter\' is undefined (the '
        "context has no such value; the values a template can use are listed in "
        "docs/templates.md)"]
    assert paragraph_text(path, "word/document.xml", 7) == "{%p if presenter %}"


def test_a_render_error_that_cannot_be_told_apart_names_every_tag_of_its_line() -> None:
    """Jinja's line stands for a paragraph and the {%p paragraphs after it; a render error
    that names no word (a loop over a number) may be any of their tags but the end tags."""
    context = copy.deepcopy(dict(sample_context("decision")))
    context["explanation"] = 5
    assert _render_error(context) == (
        'decision.docx: paragraph 17 ("{{ labels.explanation }}") or paragraph 19 ("{%p for '
        's in explanation %}") or paragraph 20 ("{%p if s.heading and s.level == 3 %}"): '
        "TypeError: 'int' object is not iterable; a tag there cannot be computed with this "
        f"data: {IF_FITS}")
    assert [paragraph_text(DECISION, "word/document.xml", n) for n in (17, 18, 19, 20)] == [
        "{{ labels.explanation }}", "{%p endif %}", "{%p for s in explanation %}",
        "{%p if s.heading and s.level == 3 %}"]


def test_a_build_names_the_table_cell_of_an_error_only_its_plan_makes(tmp_path: Path) -> None:
    """check-template renders the Keski-Suomi example, where the tag works; the build of
    another plan fails there, and names the cell too."""
    from yhdyspinta_docs._build import BuildOptions, build

    tag = "{{ 1 / (0 if 'Pohjanmaa' in organisation else 1) }}"
    path = _with_cell(tmp_path / "pohja.docx", 0, 1, tag)
    assert check_template(path, "decision") == []
    plan = load_plan(ROOT / "examples" / "pohjanmaa" / "plan.yaml")
    options = BuildOptions(key=KEY, templates={"decision": path}, plan_document=False,
                           matrix=False, drafts=True)
    with pytest.raises(TemplateError) as caught:
        build(plan, tmp_path / "out", options)
    assert [str(i) for i in caught.value.issues] == [
        f'pohja.docx: table 1, row 1, column 2 ("{tag}"): ZeroDivisionError: division by '
        f"zero; the tag cannot be computed with this data: {IF_FITS}"]


# --- where no paragraph can be told -------------------------------------------------------------


def test_an_error_is_named_by_part_and_line_where_its_paragraph_cannot_be_told() -> None:
    """A source that does not fit its part (it has another paragraph than the part): the
    part and the line, as before."""
    xml = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
           b'main"><w:body><w:p><w:r><w:t>{{ x | }}</w:t></w:r></w:p></w:body></w:document>')
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("word/document.xml", xml)
    source = "<w:body>\n<w:p>{{ title }}</w:p>\n<w:p>{{ x | }}</w:p></w:body>"
    for part_source, expected in ((source, 'word/document.xml line 3 (near "{{ x | }}")'),
                                  (source.replace("\n<w:p>{{ title }}</w:p>", ""),
                                   'paragraph 1 ("{{ x | }}")')):
        with pytest.raises(TemplateError) as caught, template_errors(
                "t.docx", None, partname="/word/document.xml", source=part_source,
                package=package.getvalue()):
            jinja2.Environment().from_string(part_source)
        assert caught.value.issues[0].where == f"t.docx: {expected}"


def test_a_macro_that_calls_itself_is_no_unknown_variable(tmp_path: Path) -> None:
    # Jinja knows a macro in its own body; the check used to call it an unknown variable
    path = _edited(tmp_path / "pohja.docx", "word/document.xml", "{{ title }}",
                   "{% macro down(n) %}{{ n }}{% if n > 0 %} {{ down(n - 1) }}{% endif %}"
                   "{% endmacro %}{{ down(2) }} {{ title }}")
    assert check_template(path, "decision") == []
    docx_bytes = WordTemplate(path).render(sample_context("decision"), PROPS)
    assert "2 1 0 " in "".join(p.text for p in docx.Document(io.BytesIO(docx_bytes)).paragraphs)
