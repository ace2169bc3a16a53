"""Plan file → validated :class:`.PlanFile`, with errors that name the line.

Every problem becomes an :class:`~yhdyspinta_docs.errors.Issue` formatted
``plan.yaml:42 toimenpiteet[2].vastuutahot[0]: unknown party 'jyvaskyla'; …`` and all of them
are raised together as one :class:`~yhdyspinta_docs.errors.PlanError`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .._inputs import InputRefused, InputTooLarge, read_regular
from ..errors import Issue, PlanError
from ._checks import check_plan
from ._decision_checks import check_decisions
from ._model import PlanFile
from ._scaffold import find_placeholders
from ._text import Loc
from ._yaml import parse_yaml, short, where

__all__ = ["line_map", "load_plan", "parse_plan"]

MAX_PLAN_BYTES = 5 * 1024 * 1024


def load_plan(path: str | Path) -> PlanFile:
    """Read and validate the plan file at `path`.

    Raises :class:`PlanError` listing every problem with file, line and field path.
    """
    path = Path(path)
    return parse_plan(_read_source(path), name=str(path), path=path)


def _read_source(path: Path) -> str:
    """The text of the plan file at `path`: a regular file of at most :data:`MAX_PLAN_BYTES`
    bytes of UTF-8, read without ever blocking on a pipe or reading past the limit."""
    try:
        raw = read_regular(path, MAX_PLAN_BYTES)
    except InputTooLarge as exc:
        what = (f"is {exc.size} bytes; a plan file is at most {MAX_PLAN_BYTES} bytes"
                if exc.size is not None else
                f"is over {MAX_PLAN_BYTES} bytes, the most a plan file can be")
        raise PlanError([Issue(str(path), what)], path) from None
    except InputRefused as exc:
        hint = {"no such file": "; check the path, or run 'yhdyspinta-docs init DIR' to start "
                "a plan"}.get(exc.what, "; give the plan file (plan.yaml)")
        if exc.what.startswith("cannot be read"):
            hint = ""
        raise PlanError([Issue(str(path), exc.what + hint)], path) from None
    if raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise PlanError([Issue(str(path), "is an Office file (Word/Excel), not a plan file; "
                               "give the plan's YAML file (plan.yaml)")], path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlanError([Issue(str(path), f"is not UTF-8 text (byte {exc.start}); save the "
                               "file as UTF-8")], path) from None


def parse_plan(source: str, name: str = "plan.yaml", path: Path | None = None) -> PlanFile:
    """Validate plan YAML given as a string; `name` is used in messages."""
    data, lines = parse_yaml(source, name, path)
    if not isinstance(data, Mapping):
        raise PlanError([Issue(f"{name}:1", "the plan file must be a mapping of keys "
                               "(alue:, osapuolet:, sopimus:, suunnitelma:, asia:)")], path)
    placeholders = find_placeholders(data)
    if placeholders:
        issues = [Issue(where(name, lines, loc), f"not filled in yet: {text}")
                  for loc, text in placeholders]
        raise PlanError(issues, path, header=f"{name}: {len(issues)} placeholder(s) to fill in; "
                        "replace each 'TÄYTÄ: …' with the real value")
    try:
        plan = PlanFile.model_validate(data)
    except ValidationError as exc:
        issues = _union_issues(exc.errors(), data, name, lines)
        raise PlanError(_dedupe(issues), path,
                        header=f"{name}: {len(issues)} problem(s) in the plan file") from None
    findings = check_plan(plan) + check_decisions(plan)
    if findings:
        issues = [Issue(where(name, lines, loc), msg) for loc, msg in findings]
        raise PlanError(issues, path, header=f"{name}: {len(issues)} problem(s) in the plan file")
    return plan


def line_map(path: Path) -> Callable[[Loc], str]:
    """Return a function that formats a field path of the plan at `path` as ``file:line path``."""
    data, lines = parse_yaml(_read_source(path), str(path), path)
    del data
    return lambda loc: where(str(path), lines, loc)


# -- pydantic errors in the plan file's words -------------------------------------------------


_BRANCH_PREFIXES = ("dict[", "function-", "union[", "literal[", "constrained-str[")
_BRANCH_NAMES = frozenset({"str", "Insert"})


def _is_branch(part: str | int) -> bool:
    """True for pydantic's union-branch labels, which are never keys of the plan file."""
    return isinstance(part, str) and (part in _BRANCH_NAMES or part.startswith(_BRANCH_PREFIXES))


