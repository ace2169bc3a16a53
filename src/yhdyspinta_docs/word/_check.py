"""Check a user's own template before it is used: ``yhdyspinta-docs check-template FILE``.

A Word template (decision, plan, report, or the approval round's approvals and extract) is
checked for

* Jinja syntax errors (compiled by :class:`._template.WordTemplate`), located as Word
  shows them (:mod:`._error_places`);
* every variable or attribute path that the data of its kind does not provide, with a
  suggestion (resolved against :mod:`.context_types`, loops followed to their item types);
  dict-method names used as attributes (``b.items``: Jinja finds the method before the key);
* misplaced docxtpl tags: ``{%p``/``{%tr``/``{%tc`` not alone in their paragraph, row or cell,
  a ``{%tr`` outside a table row, ``%``/``}`` inside such a tag, blocks whose tags are of
  different kinds (docxtpl would delete text or write broken XML), located as the variables
  are: by paragraph, table cell or header as Word shows them (:class:`._places.Places`);
* and, when all that is clean, a render with the Keski-Suomi example and with a sample in
  which every value is filled, under StrictUndefined: a render error (located as a syntax
  error is), or a ``{{``/``{%`` left in the output, is reported.

First of all, the package is linted (:mod:`._lint`): bounds, macros, embedded objects, links
that fetch from outside, fields that fetch or run something, tracked changes, formulas outside
the allow-list, foreign defined names, very hidden sheets; a Word template with any such
finding is not compiled or rendered at all. A matrix template (.xlsx) is checked for the
sheets, column headers and defined name the matrix writer needs, with a suggestion for a
near-miss header. :func:`ensure_template_ok` raises :class:`.TemplateError` with every
problem; the build calls it before rendering any user template.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from .._arguments import path_argument
from ..contexts._types import CONTEXT_TYPES, hints, is_typeddict, variants
from ..errors import Issue, TemplateError
from ..matrix import FollowupData, Status
from ..matrix._followup import (
    ARCHIVE_COLUMNS,
    COLUMNS,
    NAME_STATUS_LIST,
    SHEET_ARCHIVE,
    SHEET_DATA,
    SHEET_HELP,
    SHEET_LISTS,
    SHEET_META,
    SHEET_SUMMARY,
    STATUS_CHOICES,
    TEMPLATE_VERSION,
    Column,
    normalize_header,
)
from ..plan import Lang, PlanFile
from ._lint import lint_template, prepare_template, read_template
from ._pictures import picture_issues
from ._places import Places, paragraph_texts, part_label, part_labels
from ._tags import suggest, tag_issues, where
from ._variables import kind_by_variables, kind_hint, part_places, variable_issues

__all__ = ["BUILD_KINDS", "DECISIONS_KINDS", "KINDS", "check_template", "ensure_template_ok",
           "infer_kind", "sample_context", "sample_followup", "synthetic_context"]

KINDS = ("decision", "plan", "report", "matrix", "approvals", "extract")
"""Template kinds: the three Word documents of a build, the follow-up matrix workbook, and the
approval round's two Word documents (the county board's summary and the minutes extract)."""

BUILD_KINDS = ("decision", "plan", "report", "matrix")
"""The kinds ``build`` and ``report`` take with ``--template``."""
DECISIONS_KINDS = ("approvals", "extract")
"""The kinds ``decisions`` takes with ``--template``."""

_PART_RE = re.compile(r"^word/(document|header\d*|footer\d*|footnotes)\.xml$")
_UNKNOWN_TAG = re.compile(r"unknown tag '(p|tr|tc|r)'")
_LEFTOVER = re.compile(r"\{\{|\{%|\{#|%\}|\}\}|#\}")
_KIND_WORDS = (  # the approval round's first: their titles also name the plan
    ("extract", ("poytakirjanote", "extract", "minutes", "protokollsutdrag", "utdrag")),
    ("approvals", ("hyvaksyminen", "approvals", "godkannande")),
    ("decision", ("decision", "paatos", "esitys", "beslut", "proposal")),
    ("report", ("report", "raportti", "rapport", "seuranta", "uppfoljning")),
    ("plan", ("plan", "suunnitelma", "liite", "bilaga")),
)
_SAMPLE_DAY = dt.date(2026, 10, 1)


# --- public API ---------------------------------------------------------------------------------


def check_template(path: str | Path, kind: str | None = None) -> list[Issue]:
    """Every problem of the template at `path` for document `kind` (inferred when None).

    An empty list means the template can be used. See the module docstring for what is checked.
    A Word template that uses the variables of another kind is said to be one first.
    """
    path = path_argument(path, "check_template(path)", lambda what: TemplateError(
        [Issue("", what)]), "a template held in memory is written to a file first")
    try:
        data = read_template(path)
    except OSError as exc:
        return [Issue(str(path), f"cannot read the template: {exc.strerror or exc}")]
    except TemplateError as exc:  # too big to read
        return exc.issues
    lint = lint_template(data, path.name)
    if lint.package:  # no parser may read it
        return lint.package
    kind = kind or infer_kind(path)
    if kind not in KINDS:
        close = suggest(str(kind), KINDS)
        hint = f" (did you mean '{close}'?)" if close else ""
        return [Issue(path.name, f"unknown template kind '{kind}'{hint}; expected one of "
                      + ", ".join(KINDS))]
    if kind == "matrix":  # openpyxl only reads it here: its structure is checked too
        return lint.content + [i for i in _check_xlsx(path.name, data)
                               if i not in lint.content]
    return lint.content or kind_hint(path.name, data, kind, _check_docx(path.name, data, kind))


def ensure_template_ok(path: str | Path, kind: str | None = None, *,
                       checking: bool = False) -> None:
    """Raise :class:`TemplateError` listing every problem of the template, if any
    (`checking`: for ``check-template`` itself, which was to write nothing)."""
    issues = check_template(path, kind)
    if issues:
        then = ("fix it and check it again" if checking else "nothing was written. Fix it "
                f"and check it with 'yhdyspinta-docs check-template {path}'")
        raise TemplateError(issues, template=path, header=(
            f"template {Path(path).name} ({kind or infer_kind(Path(path))}) cannot be used: "
            f"{len(issues)} problem(s); {then} (variables: docs/templates.md)"))


def infer_kind(path: str | Path) -> str:
    """The kind of the template at `path`: an .xlsx is a matrix; otherwise from words in the
    file name, then in its title (core properties), then from the variables it uses."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return "matrix"
    try:
        data = read_template(path) if path.is_file() else b""
    except (OSError, TemplateError):
        data = b""
    for text in (path.stem, _core_title(data)):
        folded = _fold(text)
        for kind, words in _KIND_WORDS:
            if any(w in folded for w in words):
                return kind
    fits = kind_by_variables(data)
    return fits[0] if fits else "decision"


