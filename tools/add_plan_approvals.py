#!/usr/bin/env python3
"""Add the plan's own approvals ("Hyväksymispäätökset") to templates/plan.docx, in place.

A documented one-off, idempotent (a template that already shows ``plan_approvals`` is left
as it is), so it can be run again on a restyled plan.docx. It inserts, before the heading
"{{ labels.agreement_section }}", with the template's own styles::

    {%p if plan_approvals %}
    {{ labels.approvals }}                      Heading 2
    {{ plan_approved }}                         Body Text
    {%p for line in plan_approvals %}
    {{ line }}                                  Lines
    {%p endfor %}
    {%p endif %}

Run from the repository root: ``python tools/add_plan_approvals.py [templates/plan.docx]``.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from docx import Document

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else REPO / "templates" / "plan.docx"
    doc = Document(str(path))
    if any("plan_approvals" in p.text for p in doc.paragraphs):
        print(f"{path}: already shows plan_approvals")
        return 0
    anchor = next(p for p in doc.paragraphs if p.text.strip() == "{{ labels.agreement_section }}")
    for text, style in (("{%p if plan_approvals %}", "Normal"),
                        ("{{ labels.approvals }}", "Heading 2"),
                        ("{{ plan_approved }}", "Body Text"),
                        ("{%p for line in plan_approvals %}", "Normal"),
                        ("{{ line }}", "Lines"),
                        ("{%p endfor %}", "Normal"),
                        ("{%p endif %}", "Normal")):
        anchor.insert_paragraph_before(text, style=style)
    out = io.BytesIO()
    doc.save(out)
    # the same member order and fixed dates as the library's own packages
    sys.path.insert(0, str(REPO / "src"))
    from yhdyspinta_docs.output._zip import zip_members
    from yhdyspinta_docs.word._save import package_order

    with zipfile.ZipFile(out) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    path.write_bytes(zip_members([(n, parts[n]) for n in package_order(list(parts))], 9))
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
