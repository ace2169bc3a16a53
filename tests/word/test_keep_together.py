"""The presenter's line stays on the page of the proposal it presents: in the decision
proposal and in the minutes extract, the Esittelijä row keeps with the proposal's first
paragraph (a page break between them left "Päätösehdotus / Esittelijä …" alone at the foot
of a page)."""

from __future__ import annotations

import io

import docx

from yhdyspinta_docs._approval_documents import approval_documents
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs._build import BuildOptions, make_decisions
from yhdyspinta_docs.plan import load_plan

PRESENTER = ("Esittelijä", "Föredragande")


def _presenter_rows(data: bytes) -> list[bool]:
    """Whether each Esittelijä row of the document keeps with the next paragraph."""
    document = docx.Document(io.BytesIO(data))
    return [bool(p.paragraph_format.keep_with_next) for p in document.paragraphs
            if p.style is not None and p.style.name == "Label Row"
            and p.text.startswith(PRESENTER)]


def test_the_proposals_presenter_row_keeps_with_the_proposal() -> None:
    pf = load_plan(example_plan_path())
    files = [f for f in make_decisions(pf, BuildOptions(for_each_party=True, drafts=True))
             if f.path.endswith(".docx")]
    rows = [keep for f in files for keep in _presenter_rows(f.data)]
    assert rows and all(rows)


def test_the_extracts_presenter_row_keeps_with_the_proposal() -> None:
    pf = load_plan(example_plan_path())
    files = [f for f in approval_documents(pf, extracts=True) if "poytakirjanote" in f.path
             and f.path.endswith(".docx")]
    rows = [keep for f in files for keep in _presenter_rows(f.data)]
    assert rows and all(rows)
