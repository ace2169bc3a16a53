"""Whether a merged matrix fits the plan it is reported with.

The report shows one row per measure and responsible party of the plan file, with the
entries the merged matrix has for it. The plan file is edited in place for next year, so a
report made again later (to add the meeting date) may be given a plan that has changed since
the matrix was made: :func:`followup_problem` refuses a matrix made for another version of the
plan, as collect refuses a returned copy of one; :func:`followup_warnings` names what the
report would otherwise hide: a row with entries the plan no longer has, a row the plan has
that the matrix was never sent with (the measures changed without the plan's ``versio``
changing), and a matrix into which no party's copy was collected.
"""

from __future__ import annotations

from .matrix import FollowupData, plan_rows
from .plan import PlanFile

__all__ = ["followup_problem", "followup_warnings", "version_warning"]

_LISTED = 5


def _some(keys: list[str]) -> str:
    shown = ", ".join(keys[:_LISTED])
    return shown + (f" and {len(keys) - _LISTED} more" if len(keys) > _LISTED else "")


def followup_problem(pf: PlanFile, data: FollowupData) -> str | None:
    """Why the merged follow-up `data` cannot be reported with `pf`, or None: it is a
    party's copy, or it was made for another version of the plan."""
    if data.recipient is not None:
        return (f"is the copy sent to '{data.recipient}' (that party's rows only), not the "
                "merged data: the report would show every other party's rows without entries; "
                "give collect(...).data, or read_matrix() of the merged matrix")
    if data.plan_version == pf.plan.version:
        return None
    return (f"was made for version {data.plan_version} of the plan, and the plan file is "
            f"version {pf.plan.version}: the report would show the rows of version "
            f"{pf.plan.version} and leave out entries the matrix has; report with the plan file "
            f"of that round (versio: {data.plan_version}, e.g. a copy kept with the matrix), "
            "or carry the entries into this version with 'matrix --merge-from' and collect "
            "that round")


def followup_warnings(pf: PlanFile, data: FollowupData) -> list[str]:
    """What a report of `data` with `pf` (of the same version) would not show as the matrix
    has it."""
    planned = [r.key for r in plan_rows(pf)]
    known = set(planned)
    rows = {r.key: r for r in data.rows}
    warnings = []
    lost = [k for k, r in rows.items() if k not in known and r.has_entries]
    if lost:
        warnings.append(
            f"the matrix has entries on {len(lost)} row(s) the plan no longer has ({_some(lost)})"
            f", and the report leaves them out: the plan's measures or responsible parties "
            f"changed after the matrix was made, and its versio is still {pf.plan.version}; "
            "report with the plan file the matrix was made with, and change versio whenever "
            "measures change")
    unsent = [k for k in planned if k not in rows]
    if unsent:
        warnings.append(
            f"{len(unsent)} row(s) of the plan were not in the matrix ({_some(unsent)}): the "
            "report shows them without entries, as if their parties had not answered; the "
            "plan changed after the matrix was made, and its versio is still "
            f"{pf.plan.version}: change versio whenever measures change")
    if data.returned is None and data.recipient is None and not data.copies_collected:
        warnings.append(
            "no party's copy was collected into this matrix: it is the combined matrix made "
            "for the round (matrix --merge-from), with the entries it was sent with; give the "
            "matrix that collect wrote from the returned copies")
    return warnings


def version_warning(pf: PlanFile, previous: FollowupData, name: str) -> str | None:
    """The warning for carrying `previous` (the matrix `name`) into a plan whose measures or
    responsible parties changed while its ``versio`` stayed the same: copies of the earlier
    round are then not told apart from the new, and a report cannot tell a new measure from
    one nobody answered. None when the version changed or the rows are the same."""
    if previous.plan_version != pf.plan.version:
        return None
    planned = {r.key for r in plan_rows(pf, previous.recipient)}
    had = {r.key for r in previous.rows}
    if planned == had:
        return None
    added, removed = sorted(planned - had), sorted(had - planned)
    what = "; ".join(part for part in (
        f"{len(added)} row(s) added ({_some(added)})" if added else "",
        f"{len(removed)} row(s) removed ({_some(removed)})" if removed else "") if part)
    return (f"{name} was made for version {previous.plan_version} of the plan, and the plan's "
            f"measures or responsible parties have changed since ({what}), but its versio is "
            f"still {pf.plan.version}: change versio whenever measures change, so that copies "
            "of the earlier round are told from the new ones and the report marks new "
            "measures as new")
