"""Plan YAML → plain Python data, with the line of every field path and bounded size.

The YAML library composes the text into nodes (its safe mode: the fast C parser when
``ruamel.yaml.clib`` is installed, no comments kept); each node knows its line. The nodes are
converted to plain dicts and lists while each field path's line is recorded, so that every
message can say ``plan.yaml:42 toimenpiteet[2].vastuutahot[0]: …``. Deep nesting, aliases and
merge keys that expand without end, too many values and over-long numbers end in a
:class:`PlanError` naming the line, before they can take the machine's time or memory: the
values are counted on the parser's events before the nodes are built (the nodes of a 3 MB
file of short keys take 450 MB). Tags other than YAML's own kinds of value (``!include``,
``!!python/object``) are refused: a plan file neither runs code nor includes other files. A
NEL character (U+0085), which the YAML library would read as a line break, is refused before
the file is read (:mod:`._yaml_text`). Each number's text as written is kept beside its line
(``1.10``, read as 1.1), for messages to quote it so; a key is always the text written
(``1.10:`` is the key '1.10', not '1.1').
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    CollectionEndEvent,
    CollectionStartEvent,
    MappingStartEvent,
    NodeEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from ..errors import Issue, PlanError
from ._source import Lines, where
from ._text import Loc, field_path
from ._yaml_text import (
    MAX_NEL_LINES,
    control_issue,
    line_of,
    nel_issues,
    syntax_hint,
    unclosed_quote,
)

__all__ = ["MAX_DEPTH", "MAX_NODES", "MAX_NUMBER_DIGITS", "MAX_TEXT_CHARS", "parse_yaml", "short",
           "where"]


def parse_yaml(source: str, name: str, path: Path | None) -> tuple[Any, Lines]:
    """The data of the YAML `source` and the line of each field path in it (with each number
    as written); `name` (and `path`) go into the :class:`PlanError` raised for broken or
    oversized YAML, or for a NEL character (U+0085), which the YAML library would read as a
    line break."""
    nel = nel_issues(source, name)
    if nel:
        raise PlanError(nel, path, limit=MAX_NEL_LINES + 1)
    if any(line.count("[") + line.count("{") > MAX_DEPTH for line in source.splitlines()):
        # many brackets on one line: the YAML library's scanner slows down with each open
        # bracket, so a deep nesting is found by the events before the document is built
        deep = _deep_line(source)
        if deep is not None:
            raise PlanError([Issue(f"{name}:{deep}", _TOO_DEEP)], path)
    many = _many_values_line(source)
    if many is not None:
        raise PlanError([Issue(f"{name}:{many}", _TOO_MANY)], path)
    yaml = YAML(typ="safe")
    line_at = line_of(source)
    lines = Lines({(): 1})
    try:
        node = yaml.compose(source)
        data = _Plain(name, path, lines, yaml.constructor, source).convert(node, (), 1)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if "end of stream" in problem and "quoted" in str(exc.context):
            mark = exc.context_mark or mark  # where the quote that is never closed opens
        all_lines = source.splitlines()
        at = int(mark.line) if mark is not None else -1
        text = all_lines[at] if 0 <= at < len(all_lines) else ""
        hint = syntax_hint(problem, str(exc.context), text, lines=all_lines, at=at,
                           column=int(mark.column) if mark is not None else -1)
        opened = unclosed_quote(all_lines, at) if _AFTER_QUOTE.search(problem) else None
        line = f":{line_at(mark)}" if mark is not None else ""
        if opened is not None and mark is not None:  # named where the quote is left open
            line = f":{line_at(mark) - at + opened}"
            hint = (f"; a text opened with a quote on this line is not closed on it, so it "
                    f"runs on to the next quote, {at - opened} lines below: close it here")
        raise PlanError([Issue(f"{name}{line}", f"YAML syntax error: {problem}{hint}")],
                        path) from None
    except ReaderError as exc:  # a character YAML does not allow (NUL, other controls)
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        # the first one in the file (the library checks the whole text at once, and its
        # position is off after some texts)
        at = source.find(char)
        raise PlanError([control_issue(source, name, at if at >= 0 else int(exc.position),
                                       char)], path) from None
    except YAMLError as exc:
        raise PlanError([Issue(name, f"YAML error: {exc}")], path) from None
    except RecursionError:
        deep = _deep_line(source)
        raise PlanError([Issue(f"{name}:{deep}" if deep else name, _TOO_DEEP)], path) from None
    return data, lines


MAX_DEPTH = 64
"""Lists and mappings nested deeper than this are refused (a plan nests about six deep)."""
MAX_NODES = 200_000
"""Values in a plan file, counting every value an alias (``*name``) repeats each time it is
repeated: far more than any plan has, and what keeps an alias of aliases of aliases (a few
hundred bytes that expand to billions of values) from taking the memory of the machine."""
MAX_TEXT_CHARS = 100_000
"""Characters in one text of a plan file: a decision's longest paragraph has a few thousand,
and the documents refuse to make a text of over 1,000,000 characters (naming the template,
not the plan)."""
MAX_NUMBER_DIGITS = 30
"""Digits in a number of a plan file (years, section numbers, sums of money have far fewer)."""
_TOO_DEEP = (f"the file nests lists and mappings more than {MAX_DEPTH} levels deep; a plan "
             "file needs at most about six: check the brackets [ ] { } and the indentation")
_TOO_MANY = f"the file has more than {MAX_NODES:,} values; a plan file has far fewer"
_AFTER_QUOTE = re.compile(r"expected key|block end|mapping values|expected <document start>")
"""Errors a quoted text left open above may cause where the text finally ends."""
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_MERGE_TAG = "tag:yaml.org,2002:merge"
_CORE = "tag:yaml.org,2002:"
_PLAIN_TAGS = frozenset({"!", *(_CORE + kind for kind in (
    "str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge"))})
"""The tags a plan file's values may have: YAML's own kinds of value (written ``!!str``
or, as almost always, found from how the value is written) and the bare ``!``."""
_ANCHOR_RE = re.compile(r"&([^\s,\[\]{}]+)")


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
    line_at = line_of(source)
    try:
        for event in YAML(typ="safe").parse(source):
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return line_at(event.start_mark)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except (YAMLError, RecursionError):
        return None
    return None


def _many_values_line(source: str) -> int | None:
    """The line of the value past :data:`MAX_NODES` values (keys and the values aliases
    repeat not counted), found with the YAML library's event parser before the document is
    built: building it keeps every value with its place in the file, which takes far more
    memory than the values themselves (300,000 keys took 450 MB). None for fewer values, or
    for YAML the parser stops at (the document is then built to say where and why)."""
    count = 0
    keys: list[bool | None] = []  # per open mapping: whether its next node is a key (None: a list)
    line_at = line_of(source)
    try:
        for event in YAML(typ="safe").parse(source):
            if isinstance(event, NodeEvent):
                if keys and keys[-1] is not None:
                    is_key = keys[-1]
                    keys[-1] = not is_key
                else:
                    is_key = False
                if not is_key:
                    count += 1
                    if count > MAX_NODES:
                        return line_at(event.start_mark)
                if isinstance(event, MappingStartEvent):
                    keys.append(True)
                elif isinstance(event, SequenceStartEvent):
                    keys.append(None)
            elif isinstance(event, CollectionEndEvent) and keys:
                keys.pop()
    except (YAMLError, RecursionError):
        return None
    return None


class _Plain:
    """Turns the YAML library's nodes into plain Python data, recording the line of every path.

    Scalars are converted by the library's safe constructor; a scalar it cannot convert
    (``2026-02-30``, ``!!int abc``) is kept as the text written, so that the plan's model
    names the field and says what it expects. A tag other than YAML's own kinds of value
    (``!include``, ``!!python/object``, ``!!binary``) is refused, naming its line. The size
    of the result is bounded: more than :data:`MAX_NODES` values (aliases counted each time
    they are expanded, and keys merged with ``<<`` each time they are merged), nesting deeper
    than :data:`MAX_DEPTH`, an alias inside the list or mapping it names, or an over-long
    number end in a :class:`PlanError` naming the line. A key written twice in one mapping is
    an error naming the second.
    """

    def __init__(self, name: str, path: Path | None, lines: Lines,
                 constructor: Any, source: str) -> None:
        self.name, self.path, self.lines = name, path, lines
        self.constructor, self.source = constructor, source
        self.line_of = line_of(source)
        self.count = 0
        self.seen: set[int] = set()
        self.open: set[int] = set()
        self.alias: tuple[int, str] | None = None  # line and name of the outermost alias
        self.merge_line: int | None = None  # line of the outermost merge key ('<<')

    def _fail(self, loc: Loc, what: str, field: bool = True) -> PlanError:
        """An error at `loc`: ``file:line field`` or, without `field`, ``file:line``."""
        if field:
            return PlanError([Issue(where(self.name, self.lines, loc), what)], self.path)
        line = next((self.lines[loc[:cut]] for cut in range(len(loc), -1, -1)
                     if loc[:cut] in self.lines), 1)
        return PlanError([Issue(f"{self.name}:{line}", what)], self.path)

    def _check_tag(self, node: Any, loc: Loc) -> None:
        """Refuse a tag (``!name``, ``!!python/object``) that is not one of YAML's own kinds
        of value: a plan file neither runs code nor includes other files, and a tag dropped
        in silence (``!include muu.yaml``) would leave the text after it as the value."""
        tag = str(node.tag or "")
        if tag in _PLAIN_TAGS:
            return
        shown = "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag
        raise self._fail(loc, f"the YAML tag {short(shown)[1:-1]} is not used in a plan file "
                         "(a plan file does not run code or include other files); remove "
                         "it, or quote the value ('…') if the ! belongs to the text")

    def scalar(self, node: ScalarNode, loc: Loc) -> Any:
        self._check_tag(node, loc)
        text = str(node.value)
        if node.tag in _NUMBER_TAGS and _digits(text) > MAX_NUMBER_DIGITS:
            raise self._fail(loc, f"the number {short(text)} has {_digits(text)} digits; "
                             f"numbers in a plan file have at most {MAX_NUMBER_DIGITS}: "
                             "quote it ('…') if it is meant as text")
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ValueError, LookupError, TypeError, ArithmeticError):
            return text
        if isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
            raise self._fail(loc, f"the text is {len(value):,} characters long; a text of a "
                             f"plan file has at most {MAX_TEXT_CHARS:,} (about 30 pages): "
                             "shorten it, or split it into paragraphs")
        if isinstance(value, bool | int | float | str) or value is None:
            return value
        if isinstance(value, bytes | bytearray):
            return value.decode("utf-8", "replace")
        return value  # dates

    def convert(self, node: Any, loc: Loc, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._too_many(loc)
        if node is None:
            return None
        if isinstance(node, ScalarNode):
            value = self.scalar(node, loc)
            if isinstance(value, bool | int | float) and str(node.value) != (
                    str(value).lower() if isinstance(value, bool) else str(value)):
                self.lines.numbers[loc] = (str(node.value), value)  # 1.10, read as 1.1
            return value
        self._check_tag(node, loc)
        key = id(node)
        name = self._anchor(node)
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
            if isinstance(node, MappingNode):
                return self._mapping(node, loc, depth)
            if isinstance(node, SequenceNode):
                return self._sequence(node, loc, depth)
            return None
        finally:
            self.open.discard(key)
            self.alias = outer

    def _anchor(self, node: Any) -> str:
        """The anchor name (``&name``) of a list or mapping, or '…' if it has none (the C
        parser keeps no anchor names: then it is read where the node starts)."""
        anchor = getattr(node, "anchor", None)
        if anchor:
            return str(anchor)
        found = _ANCHOR_RE.match(self.source, node.start_mark.index)
        return found.group(1) if found else "…"

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

    def _pairs(self, node: MappingNode, depth: int) -> list[tuple[Any, Any]]:
        """The key and value nodes of `node`, with those of merged mappings (``<<: *name``)
        after its own (own keys win, as YAML's merge key says)."""
        own: list[tuple[Any, Any]] = []
        merged: list[tuple[Any, Any]] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                sources = (value_node.value if isinstance(value_node, SequenceNode)
                           else [value_node])
                for source in sources:
                    if not isinstance(source, MappingNode) or depth > MAX_DEPTH:
                        raise PlanError([Issue(f"{self.name}:{self.line_of(key_node.start_mark)}",
                                               "'<<' merges only a mapping (<<: *name)")],
                                        self.path)
                    outer = self.merge_line
                    self.merge_line = outer or self.line_of(key_node.start_mark)
                    try:
                        pairs = self._pairs(source, depth + 1)
                    finally:
                        self.merge_line = outer
                    # merged keys are counted like the values of an alias: a mapping that
                    # merges ten that each merge ten others would otherwise list billions
                    self.count += len(pairs)
                    if self.count > MAX_NODES:
                        raise PlanError([Issue(
                            f"{self.name}:{outer or self.line_of(key_node.start_mark)}",
                            f"the merge key '<<' here merges mappings that themselves merge "
                            f"others, more than {MAX_NODES:,} keys in all; a plan file has "
                            "far fewer: write the keys out, or merge only small mappings")],
                            self.path)
                    merged += pairs
            else:
                own.append((key_node, value_node))
        return own + merged

    def _mapping(self, node: MappingNode, loc: Loc, depth: int) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        merging = False
        own = {id(k) for k, _ in node.value}
        for key_node, value_node in self._pairs(node, depth):
            line = self.line_of(key_node.start_mark)
            if not isinstance(key_node, ScalarNode):
                raise PlanError([Issue(self.name, "a key is a list or mapping; the keys of a "
                                       "plan file are plain names")], self.path)
            key = _key_text(self.scalar(key_node, loc), key_node)
            merging = merging or id(key_node) not in own
            if key in out:
                if merging:
                    continue  # a merged key that the mapping gives itself
                first = self.lines.get(loc + (key,))
                raise PlanError([Issue(f"{self.name}:{line} {field_path(loc + (key,))}",
                                       f"YAML syntax error: the key '{key}' appears twice in "
                                       f"the same mapping (first at line {first}); remove one "
                                       "of them")], self.path)
            here = loc + (key,)
            self.lines[here] = line
            out[key] = self.convert(value_node, here, depth + 1)
        return out

    def _sequence(self, node: SequenceNode, loc: Loc, depth: int) -> list[Any]:
        items = []
        for i, value_node in enumerate(node.value):
            self.lines[loc + (i,)] = self.line_of(value_node.start_mark)
            items.append(self.convert(value_node, loc + (i,), depth + 1))
        return items


def _key_text(key: Any, node: ScalarNode) -> str:
    """A key of the plan file as its author wrote it: every key of a plan is a name, so a key
    that YAML reads as something else (``1.10:``, the number 1.1; ``010:``, 10; ``1e3:``,
    1000.0; ``true:``, ``~:``) is kept as the text written, and every message and field path
    naming it quotes what the file has (an empty key stays the value's text)."""
    if isinstance(key, str):
        return key
    return str(node.value) or str(key)


def short(value: Any) -> str:
    """`value` as Python writes it, cut to 60 characters for a message."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
