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
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent
from ruamel.yaml.nodes import ScalarNode

from .._inputs import InputRefused, InputTooLarge, read_regular
from ..errors import Issue, PlanError
from ._checks import check_plan
from ._model import PlanFile
from ._scaffold import find_placeholders
from ._text import Loc

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
    data, lines = _parse_yaml(_read_source(path), str(path), path)
    del data
    return lambda loc: _where(str(path), lines, loc)


# -- YAML with line numbers ---------------------------------------------------------------------


def _parse_yaml(source: str, name: str, path: Path | None) -> tuple[Any, dict[Loc, int]]:
    if any(line.count("[") + line.count("{") > MAX_DEPTH for line in source.splitlines()):
        # many brackets on one line: the YAML library's scanner slows down with each open
        # bracket, so a deep nesting is found by the events before the document is built
        deep = _deep_line(source)
        if deep is not None:
            raise PlanError([Issue(f"{name}:{deep}", _TOO_DEEP)], path)
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
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
    except RecursionError:
        deep = _deep_line(source)
        raise PlanError([Issue(f"{name}:{deep}" if deep else name, _TOO_DEEP)], path) from None
    except (ValueError, LookupError, TypeError, ArithmeticError) as exc:
        # scalars that cannot be converted are kept as text (_Constructor); what is left is
        # a list or mapping the YAML library cannot build, such as a mapping as a key
        what = ("a key is a list or mapping; the keys of a plan file are plain names"
                if "unhashable" in str(exc) else
                f"YAML error: {' '.join(str(exc).split())[:100]}")
        raise PlanError([Issue(name, what)], path) from None
    lines: dict[Loc, int] = {(): 1}
    return _Plain(name, path, lines).convert(node, (), 1), lines


MAX_DEPTH = 64
"""Lists and mappings nested deeper than this are refused (a plan nests about six deep)."""
MAX_NODES = 200_000
"""Values in a plan file, counting every value an alias (``*name``) repeats each time it is
repeated: far more than any plan has, and what keeps an alias of aliases of aliases (a few
hundred bytes that expand to billions of values) from taking the memory of the machine."""
MAX_NUMBER_DIGITS = 30
"""Digits in a number of a plan file (years, section numbers, sums of money have far fewer)."""
_TOO_DEEP = (f"the file nests lists and mappings more than {MAX_DEPTH} levels deep; a plan "
             "file needs at most about six: check the brackets [ ] { } and the indentation")
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


class _LongNumber(str):
    """A number written with more digits than :data:`MAX_NUMBER_DIGITS` (never made an int:
    Python refuses to convert decimal text over 4,300 digits, and no plan needs such a value).
    """


class _Constructor(RoundTripConstructor):
    """The round-trip constructor, with scalars that cannot be converted kept as text.

    ``2026-02-30`` or ``!!int abc`` make the YAML library raise a bare ValueError or KeyError
    without a line; kept as the text written, the plan's model then names the field and says
    what it expects. Over-long numbers become :class:`_LongNumber`, refused with their line.
    """

    def construct_non_recursive_object(self, node: Any, tag: str | None = None) -> Any:
        if not isinstance(node, ScalarNode):
            return super().construct_non_recursive_object(node, tag)
        text = str(node.value)
        if node.tag in _NUMBER_TAGS and _digits(text) > MAX_NUMBER_DIGITS:
            return _LongNumber(text)
        try:
            return super().construct_non_recursive_object(node, tag)
        except YAMLError:
            raise
        except (ValueError, LookupError, TypeError, ArithmeticError):
            return text


def _digits(number: str) -> int:
    """Digits of a number as written (``0x``, ``0o`` and ``0b`` numbers counted alike)."""
    text = number.lstrip("+-")
    if text[:2].lower() in ("0x", "0o", "0b"):
        return sum(ch.isalnum() for ch in text[2:])
    return sum(ch.isdigit() for ch in text)


def _deep_line(source: str) -> int | None:
    """The line where lists and mappings first nest deeper than :data:`MAX_DEPTH`, found with
    the YAML library's event parser (which, unlike building the document, does not recurse).
    """
    depth = 0
    try:
        for event in YAML(typ="rt").parse(source):
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return int(event.start_mark.line) + 1
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except (YAMLError, RecursionError):
        return None
    return None