# --- sample data --------------------------------------------------------------------------------


@functools.cache
def _example(name: str) -> PlanFile:
    from .._assets import example_plan_path
    from ..plan import load_plan

    return load_plan(example_plan_path(name))


def sample_followup(pf: PlanFile) -> tuple[FollowupData, FollowupData]:
    """Made-up follow-up data for `pf` (every row filled) and a previous period that differs."""
    from ..matrix import plan_rows

    order = [Status.IN_PROGRESS, Status.DONE, Status.NOT_STARTED, Status.DELAYED]
    rows = plan_rows(pf)

    def period(shift: int, label: str) -> FollowupData:
        filled = [r.model_copy(update={
            "status": order[(i + shift) % len(order)], "updated": _SAMPLE_DAY,
            "description": f"Tilannekuvaus {i + 1}", "next_steps": f"Seuraava vaihe {i + 1}"})
            for i, r in enumerate(rows)]
        return FollowupData(plan_id=pf.plan.id, plan_version=pf.plan.version, period=label,
                            rows=filled)

    return period(0, str(_SAMPLE_DAY.year)), period(1, str(_SAMPLE_DAY.year - 1))


def sample_context(kind: str, pf: PlanFile | None = None, lang: Lang | None = None
                   ) -> Mapping[str, Any]:
    """The context of `kind` for `pf` (default: the bundled Keski-Suomi example); a report
    uses :func:`sample_followup`, a decision is allowed to be a draft; an extract is that of
    the first recorded decision with a Käsittely note (else the first), and a plan without
    recorded decisions has none: then the Keski-Suomi example's is used."""
    pf = pf or _example("keski-suomi")
    if kind == "approvals":
        from ..contexts._minutes import approval_summary_context

        return approval_summary_context(pf, lang)
    if kind == "extract":
        from ..contexts._minutes import minutes_context

        if pf.decisions is None or not pf.decisions.records:
            pf = _example("keski-suomi")
        assert pf.decisions is not None
        records = pf.decisions.records
        index = next((i for i, r in enumerate(records) if r.handling_note is not None), 0)
        return minutes_context(pf, index, lang)
    if kind == "decision":
        from ..contexts import decision_context

        return decision_context(pf, None, lang, allow_drafts=True)
    if kind == "plan":
        from ..contexts import plan_context

        return plan_context(pf, lang)
    from ..contexts import report_context

    current, previous = sample_followup(pf)
    return report_context(pf, current, lang, previous=previous)


