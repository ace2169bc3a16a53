"""Plan file → validated :class:`~yhdyspinta_docs.model.PlanFile`, with errors that name the line.

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
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .checks import check_plan
from .errors import Issue, PlanError
from .model import PlanFile
from .scaffold import find_placeholders
from .text import Loc

__all__ = ["line_map", "load_plan", "parse_plan"]

MAX_PLAN_BYTES = 5 * 1024 * 1024


def load_plan(path: str | Path) -> PlanFile:
    """Read and validate the plan file at `path`.

    Raises :class:`PlanError` listing every problem with file, line and field path.
    """
    path = Path(path)
    try:
        if path.is_dir():
            raise PlanError([Issue(str(path), "is a directory; give the plan file (plan.yaml)")])
        size = path.stat().st_size
        if size > MAX_PLAN_BYTES:
            raise PlanError([Issue(str(path), f"is {size} bytes; a plan file is at most "
                                   f"{MAX_PLAN_BYTES} bytes")])
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise PlanError([Issue(str(path), "no such file; check the path, or run "
                               "'yhdyspinta-docs init DIR' to start a plan")]) from exc
    except PermissionError as exc:
        raise PlanError([Issue(str(path), "cannot be read (permission denied)")]) from exc
    if raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise PlanError([Issue(str(path), "is an Office file (Word/Excel), not a plan file; "
                               "give the plan's YAML file (plan.yaml)")])
    try:
        source = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlanError([Issue(str(path), f"is not UTF-8 text (byte {exc.start}); save the "
                               "file as UTF-8")]) from exc
    return parse_plan(source, name=str(path), path=path)


def parse_plan(source: str, name: str = "plan.yaml", path: Path | None = None) -> PlanFile:
    """Validate plan YAML given as a string; `name` is used in messages."""
    data, lines = _parse_yaml(source, name, path)
    if not isinstance(data, Mapping):
        raise PlanError([Issue(f"{name}:1", "the plan file must be a mapping of keys "
                               "(alue:, osapuolet:, sopimus:, suunnitelma:, asia:)")], path)
    placeholders = find_placeholders(data)
    if placeholders:
        issues = [Issue(_where(name, lines, loc), f"not filled in yet: {text}")
                  for loc, text in placeholders]
        raise PlanError(issues, path, header=f"{name}: {len(issues)} placeholder(s) to fill in; "
                        "replace each 'TÄYTÄ: …' with the real value")
    try:
        plan = PlanFile.model_validate(data)
    except ValidationError as exc:
        issues = _union_issues(exc.errors(), data, name, lines)
        raise PlanError(_dedupe(issues), path,
                        header=f"{name}: {len(issues)} problem(s) in the plan file") from None
    findings = check_plan(plan)
    if findings:
        issues = [Issue(_where(name, lines, loc), msg) for loc, msg in findings]
        raise PlanError(issues, path, header=f"{name}: {len(issues)} problem(s) in the plan file")
    return plan


def line_map(path: Path) -> Callable[[Loc], str]:
    """Return a function that formats a field path of the plan at `path` as ``file:line path``."""
    data, lines = _parse_yaml(path.read_text("utf-8-sig"), str(path), path)
    del data
    return lambda loc: _where(str(path), lines, loc)


# -- YAML with line numbers ---------------------------------------------------------------------


def _parse_yaml(source: str, name: str, path: Path | None) -> tuple[Any, dict[Loc, int]]:
    yaml = YAML(typ="rt")
    try:
        node = yaml.load(source)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = exc.problem or exc.context or "invalid YAML"
        hint = ("; a value that contains ': ' or starts with a special character must be "
                "quoted" if "mapping values" in problem else "")
        if "duplicate key" in str(exc):
            problem, hint = "a key appears twice in the same mapping", "; remove one of them"
        raise PlanError([Issue(f"{name}{line}", f"YAML syntax error: {problem}{hint}")],
                        path) from None
    except YAMLError as exc:
        raise PlanError([Issue(name, f"YAML error: {exc}")], path) from None
    lines: dict[Loc, int] = {(): 1}
    return _plain(node, (), lines), lines


def _plain(node: Any, loc: Loc, lines: dict[Loc, int]) -> Any:
    """Turn ruamel nodes into plain Python data, recording the line of every path."""
    if isinstance(node, CommentedMap):
        out: dict[Any, Any] = {}
        for key, value in node.items():
            try:
                line = node.lc.key(key)[0] + 1
            except (KeyError, TypeError, AttributeError):
                line = lines.get(loc, 1)
            lines[loc + (str(key),)] = line
            out[str(key) if not isinstance(key, str) else key] = _plain(
                value, loc + (str(key),), lines)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for i, value in enumerate(node):
            try:
                lines[loc + (i,)] = node.lc.item(i)[0] + 1
            except (KeyError, TypeError, AttributeError, IndexError):
                lines[loc + (i,)] = lines.get(loc, 1)
            items.append(_plain(value, loc + (i,), lines))
        return items
    if isinstance(node, bool | int | float) or node is None:
        return node
    if isinstance(node, str):
        return str(node)
    return node


def _path(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _where(name: str, lines: Mapping[Loc, int], loc: Loc) -> str:
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in lines:
            return f"{name}:{lines[loc[:cut]]} {_path(loc)}".rstrip()
    return f"{name} {_path(loc)}".rstrip()


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
                issues.append(Issue(_where(name, lines, before),
                                    f"expected text, got {type(value).__name__} {_short(value)}; "
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
        msg = f"{msg}, got {type(err['input']).__name__} {_short(err['input'])}"
    return Issue(_where(name, lines, loc), msg)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


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
