"""What a Word template does to the accessibility of the documents made from it.

A region restyles a bundled template in Word or LibreOffice, and the template still renders,
yet its documents may have lost what a screen reader needs: LibreOffice drops a table's title
(alt text) when it saves a .docx, a heading restyled as bold text is no heading, a logo put
in the header has no alt text. :func:`template_accessibility` renders the template with the
Keski-Suomi example, as :func:`~._check.check_template` does, and checks that document as
``check-accessibility`` checks a build's documents; each finding says where in the document
it is and what to change in the template.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..errors import Issue
from ..output import check_accessibility
from ._check import infer_kind, sample_context
from ._lint import read_template
from ._properties import DocProperties
from ._template import WordTemplate

__all__ = ["template_accessibility"]


def template_accessibility(path: str | Path, kind: str | None = None) -> list[Issue]:
    """The accessibility findings of the document that the Word template at `path` (of
    `kind`, inferred when None) makes with the Keski-Suomi example; empty when it has none,
    and for a matrix template (a workbook is checked by ``check-accessibility`` after a
    build). Check the template with :func:`~._check.check_template` first: one it finds
    wrong raises :class:`~yhdyspinta_docs.errors.TemplateError` here."""
    path = Path(path)
    kind = kind or infer_kind(path)
    if kind == "matrix":
        return []
    template = WordTemplate(read_template(path), name=path.name)
    data = bytes(template.render(sample_context(kind),
                                 DocProperties(title=path.stem, language="fi-FI")))
    with tempfile.TemporaryDirectory(prefix="yhdyspinta-") as folder:
        made = Path(folder) / (path.stem + ".docx")  # findings are named by this file name
        made.write_bytes(data)
        found = check_accessibility([made])
    return [Issue(i.where.replace(made.name, f"{path.name} (the document it makes)", 1), i.what)
            for i in found]
