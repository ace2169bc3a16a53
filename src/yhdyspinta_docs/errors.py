"""The exception hierarchy of yhdyspinta-docs.

Every error a user can cause derives from :class:`YhdyspintaError`; the CLI prints
its message (what, where, how to fix) and exits non-zero without a traceback::

    YhdyspintaError
    ├── PlanError            plan file unreadable or invalid (file, line, field path)
    ├── TemplateError        a .docx/.xlsx template is broken or does not fit the data
    ├── MatrixError          a returned follow-up workbook cannot be read (file, sheet!cell)
    │   └── MergeConflictError   two returned files changed the same cell differently
    ├── OutputError          an output would overwrite a file, or cannot be written
    └── ConversionError      LibreOffice is missing or failed to convert a document
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ConversionError",
    "Issue",
    "MatrixError",
    "MergeConflictError",
    "OutputError",
    "PlanError",
    "TemplateError",
    "YhdyspintaError",
    "printable",
]

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` safe to print on a terminal: every control character a terminal acts on (an
    escape sequence, a carriage return, the C1 controls such as ``\\x9b``) and every
    bidirectional control (``\\u202e`` reverses what follows it on screen) written as a
    visible escape. Messages quote texts from returned workbooks and templates, which come
    from outside; line breaks and tabs stay."""
    return _UNSAFE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


class YhdyspintaError(Exception):
    """Root of all errors a user of the library or the CLI can cause."""

    exit_code: int = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Issue:
    """One problem found in an input: where it is and what is wrong.

    `where` is already formatted for a human, e.g. ``plan.yaml:42 toimenpiteet[2].vastuutahot[0]``
    or ``kunta.xlsx: Seuranta!D7``.
    """

    where: str
    what: str

    def __str__(self) -> str:
        # one line each: a library's own message (openpyxl's spans three lines) is joined
        text = f"{self.where}: {self.what}" if self.where else self.what
        return _BREAKS.sub(" ", text.strip()) if "\n" in text or "\r" in text else text


_BREAKS = re.compile(r"\s*[\r\n]+\s*")


_LISTED = 20
"""How many issues an error lists by default; the rest are counted (``... and 5 more``)."""


def _join(issues: Sequence[Issue], limit: int = _LISTED) -> str:
    lines = [str(i) for i in issues[:limit]]
    if len(issues) > limit:
        lines.append(f"... and {len(issues) - limit} more")
    return "\n".join(lines)


class _IssuesError(YhdyspintaError):
    """An error that carries a list of :class:`Issue` records. Its message lists the first
    `limit` of them (all are kept in ``issues``) and counts the rest."""

    def __init__(self, issues: Sequence[Issue], header: str | None = None, *,
                 limit: int = _LISTED) -> None:
        self.issues = list(issues)
        body = _join(self.issues, limit)
        super().__init__(f"{header}\n{body}" if header else body)


class PlanError(_IssuesError):
    """The plan file cannot be read or does not validate.

    `path` is the plan file; each issue names the line and the field path. The message lists
    the first `limit` issues and counts the rest.
    """

    exit_code = 2

    def __init__(
        self, issues: Sequence[Issue], path: Path | None = None, header: str | None = None, *,
        limit: int = _LISTED,
    ) -> None:
        self.path = path
        super().__init__(issues, header, limit=limit)


class TemplateError(_IssuesError):
    """A template has a syntax error, uses unknown variables or misplaces tags."""

    exit_code = 3

    def __init__(
        self, issues: Sequence[Issue], template: Path | str | None = None, header: str | None = None
    ) -> None:
        self.template = template
        super().__init__(issues, header)


class MatrixError(_IssuesError):
    """A follow-up workbook cannot be read, or some of its cells are invalid.

    Issues are formatted ``file: Sheet!Cell: what is wrong, what is expected``.
    """

    exit_code = 4


class MergeConflictError(MatrixError):
    """Returned files disagree about the same cell; all values were kept in the report."""

    exit_code = 5


class OutputError(YhdyspintaError):
    """An output file exists (and ``force`` was not given) or cannot be written."""

    exit_code = 6


class ConversionError(YhdyspintaError):
    """LibreOffice is not installed or did not produce the expected file."""

    exit_code = 7
