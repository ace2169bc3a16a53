"""The one render path gives docxtpl's document, on templates made here with python-docx.

Each template uses one kind of docxtpl tag (variables, a tag split over runs, paragraph,
row, column and run blocks, merged cells, rich text and listings, filters, nested loops,
headers and footers, a row comment, re-rendering one template). It is rendered by plain
docxtpl and by :class:`~yhdyspinta_docs.word.WordTemplate`, and the two documents are
compared part by part (tests/docxtpl_parts.py): they must be equal, with no allowance.
Unlike the cases of test_docxtpl_cases.py, which read docxtpl's own test templates from a
copy of its repository, these run everywhere, so the fidelity of the render path is checked
on every machine.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docxtpl import Listing, RichText

from docxtpl_parts import docx_parts, parts_diff, plain_docxtpl, template_language
from yhdyspinta_docs.word import DocProperties, WordTemplate

Build = Callable[[DocumentObject], None]


def _paragraphs(*texts: str) -> Build:
    def build(document: DocumentObject) -> None:
        for text in texts:
            document.add_paragraph(text)
    return build


def _runs(*pieces: tuple[str, bool]) -> Build:
    """One paragraph of runs (text, bold)."""
    def build(document: DocumentObject) -> None:
        paragraph = document.add_paragraph()
        for text, bold in pieces:
            paragraph.add_run(text).bold = bold or None
    return build


def _table(rows: list[list[str]]) -> Build:
    def build(document: DocumentObject) -> None:
        document.add_paragraph("Taulukko:")
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, texts in enumerate(rows):
            for c, text in enumerate(texts):
                table.cell(r, c).text = text
    return build


def _header_footer(document: DocumentObject) -> None:
    section = document.sections[0]
    section.header.paragraphs[0].text = "{{ org }}\t{{ doc_type }}"
    section.footer.paragraphs[0].text = "{{ footer }}"
    document.add_paragraph("{{ body }}")


NASTY = 'A & B < C > D "lainaus" \'heittomerkki\' ääkköset – ja {{ ei tagi }} ${x}'

CASES: dict[str, tuple[Build, list[dict[str, Any]]]] = {
    "variables and escaping": (
        _paragraphs("{{ title }}", "Arvo: {{ value }}, summa {{ amount }} €.",
                    "Suodatettu: {{ value|e }} ja {{ missing|default('–') }}"),
        [{"title": NASTY, "value": "<b>ei lihava</b> & co", "amount": 1234.5}]),
    # a tag typed in pieces, as Word stores a tag edited in the middle
    "a tag split over runs": (
        _runs(("Hei ", False), ("{{ na", False), ("me }}", True), ("!", False)),
        [{"name": "Åsa & Örjan"}]),
    "paragraph blocks": (
        _paragraphs("Ennen", "{%p if show %}", "Näkyy, kun show", "{%p endif %}",
                    "{%p if not show %}", "Ei näy", "{%p endif %}", "Jälkeen"),
        [{"show": True}]),
    "nested paragraph loops": (
        _paragraphs("{%p for s in sections %}", "{{ loop.index }}. {{ s.title }}",
                    "{%p for item in s['items'] %}", "– {{ item }}", "{%p endfor %}",
                    "{%p endfor %}", "Loppu"),
        [{"sections": [{"title": "Asuminen", "items": ["työryhmä", "kartoitus"]},
                       {"title": "Valmius", "items": []},
                       {"title": "Tietopohja", "items": ["mittarit & lähteet"]}]}]),
    "table row loop": (
        _table([["Osapuoli", "Tila"], ["{%tr for r in rows %}", ""],
                ["{{ r.name }}", "{{ r.state }}"], ["{%tr endfor %}", ""]]),
        [{"rows": [{"name": "Muuramen kunta", "state": "Käynnissä"},
                   {"name": "Jyväskylän kaupunki", "state": "Valmis & arvioitu"}]}]),
    "table column loop": (
        _table([["{%tc for h in heads %}", "{{ h }}", "{%tc endfor %}"],
                ["{%tc for v in values %}", "{{ v }}", "{%tc endfor %}"]]),
        [{"heads": ["2026", "2027", "2028"], "values": ["a", "b & c", "d"]}]),
    "merged cells": (
        _table([["{%tr for r in rows %}", ""], ["{% vm %}{{ r.group }}", "{% hm %}{{ r.x }}"],
                ["{%tr endfor %}", ""]]),
        [{"rows": [{"group": "A", "x": 1}, {"group": "A", "x": 2}, {"group": "B", "x": 3}]}]),
    "a row comment deletes its row": (
        _table([["Otsikko", "{#tr poistuva rivi #}"], ["{{ a }}", "{{ b }}"]]),
        [{"a": "yksi", "b": "kaksi"}]),
    "run blocks": (
        _runs(("Alku ", False), ("{%r if bold %}", False), ("lihava", True),
              ("{%r endif %}", False), (" ja {{ tail }}.", False)),
        [{"bold": True, "tail": "loppu"}]),
    "rich text and listings": (
        _paragraphs("{{r rt }}", "{{ listing }}", "Sarkain:{{ tabbed }}"),
        [{"rt": RichText("punainen & lihava\ntoinen rivi", color="C0504D", bold=True),
          "listing": Listing("rivi yksi\nrivi kaksi\tsarkain\nerikoismerkit: <>&"),
          "tabbed": "\tsisennetty"}]),
    "headers and footers": (
        _header_footer,
        [{"org": "Keski-Suomen hyvinvointialue", "doc_type": "Esityslista",
          "footer": "Sivu & alatunniste", "body": "Runko"}]),
    "one template rendered again": (
        _paragraphs("{{ name }}: {{ state }}"),
        [{"name": "Joutsa", "state": "Ei aloitettu"}, {"name": "Laukaa", "state": "Valmis"},
         {"name": "Muurame", "state": "Viivästynyt & siirretty"}]),
}


def _template(build: Build) -> bytes:
    document = Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("name", list(CASES))
def test_renders_as_docxtpl_does(name: str) -> None:
    build, contexts = CASES[name]
    template = _template(build)
    plain = plain_docxtpl(template, contexts)
    ours = WordTemplate(template)
    properties = DocProperties(title=name, language=template_language(template))
    for number, (plain_data, context) in enumerate(zip(plain, contexts, strict=True), 1):
        theirs, mine = docx_parts(plain_data), docx_parts(ours.render(context, properties))
        assert mine == theirs, (f"{name} (render {number} of {len(contexts)}) differs from "
                                f"plain docxtpl:\n{parts_diff(theirs, mine)}")


def test_the_comparison_sees_a_difference() -> None:
    """The parts compared are the rendered text: a different value is a failing diff."""
    build, contexts = CASES["one template rendered again"]
    template = _template(build)
    ours = WordTemplate(template)
    properties = DocProperties(title="t", language=template_language(template))
    plain = plain_docxtpl(template, contexts[:1])[0]
    other = ours.render({**contexts[0], "state": "Valmis"}, properties)
    diff = parts_diff(docx_parts(plain), docx_parts(other))
    assert '-        <w:t xml:space="preserve">Joutsa: Ei aloitettu</w:t>' in diff
    assert '+        <w:t xml:space="preserve">Joutsa: Valmis</w:t>' in diff