def synthetic_context(kind: str) -> dict[str, Any]:
    """A context of `kind` made from its TypedDict: every string says where it is
    (``"[measures[0].title]"``), every list has one item (a list of blocks one of each
    variant), every flag is true; so a render reaches every ``if``."""
    result: dict[str, Any] = _fill(CONTEXT_TYPES[kind], "")
    return result


def _fill(tp: Any, path: str) -> Any:
    if is_typeddict(tp):
        return {k: _fill(v, f"{path}.{k}".lstrip(".")) for k, v in hints(tp).items()}
    if get_origin(tp) is list:
        return [_fill(v, f"{path}[{i}]") for i, v in enumerate(variants(get_args(tp)[0]))]
    if get_origin(tp) is Literal:
        return get_args(tp)[0]
    if tp in (bool, int):
        return tp is bool or 2
    if tp is str:
        return f"[{path}]"
    from PIL import Image

    from ._figures import Figure

    png = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(png, "PNG")
    return Figure(png.getvalue(), 20, f"[{path}]")


# --- Word templates -----------------------------------------------------------------------------


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def _core_title(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            core = package.read("docProps/core.xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError):
        return ""
    found = re.search(r"<dc:title>([^<]*)</dc:title>", core)
    return found.group(1) if found else ""


def _check_docx(name: str, data: bytes, kind: str) -> list[Issue]:
    from ._template import WordTemplate

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = {n: package.read(n) for n in package.namelist() if _PART_RE.match(n)}
            labels = part_labels(package)  # "header of section 1" for word/header2.xml …
    except zipfile.BadZipFile:
        parts, labels = {}, {}
    if "word/document.xml" not in parts:
        return [Issue(name, "is an Excel workbook, not a Word .docx document: a workbook is "
                      "the 'matrix' template" if b"xl/workbook.xml" in data else "not a Word "
                      ".docx document (a matrix template is an .xlsx, of the kind 'matrix')")]
    issues: list[Issue] = []
    for partname, xml in sorted(parts.items()):
        try:  # each finding located as Word shows it, as the unknown variables below are
            part = Places(name, xml, label=part_label(partname, labels))
            issues += tag_issues(part) + picture_issues(part)
        except SyntaxError as exc:  # lxml.etree.XMLSyntaxError
            issues.append(Issue(f"{name}: {partname}", f"not well-formed XML: {exc}"))
    try:
        compiled = WordTemplate(data, name=name)
    except TemplateError as exc:
        return issues + [i for i in exc.issues if not (issues and _UNKNOWN_TAG.search(i.what))]
    except Exception as exc:  # python-docx: not a Word package after all
        return issues + [Issue(name, f"cannot be opened as a Word document: {exc}")]
    # the exact Jinja source of each part (patched, one line per paragraph), located in the
    # part as it was compiled (comments and editing-session ids removed: prepare_template)
    places = part_places(name, prepare_template(data, name), compiled.sources)
    for partname, source in compiled.sources.items():
        issues += variable_issues(name, partname, source, CONTEXT_TYPES[kind], kind,
                                  places.get(partname))
    if issues:
        return issues
    return _render_issues(name, compiled, kind)


def _render_issues(name: str, compiled: Any, kind: str) -> list[Issue]:
    """Render with the example and the filled-in sample; report errors and leftover tags."""
    from ._properties import DocProperties

    issues: list[Issue] = []
    samples = (("the Keski-Suomi example", sample_context(kind)),
               ("the sample with every value filled", synthetic_context(kind)))
    for label, context in samples:
        try:
            data = compiled.render(context, DocProperties(title=name))
        except TemplateError as exc:
            issues += [Issue(i.where, f"{i.what} (rendering {label})") for i in exc.issues
                       if not any(x.where == i.where and x.what.startswith(i.what)
                                  for x in issues)]
            continue
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            for partname in sorted(n for n in package.namelist() if _PART_RE.match(n)):
                for i, text in enumerate(paragraph_texts(package.read(partname)), 1):
                    if _LEFTOVER.search(text) and not any(
                            x.where.startswith(f"{name}: {partname} paragraph {i} ")
                            for x in issues):
                        issues.append(Issue(
                            where(name, partname, i, text, unit="paragraph"),
                            f"a template tag is left in the document rendered with {label}: "
                            "write each tag in one piece, '{{ name }}' or '{% … %}'"))
    return issues


# --- matrix template ----------------------------------------------------------------------------


def _check_xlsx(name: str, data: bytes) -> list[Issue]:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            wb = load_workbook(io.BytesIO(data))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        if b"word/document.xml" in data:  # a Word template given as the matrix
            return [Issue(name, "is a Word document, not an Excel .xlsx workbook: the matrix "
                          "template is an .xlsx made from a copy of the bundled matrix.xlsx; "
                          "a Word template is one of decision, plan, report, approvals, "
                          "extract")]
        return [Issue(name, f"not an Excel .xlsx workbook ({exc})")]
    required = (SHEET_HELP, SHEET_DATA, SHEET_SUMMARY, SHEET_LISTS, SHEET_META)
    others = [s for s in wb.sheetnames if s not in (*required, SHEET_ARCHIVE)]
    issues = []
    for sheet in required:
        if sheet not in wb.sheetnames:
            hint = suggest(sheet, others)
            issues.append(Issue(name, f"sheet '{sheet}' is missing" + (
                f"; did you mean to rename sheet '{hint}' to '{sheet}'?" if hint else "")))
    if SHEET_DATA in wb.sheetnames:
        issues += _header_issues(name, wb[SHEET_DATA], COLUMNS)
        if SHEET_DATA not in wb[SHEET_DATA].tables:
            issues.append(Issue(f"{name}: {SHEET_DATA}", f"no Excel table named '{SHEET_DATA}' "
                                "over the columns (Insert → Table, then name it)"))
    if SHEET_ARCHIVE in wb.sheetnames:
        issues += _header_issues(name, wb[SHEET_ARCHIVE], ARCHIVE_COLUMNS)
    if SHEET_LISTS in wb.sheetnames:
        listed = [c.value for c in wb[SHEET_LISTS]["A"][1:len(Status) + 1]]
        if listed != [s.value for s in Status]:
            issues.append(Issue(f"{name}: {SHEET_LISTS}!A2:A{len(Status) + 1}", "must list the "
                                f"statuses {STATUS_CHOICES}, in this order"))
    if NAME_STATUS_LIST not in wb.defined_names:
        hint = suggest(NAME_STATUS_LIST, list(wb.defined_names))
        issues.append(Issue(name, f"no defined name '{NAME_STATUS_LIST}' for the status list "
                            f"(Formulas → Name Manager: {SHEET_LISTS}!$A$2:$A${len(Status) + 1})"
                            + (f"; did you mean to rename '{hint}'?" if hint else "")))
    if SHEET_META in wb.sheetnames:
        meta = wb[SHEET_META]
        rows = {str(meta.cell(r, 1).value): r for r in range(1, 20)}
        if meta.cell(rows.get("template_version", 1), 2).value != TEMPLATE_VERSION:
            issues.append(Issue(f"{name}: {SHEET_META}", f"template version is not "
                                f"{TEMPLATE_VERSION}; start again from templates/matrix.xlsx"))
    return issues


def _header_issues(name: str, ws: Any, spec: tuple[Column, ...]) -> list[Issue]:
    """Required columns missing from row 1, with the near-miss header that was probably meant."""
    cells = [(c.coordinate, c.value) for c in ws[1] if isinstance(c.value, str)]
    present = {normalize_header(v) for _, v in cells}
    known = {normalize_header(c.header) for c in spec}
    unmatched = {normalize_header(v): (coord, v) for coord, v in cells
                 if normalize_header(v) not in known}
    issues = []
    for column in spec:
        if not column.required or normalize_header(column.header) in present:
            continue
        hint = suggest(normalize_header(column.header), unmatched)
        if hint:
            coord, text = unmatched[hint]
            issues.append(Issue(f"{name}: {ws.title}!{coord}", f"column '{column.header}' is "
                                f"missing; did you mean '{column.header}' instead of {text!r}?"))
        else:
            issues.append(Issue(f"{name}: {ws.title}!1", f"column '{column.header}' is missing: "
                                f"add a column with the header '{column.header}' in row 1"))
    return issues