def _split_branch(loc: tuple[int | str, ...]) -> tuple[Loc, str | None, Loc]:
    """Split a pydantic loc at its first union-branch label: (before, label, after)."""
    for i, part in enumerate(loc):
        if _is_branch(part):
            rest = tuple(p for p in loc[i + 1:] if not _is_branch(p))
            return tuple(loc[:i]), str(part), rest
    return tuple(loc), None, ()


def _lookup(data: Any, loc: Loc) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _wanted_branch(value: Any) -> str | None:
    """The union branch the user meant, judged by what they wrote."""
    if isinstance(value, Mapping):
        return "Insert" if "lisaa" in value else "dict["
    if isinstance(value, str):
        return "str"
    return None


def _union_issues(errors: list[ErrorDetails], data: Any, name: str,
                  lines: Mapping[Loc, int]) -> list[Issue]:
    """Keep, for each union, only the errors of the branch that fits the written value."""
    issues: list[Issue] = []
    done: set[Loc] = set()
    for err in errors:
        before, label, after = _split_branch(err["loc"])
        if label is None:
            issues.append(_issue_from_error(err, before, name, lines))
            continue
        value = _lookup(data, before)
        wanted = _wanted_branch(value)
        labels = [str(p) for p in err["loc"] if _is_branch(p)]
        if wanted is None:
            if before not in done:
                done.add(before)
                issues.append(Issue(where(name, lines, before),
                                    f"expected text, got {type(value).__name__} {short(value)}; "
                                    "quote it ('…') if it is meant as text"))
            continue
        if any(lab.startswith(wanted) for lab in labels) or (
            wanted == "str" and label.startswith("function-") and labels[-1:] == [label]
        ):
            issues.append(_issue_from_error(err, before + after, name, lines))
    return issues


def _issue_from_error(err: ErrorDetails, loc: Loc, name: str, lines: Mapping[Loc, int]) -> Issue:
    kind = err["type"]
    msg = err["msg"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = _allowed_keys(loc[:-1])
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        msg = f"unknown key '{key}'" + (f"; did you mean '{close[0]}'?" if close else "")
        if allowed:
            msg += " allowed keys here: " + ", ".join(allowed)
    elif kind == "missing":
        msg = f"missing required key '{loc[-1]}'"
        desc = _description(loc)
        if desc and len(desc) <= 120:
            msg += f" ({desc})"
    elif kind == "string_pattern_mismatch" and str(loc[-1:]) and "tunnus" in str(loc[-1]):
        msg = (f"{err['input']!r} is not a valid id; use lower-case letters a-z, digits, "
               "- and _ (e.g. 'keski-suomi')")
    elif kind in ("date_format", "date_type", "section_format", "blank"):
        msg = err["msg"]
    elif kind == "literal_error" and loc[-1:] == ("[key]",):
        loc = loc[:-1]
        msg = f"unknown language {loc[-1]!r}; texts can be given in 'fi' and 'sv'"
    elif kind == "literal_error" or kind == "enum":
        expected = err.get("ctx", {}).get("expected", "")
        msg = f"{err['input']!r} is not allowed here; write one of {expected}"
    elif kind.endswith("_type") or kind == "model_type":
        msg = f"{msg}, got {type(err['input']).__name__} {short(err['input'])}"
    return Issue(where(name, lines, loc), msg)


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """Return the model class that describes the mapping at `loc`, following aliases."""
    import typing

    model: type[BaseModel] = PlanFile
    for part in loc:
        if isinstance(part, int):
            continue
        field = next((f for n, f in model.model_fields.items()
                      if (f.alias or n) == part), None)
        if field is None:
            return None
        found = _first_model(field.annotation, typing)
        if found is None:
            return None
        model = found
    return model


def _first_model(annotation: Any, typing: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _first_model(arg, typing)
        if found is not None:
            return found
    return None


def _allowed_keys(loc: Loc) -> list[str]:
    model = _model_at(loc)
    if model is None:
        return []
    return [f.alias or n for n, f in model.model_fields.items()]


def _description(loc: Loc) -> str:
    model = _model_at(loc[:-1])
    if model is None:
        return ""
    field = next((f for n, f in model.model_fields.items() if (f.alias or n) == loc[-1]), None)
    return (field.description or "") if field else ""


def _dedupe(issues: list[Issue]) -> list[Issue]:
    seen: set[tuple[str, str]] = set()
    out = []
    for issue in issues:
        if (issue.where, issue.what) not in seen:
            seen.add((issue.where, issue.what))
            out.append(issue)
    return out
