#!/usr/bin/env python3
"""A documented one-off: how ``approvals.docx`` (the county board's summary of the approval
round) and ``extract.docx`` (the minutes extract, pöytäkirjanote) were made. No test depends
on it.

They are built with the same base, styles, header block and data-table style as the decision
proposal (``tools/make_templates.py``), so they look like the house's other documents. The
committed files under ``templates/`` are the source; restyle them in Word or LibreOffice.

Run from the repository root::

    python tools/make_approval_templates.py --outdir /tmp/first   # approvals.docx, extract.docx

The committed files have been edited since (the rejected parties' section, the Caption style
name), so the script writes only to another folder.

The Jinja markup uses the contexts of docs/decisions.md (``ApprovalSummaryContext``,
``MinutesContext``).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_templates  # noqa: E402  (the sibling one-off script is the base)
from make_templates import (  # noqa: E402
    BR,
    TAB,
    Body,
    Bold,
    add_table_styles,
    attachments_and_for_information,
    base_document,
    build_headers,
    contact_row,
    data_table,
    history_and_preparers,
    metadata_line,
    save,
    twips,
)

SUMMARY_TITLE = "Yhdyspintasuunnitelman hyväksyminen osapuolissa (asiakirjapohja)"
EXTRACT_TITLE = "Pöytäkirjanote (asiakirjapohja)"

# A body's name is one long word that cannot wrap ("Välfärdsområdesfullmäktige" is 47 mm in
# Arial 10 pt with the cell margins): its column is the widest; the party's name and the
# decision wrap between words.
SUMMARY_COLUMNS = (
    ("{{ words.party }}", ("{{ r.party }}",), 40),
    ("{{ words.body }}", ("{{ r.body }}",), 50),
    ("{{ words.planned }}", ("{{ r.planned }}",), 24),
    ("{{ words.state }}", ("{{ r.state }}",), 22),
    ("{{ words.decision_column }}", ("{{ r.decision }}",), 44),
)


def texts_under(b: Body, heading: str, source: str, style: str, *, optional: bool = True
                ) -> None:
    """A heading (``words.<heading>``) and a paragraph for each text of `source`; `optional`:
    only when `source` has any."""
    if optional:
        b.tag(f"if {source}")
    b.p("Heading 2", f"{{{{ words.{heading} }}}}")
    b.each(source, style)
    if optional:
        b.tag("endif")


def build_summary(body_indent_mm: float = 23) -> bytes:
    doc = base_document(twips(body_indent_mm), SUMMARY_TITLE)
    add_table_styles(doc)
    header = [metadata_line(), ["{{ body }}", TAB, "{{ date }}"]]
    build_headers(doc, header)
    b = Body(doc)
    b.p("Metadata Block", *header[0])
    b.p("Metadata Block", *header[1])
    b.p("Heading 1", "{{ title }}")
    texts_under(b, "status", "summary", "Body Text", optional=False)
    texts_under(b, "amended", "amended", "Body Text")
    texts_under(b, "overdue", "overdue", "Lines")
    b.p("Caption", "{{ words.table_caption }}")
    b.table(data_table(SUMMARY_COLUMNS, "r in rows", "{{ words.table_caption }}"))
    texts_under(b, "decisions", "decisions", "Lines")
    return save(doc)


def explanation_and_proposal(b: Body) -> None:
    """The explanation as in the decision proposal, then, as minutes print it, the
    Päätösehdotus heading, the presenter and the proposal, before Käsittely and Päätös."""
    b.shown_if("explanation", "Heading 2", "{{ labels.explanation }}")
    b.tag("for s in explanation")
    b.tag("if s.heading and s.level == 3")
    b.p("Heading 3", "{{ s.heading }}")
    b.tag("elif s.heading")
    b.p("Heading 2", "{{ s.heading }}")
    b.tag("endif")
    b.blocks("s.blocks")
    b.tag("endfor")
    b.shown_if("competence", "Label Row", "{{ labels.competence }}", BR, "{{ competence }}")
    b.shown_if("proposal", "Heading 2", "{{ labels.proposal }}")
    b.shown_if("presenter", "Label Row", "{{ labels.presenter }}", BR, "{{ presenter }}")
    b.blocks("proposal")


def build_extract(body_indent_mm: float = 23) -> bytes:
    doc = base_document(twips(body_indent_mm), EXTRACT_TITLE)
    header = [metadata_line(), ["{{ body }}", TAB, "{{ date }}"], [TAB, "{{ dnro }}"]]
    build_headers(doc, header)
    b = Body(doc)
    b.p("Metadata Block", *header[0])
    b.p("Metadata Block", *header[1])
    b.shown_if("dnro", "Metadata Block", *header[2])
    b.p("Heading 1", "{{ section }} {{ title }}")
    history_and_preparers(b, BR)
    explanation_and_proposal(b)
    b.tag("if handling")
    b.p("Heading 2", "{{ words.handling }}")
    b.blocks("handling")
    b.tag("endif")
    b.p("Heading 2", "{{ words.decision }}")
    b.blocks("decision")
    attachments_and_for_information(b, BR)
    b.p("Heading 2", "{{ appeal_heading }}")
    b.each("appeal", "Body Text")
    texts_under(b, "inspection", "inspection", "Lines", optional=False)
    texts_under(b, "certify", "certification", "Lines", optional=False)
    b.shown_if("remove_after", "Label Row", Bold("{{ words.remove_after }}"), BR,
               "{{ remove_after }}")
    contact_row(b, BR)
    for paragraph in doc.paragraphs:  # a signature block is never split over two pages
        if paragraph.style is not None and paragraph.style.name == "Lines":
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.keep_together = True
    return save(doc)


def main(argv: Sequence[str] | None = None) -> int:
    return make_templates.main(argv, {"approvals.docx": build_summary,
                                      "extract.docx": build_extract},
                               __doc__)


if __name__ == "__main__":
    raise SystemExit(main())
