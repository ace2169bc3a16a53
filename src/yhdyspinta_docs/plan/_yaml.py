"""Plan YAML → plain Python data, with the line of every field path and bounded size.

The YAML library reads the text (round-trip mode, which keeps line numbers); the result is
converted to plain dicts and lists while each field path's line is recorded, so that every
message can say ``plan.yaml:42 toimenpiteet[2].vastuutahot[0]: …``. Deep nesting, aliases that
expand without end, too many values and over-long numbers end in a :class:`PlanError` naming
the line, before they can take the machine's time or memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent
from ruamel.yaml.nodes import ScalarNode

from ..errors import Issue, PlanError
from ._source import where
from ._text import Loc

__all__ = ["MAX_DEPTH", "MAX_NODES", "MAX_NUMBER_DIGITS", "parse_yaml", "short", "where"]


def parse_yaml(source: str, name: str, path: Path | None) -> tuple[Any, dict[Loc, int]]:
    """The data of the YAML `source` and the line of each field path in it; `name` (and
    `path`) go into the :class:`PlanError` raised for broken or oversized YAML."""
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
            return PlanError([Issue(where(self.name, self.lines, loc), what)], self.path)
        line = next((self.lines[loc[:cut]] for cut in range(len(loc), -1, -1)
                     if loc[:cut] in self.lines), 1)
        return PlanError([Issue(f"{self.name}:{line}", what)], self.path)

    def convert(self, node: Any, loc: Loc, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._too_many(loc)
        if isinstance(node, _LongNumber):
            raise self._fail(loc, f"the number {short(str(node))} has {_digits(node)} digits; "
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



def short(value: Any) -> str:
    """`value` as Python writes it, cut to 60 characters for a message."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
