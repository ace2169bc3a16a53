"""What the one render path adds to docxtpl, checked on small templates made here.

* a figure keeps its alt text wherever it is rendered: body, header and footer;
* an XML character reference inside a tag (``&`` typed in a Jinja string literal) is read
  once, not escaped a second time;
* check-template accepts what the render accepts: a ``{#tr … #}`` comment that deletes its
  table row, curly quotes inside tags (the render straightens them);
* footnotes are rendered once, whatever the number of sections.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_SECTION
from lxml import etree
from PIL import Image

from docx_text import body_paragraphs
from helpers import edited_part
from yhdyspinta_docs.word import DocProperties, Figure, WordTemplate, check_template
from yhdyspinta_docs.word._check import sample_context

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
PROPS = DocProperties(title="t")
WP_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def _png(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), colour).save(out, "PNG")
    return out.getvalue()


def _docx(body: list[str], header: str = "", footer: str = "") -> bytes:
    document = Document()
    for text in body:
        document.add_paragraph(text)
    section = document.sections[0]
    if header:
        section.header.paragraphs[0].text = header
    if footer:
        section.footer.paragraphs[0].text = footer
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _descriptions(data: bytes) -> dict[str, list[str]]:
    """``wp:docPr/@descr`` of every picture, by part."""
    found: dict[str, list[str]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                root = etree.fromstring(package.read(name))
                descr = [str(el.get("descr")) for el in root.iter(WP_DOC_PR)]
                if descr:
                    found[name] = descr
    return found


def _part_text(data: bytes, prefix: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return "".join(
            "".join(etree.fromstring(package.read(n)).itertext())
            for n in package.namelist() if n.startswith(prefix))


# --- alt texts -----------------------------------------------------------------------------------


def test_figures_in_body_header_and_footer_keep_their_alt_texts() -> None:
    template = WordTemplate(_docx(["{{ chart }}"], header="{{ logo }}", footer="{{ seal }}"))
    data = template.render({
        "chart": Figure(_png("red"), 20, "Kaavio: toimenpiteet tilan mukaan"),
        "logo": Figure(_png("blue"), 10, "Kunnan vaakuna"),
        "seal": Figure(_png("green"), 10, "Sinetti & leima"),
    }, PROPS)
    found = _descriptions(data)
    assert found["word/document.xml"] == ["Kaavio: toimenpiteet tilan mukaan"]
    headers = [v for k, v in found.items() if k.startswith("word/header")]
    footers = [v for k, v in found.items() if k.startswith("word/footer")]
    assert headers == [["Kunnan vaakuna"]]
    assert footers == [["Sinetti & leima"]]


def test_one_image_with_two_alt_texts_keeps_their_order() -> None:
    png = _png("red")
    template = WordTemplate(_docx(["{{ a }}", "{{ b }}"]))
    data = template.render({"a": Figure(png, 20, "ensimmäinen"),
                            "b": Figure(png, 20, "toinen")}, PROPS)
    assert _descriptions(data)["word/document.xml"] == ["ensimmäinen", "toinen"]


# --- character references in tags ---------------------------------------------------------------


@pytest.mark.parametrize(("typed", "shown"), [
    ('{{ missing|default("Testé&xx;") }}', "Testé&xx;"),
    ("{{ missing|default('a & b < c > d') }}", "a & b < c > d"),
    ('{{ missing|default("&amp; stays as typed") }}', "&amp; stays as typed"),
    ('{% if "&" == "&" %}yes{% endif %}', "yes"),
])
def test_ampersand_in_a_tag_is_escaped_once(typed: str, shown: str) -> None:
    data = WordTemplate(_docx([typed])).render({}, PROPS)
    assert body_paragraphs(data)[0] == shown


def test_ampersand_in_a_value_and_in_text_outside_tags_unchanged() -> None:
    data = WordTemplate(_docx(["A & B {{ x }} &amp;"])).render({"x": "<&>"}, PROPS)
    assert body_paragraphs(data)[0] == "A & B <&> &amp;"


# --- check-template accepts what renders ---------------------------------------------------------


def _edited(base: str, old: str, new: str, path: Path) -> Path:
    return edited_part(TEMPLATES / base, path, "word/document.xml", old, new)


def test_curly_quotes_in_a_tag_pass_the_check_and_render(tmp_path: Path) -> None:
    path = _edited("decision.docx", "{%p elif b.kind == 'lines' %}",
                   "{%p elif b.kind == \u2018lines\u2019 %}", tmp_path / "curly.docx")
    assert check_template(path, "decision") == []
    ctx = sample_context("decision")
    reference = WordTemplate(TEMPLATES / "decision.docx").render(ctx, PROPS)
    assert body_paragraphs(WordTemplate(path).render(ctx, PROPS)) == body_paragraphs(reference)


def test_a_row_comment_deletes_its_row_and_passes_the_check(tmp_path: Path) -> None:
    # the header row of the measures table, with text in its other cells
    path = _edited("plan.docx", "{{ labels.number }}", "{#tr the header row is left out #}",
                   tmp_path / "row_comment.docx")
    assert check_template(path, "plan") == []
    ctx = sample_context("plan")
    text = body_paragraphs(WordTemplate(path).render(ctx, PROPS))
    full = body_paragraphs(WordTemplate(TEMPLATES / "plan.docx").render(ctx, PROPS))
    header = [ctx["labels"]["number"], ctx["labels"]["measure"], ctx["labels"]["responsible"]]
    assert all(label in full for label in header)
    assert not any(label in text for label in header[1:])
    assert not any("left out" in p for p in text)
    assert len(full) - len(text) == 5  # one paragraph per cell of the row


def test_curly_quotes_that_are_no_quotes_are_still_a_syntax_error(tmp_path: Path) -> None:
    path = _edited("decision.docx", "{%p elif b.kind == 'lines' %}",
                   "{%p elif b.kind == \u00ablines\u00bb %}", tmp_path / "guillemets.docx")
    issues = check_template(path, "decision")
    assert any("syntax error" in i.what for i in issues)


# --- footnotes -----------------------------------------------------------------------------------


def test_footnotes_are_rendered_once_in_a_document_of_two_sections() -> None:
    document = Document(io.BytesIO(_docx(["{{ a }}"])))
    document.add_section(WD_SECTION.NEW_PAGE)
    document.add_paragraph("toinen osa")
    saved = io.BytesIO()
    document.save(saved)
    footnotes = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:footnote w:id="1"><w:p><w:r><w:t>{{ note }}</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>")
    data = _with_footnotes(saved.getvalue(), footnotes.encode("utf-8"))
    # a value that is itself a tag: rendered twice, it would become "X"
    out = WordTemplate(data).render({"a": "a", "note": "{{ '{{' }}"}, PROPS)
    assert "{{ '{{' }}" in _part_text(out, "word/footnotes")


def _with_footnotes(docx: bytes, footnotes: bytes) -> bytes:
    """`docx` with a footnotes part related from the document."""
    out = io.BytesIO()
    rel = ('<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/officeDocument/'
           '2006/relationships/footnotes" Target="footnotes.xml"/>')
    override = ('<Override PartName="/word/footnotes.xml" ContentType="application/vnd.'
                'openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>')
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "word/_rels/document.xml.rels":
                content = content.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            elif info.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", override.encode() + b"</Types>")
            dst.writestr(info, content)
        dst.writestr("word/footnotes.xml", footnotes)
    return out.getvalue()