class _Plain:
    """Turns ruamel nodes into plain Python data, recording the line of every path.

    The size of the result is bounded: more than :data:`MAX_NODES` values (aliases counted
    each time they are expanded), nesting deeper than :data:`MAX_DEPTH`, an alias inside
    the list or mapping it names, or an over-long number end in a :class:`PlanError` naming
    the line.
    """

    def __init__(self, name: str, path: Path | None, lines: dict[Loc, int]) -> None:
        self.name, self.path, self.lines = name, path, lines
        self.count = 0
        self.seen: set[int] = set()
        self.open: set[int] = set()
        self.alias: tuple[int, str] | None = None  # line and name of the outermost alias

    def _fail(self, loc: Loc, what: str, field: bool = True) -> PlanError:
        """An error at `loc`: ``file:line field`` or, without `field`, ``file:line``."""
        if field:
            return PlanError([Issue(_where(self.name, self.lines, loc), what)], self.path)
        line = next((self.lines[loc[:cut]] for cut in range(len(loc), -1, -1)
                     if loc[:cut] in self.lines), 1)
        return PlanError([Issue(f"{self.name}:{line}", what)], self.path)

    def convert(self, node: Any, loc: Loc, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._too_many(loc)
        if isinstance(node, _LongNumber):
            raise self._fail(loc, f"the number {_short(str(node))} has {_digits(node)} digits; "
                             f"numbers in a plan file have at most {MAX_NUMBER_DIGITS}: "
                             "quote it ('…') if it is meant as text")
        if not isinstance(node, CommentedMap | CommentedSeq):
            if isinstance(node, bool | int | float) or node is None:
                return node
            if isinstance(node, str):
                return str(node)
            return node
        key = id(node)
        name = _anchor(node)
        if key in self.open:
            raise self._fail(loc, f"the alias *{name} is inside the list or mapping "
                             f"&{name} it repeats, so it would repeat itself without end; "
                             "write the values out", field=False)
        if depth > MAX_DEPTH:
            raise self._fail(loc, _TOO_DEEP, field=False)
        outer = self.alias
        if key in self.seen and outer is None:
            # a list item that is an alias has the line of the list or mapping it repeats;
            # the alias itself is written in the list holding it
            here = loc if not loc or isinstance(loc[-1], str) else loc[:-1]
            self.alias = (self.lines.get(here, 1), name)
        self.seen.add(key)
        self.open.add(key)
        try:
            return (self._mapping(node, loc, depth) if isinstance(node, CommentedMap)
                    else self._sequence(node, loc, depth))
        finally:
            self.open.discard(key)
            self.alias = outer

    def _too_many(self, loc: Loc) -> PlanError:
        if self.alias is not None:
            line, name = self.alias
            return PlanError([Issue(f"{self.name}:{line}",
                                    f"the alias *{name} repeats a list or mapping that itself "
                                    f"repeats others, more than {MAX_NODES:,} values in all; "
                                    "a plan file has far fewer: write the values out, or use "
                                    "aliases only for small parts")], self.path)
        return self._fail(loc, f"the file has more than {MAX_NODES:,} values; a plan file "
                          "has far fewer", field=False)

    def _mapping(self, node: CommentedMap, loc: Loc, depth: int) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key, value in node.items():
            try:
                line = node.lc.key(key)[0] + 1
            except (KeyError, TypeError, AttributeError):
                line = self.lines.get(loc, 1)
            here = loc + (str(key),)
            self.lines[here] = line
            if isinstance(key, _LongNumber):
                self.convert(key, here, depth + 1)
            out[str(key) if not isinstance(key, str) else key] = self.convert(
                value, here, depth + 1)
        return out

    def _sequence(self, node: CommentedSeq, loc: Loc, depth: int) -> list[Any]:
        items = []
        for i, value in enumerate(node):
            try:
                self.lines[loc + (i,)] = node.lc.item(i)[0] + 1
            except (KeyError, TypeError, AttributeError, IndexError):
                self.lines[loc + (i,)] = self.lines.get(loc, 1)
            items.append(self.convert(value, loc + (i,), depth + 1))
        return items


def _anchor(node: Any) -> str:
    """The anchor name (``&name``) of a list or mapping, or '…' if it has none."""
    anchor = getattr(node, "anchor", None)
    value = getattr(anchor, "value", None)
    return str(value) if value else "…"


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
