#!/usr/bin/env python3
"""A documented one-off: how ``approvals.docx`` (the county board's summary of the approval
round) and ``extract.docx`` (the minutes extract, pöytäkirjanote) were made. No test depends
on it.

They are built with the same base, styles, header block and data-table style as the decision
proposal (``tools/make_templates.py``), so they look like the house's other documents. The
committed files under ``templates/`` are the source; restyle them in Word or LibreOffice.

Run from the repository root::

    python tools/make_approval_templates.py    # overwrites templates/approvals.docx, extract.docx

The Jinja markup uses the contexts of docs/decisions.md (``ApprovalSummaryContext``,
``MinutesContext``).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_templates import (  # noqa: E402  (the sibling one-off script is the base)
    BR,
    DEFAULT_OUTDIR,
    TAB,
    Body,
    Bold,
    add_table_styles,
    base_document,
    build_headers,
    data_table,
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


def build_summary(body_indent_mm: float = 23) -> bytes:
    doc = base_document(twips(body_indent_mm), SUMMARY_TITLE)
    add_table_styles(doc)
    header = [metadata_line(), ["{{ body }}", TAB, "{{ date }}"]]
    build_headers(doc, header)
    b = Body(doc)
    b.p("Metadata Block", *header[0])
    b.p("Metadata Block", *header[1])
    b.p("Heading 1", "{{ title }}")
    b.p("Heading 2", "{{ words.status }}")
    b.tag("for text in summary")
    b.p("Body Text", "{{ text }}")
    b.tag("endfor")
    b.tag("if amended")
    b.p("Heading 2", "{{ words.amended }}")
    b.tag("for text in amended")
    b.p("Body Text", "{{ text }}")
    b.tag("endfor")
    b.tag("endif")
    b.tag("if overdue")
    b.p("Heading 2", "{{ words.overdue }}")
    b.tag("for text in overdue")
    b.p("Lines", "{{ text }}")
    b.tag("endfor")
    b.tag("endif")
    b.p("Caption", "{{ words.table_caption }}")
    b.table(data_table(SUMMARY_COLUMNS, "r in rows",
                       "Osapuolten päätökset suunnitelmasta"))
    b.tag("if decisions")
    b.p("Heading 2", "{{ words.decisions }}")
    b.tag("for text in decisions")
    b.p("Lines", "{{ text }}")
    b.tag("endfor")
    b.tag("endif")
    return save(doc)


def build_extract(body_indent_mm: float = 23) -> bytes:
    doc = base_document(twips(body_indent_mm), EXTRACT_TITLE)
    header = [metadata_line(), ["{{ body }}", TAB, "{{ date }}"], [TAB, "{{ dnro }}"]]
    build_headers(doc, header)
    b = Body(doc)
    b.p("Metadata Block", *header[0])
    b.p("Metadata Block", *header[1])
    b.tag("if dnro")
    b.p("Metadata Block", *header[2])
    b.tag("endif")
    b.p("Heading 1", "{{ section }} {{ title }}")
    b.tag("if history")
    b.p("Label Row", "{{ labels.previous }}", BR, "{{ history|join('\\n') }}")
    b.tag("endif")
    b.tag("if preparers")
    b.p("Label Row", "{{ labels.preparer }}", BR, "{{ preparers|join('\\n') }}")
    b.tag("endif")
    b.tag("if explanation")
    b.p("Heading 2", "{{ labels.explanation }}")
    b.tag("endif")
    b.tag("for s in explanation")
    b.tag("if s.heading and s.level == 3")
    b.p("Heading 3", "{{ s.heading }}")
    b.tag("elif s.heading")
    b.p("Heading 2", "{{ s.heading }}")
    b.tag("endif")
    b.blocks("s.blocks")
    b.tag("endfor")
    b.tag("if competence")
    b.p("Label Row", "{{ labels.competence }}", BR, "{{ competence }}")
    b.tag("endif")
    b.tag("if presenter")
    b.p("Label Row", "{{ labels.presenter }}", BR, "{{ presenter }}")
    b.tag("endif")
    b.tag("if handling")
    b.p("Heading 2", "{{ words.handling }}")
    b.blocks("handling")
    b.tag("endif")
    b.p("Heading 2", "{{ words.decision }}")
    b.blocks("decision")
    b.tag("if attachments")
    b.p("Label Row", "{{ labels.attachments }}", BR, "{{ attachments|join('\\n') }}")
    b.tag("endif")
    b.tag("if for_information")
    b.p("Label Row", "{{ labels.for_information }}", BR, "{{ for_information|join('\\n') }}")
    b.tag("endif")
    b.p("Heading 2", "{{ appeal_heading }}")
    b.tag("for text in appeal")
    b.p("Body Text", "{{ text }}")
    b.tag("endfor")
    b.p("Heading 2", "{{ words.inspection }}")
    b.tag("for text in inspection")
    b.p("Lines", "{{ text }}")
    b.tag("endfor")
    b.p("Heading 2", "{{ words.certify }}")
    b.tag("for text in certification")
    b.p("Lines", "{{ text }}")
    b.tag("endfor")
    b.tag("if remove_after")
    b.p("Label Row", Bold("{{ words.remove_after }}"), BR, "{{ remove_after }}")
    b.tag("endif")
    b.tag("if contact")
    b.p("Label Row", "{{ labels.contact }}", BR, "{{ contact|join('\\n') }}")
    b.tag("endif")
    return save(doc)


def main() -> int:
    for name, builder in (("approvals.docx", build_summary), ("extract.docx", build_extract)):
        out = DEFAULT_OUTDIR / name
        data = builder()
        out.write_bytes(data)
        print(f"wrote {out} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
