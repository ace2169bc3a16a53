"""Plan file → validated :class:`.PlanFile`, with errors that name the line.

Every problem becomes an :class:`~yhdyspinta_docs.errors.Issue` formatted
``plan.yaml:42 toimenpiteet[2].vastuutahot[0]: unknown party 'jyvaskyla'; …`` and all of them
are raised together as one :class:`~yhdyspinta_docs.errors.PlanError`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from pydantic import ValidationError

from .._inputs import InputRefused, InputTooLarge, read_regular
from ..errors import Issue, PlanError
from ._checks import check_plan
from ._messages import plan_issues
from ._model import PlanFile
from ._scaffold import find_placeholders
from ._text import Loc
from ._yaml import parse_yaml, where

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
        issues = plan_issues(exc.errors(), data, name, lines)
        raise PlanError(issues, path,
                        header=f"{name}: {len(issues)} problem(s) in the plan file") from None
    findings = check_plan(plan)
    if findings:
        issues = [Issue(where(name, lines, loc), msg) for loc, msg in findings]
        raise PlanError(issues, path, header=f"{name}: {len(issues)} problem(s) in the plan file")
    return plan


def line_map(path: Path) -> Callable[[Loc], str]:
    """Return a function that formats a field path of the plan at `path` as ``file:line path``."""
    data, lines = parse_yaml(_read_source(path), str(path), path)
    del data
    return lambda loc: where(str(path), lines, loc)
