"""The plan file's text as its author's editor shows it, before and around the YAML library.

An editor counts lines by ``\\n``, ``\\r\\n`` and ``\\r``; the YAML library also by the line
and paragraph separators (U+2028, U+2029), so :func:`line_of` turns the library's marks into
the editor's lines. :func:`nel_issues` finds the character the YAML library would change in
silence, before it reads the file: NEL (U+0085), which is what a "…" of Windows-1252 text
becomes when the text is read as Latin-1. :func:`syntax_hint` says what to do about a YAML
syntax error.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from typing import Any

from ..errors import Issue

__all__ = ["MAX_NEL_LINES", "control_issue", "line_of", "nel_issues", "syntax_hint"]

_OTHER_BREAKS = re.compile("[\u2028\u2029]")
"""Characters the YAML library counts as line breaks and editors do not: the line and
paragraph separators of a text pasted from Word or a PDF (NEL, the third, is refused before
the file is read: :func:`nel_issues`)."""
_EDITOR_BREAKS = re.compile(r"\r\n?|\n")
_NEL = "\x85"
MAX_NEL_LINES = 20
"""Lines with a NEL named one by one; the others are counted."""
_NEL_WHAT = ("the invisible control character NEL (U+0085), which YAML reads as a line break "
             "and so changes the text without a word (inside quotes, to a space); it is what a "
             "'…' of Windows-1252 text becomes when read as Latin-1: write … in its place, or "
             "delete it")


def line_of(source: str) -> Callable[[Any], int]:
    """The line (from 1) of a YAML library's mark in `source` as an editor counts lines: by
    ``\\n``, ``\\r\\n`` and ``\\r`` only (the library also counts the :data:`_OTHER_BREAKS`, so
    after a text holding one, every line it named was one too far)."""
    others = [m.start() for m in _OTHER_BREAKS.finditer(source)]
    if not others:
        return lambda mark: int(mark.line) + 1
    return lambda mark: int(mark.line) + 1 - bisect.bisect_left(others, int(mark.index))


def nel_issues(source: str, name: str) -> list[Issue]:
    """An issue ``name:line`` for each line of `source` with a NEL character (U+0085, column
    of the first one); after :data:`MAX_NEL_LINES` lines, one issue counts the rest. Empty
    without a NEL.

    The YAML library reads a NEL as a line break: inside quotes the text gets a space in its
    place (two give a line break), at the end of a plain text it is dropped, and in a comment
    it ends the comment, so that what follows it is read as keys and values. Editors show it
    as nothing or a box, so no message could name the text it changed: the file is refused
    with the line and column of each."""
    if _NEL not in source:
        return []
    issues: list[Issue] = []
    more = 0
    line, after, last = 1, 0, 0  # the NEL's line, where the one before ended, the line named
    for found in re.finditer(_NEL, source):
        line += len(_EDITOR_BREAKS.findall(source, after, found.start()))
        after = found.end()
        if line == last:
            continue
        last = line
        if len(issues) < MAX_NEL_LINES:
            at = found.start()
            head = max(source.rfind("\n", 0, at), source.rfind("\r", 0, at))
            issues.append(Issue(f"{name}:{line}", f"column {at - head} has {_NEL_WHAT}"))
        else:
            more += 1
    if more:
        issues.append(Issue(name, f"and {more} more line(s) have a NEL (U+0085): replace each "
                            "one (an editor's search with regular expressions finds it as "
                            "\\x85 or \\u0085)"))
    return issues


_CONTROL_NAMES = {0: "NUL", 0x7F: "DEL", 0xFEFF: "BOM", 0xFFFE: "not a character",
                  0xFFFF: "not a character"}


def control_issue(source: str, name: str, position: int, character: int | str) -> Issue:
    """The issue ``name:line`` of the character YAML does not allow (a control character
    such as NUL, pasted from another program or left by a damaged save) at `position` of
    `source`, with its column and how to remove it."""
    code = character if isinstance(character, int) else ord(character)
    line = 1 + len(_EDITOR_BREAKS.findall(source, 0, position))
    head = max(source.rfind("\n", 0, position), source.rfind("\r", 0, position))
    what = _CONTROL_NAMES.get(code, "a control character")
    find = f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}"
    return Issue(f"{name}:{line}", f"column {position - head} has the invisible character "
                 f"U+{code:04X} ({what}), which a plan file may not have (it comes from pasting "
                 "from another program or a damaged save): delete it (an editor's search with "
                 f"regular expressions finds it as {find})")


_KEY = re.compile(r"""^(\s*(?:-\s+)?)([^\s:#'"\-][^:#]*?):(?:\s|$)""")
_OPENS_QUOTE = re.compile(r"""^\s*(?:-\s+)?[^\s:#'"][^:#]*?:\s+(["'])(.*)$""")


def _closes(quote: str, text: str) -> bool:
    """Whether `text` has the quote that ends a text opened with `quote`."""
    if quote == "'":
        return "'" in text.replace("''", "")
    return re.search(r'(?<!\\)(?:\\\\)*"', text) is not None


def unclosed_quote(lines: Sequence[str], at: int) -> int | None:
    """The line (from 0) above line `at` whose value opens a quoted text that runs on to
    line `at` (its first closing quote is there or below): where a text's closing quote is
    missing, though the YAML library finds the error only where the text finally ends."""
    for i in range(at - 1, max(-1, at - 500), -1):
        opened = _OPENS_QUOTE.match(lines[i])
        if opened is None or _closes(opened[1], opened[2]):
            continue
        ends = next((j for j in range(i + 1, min(at, len(lines) - 1) + 1)
                     if _closes(opened[1], lines[j])), at + 1)
        if ends >= at:
            return i
    return None


def _deeper_key(lines: Sequence[str], at: int, column: int) -> str:
    """The hint for a key on line `at` (its colon at `column`) indented deeper than the key
    with a value on the line above it; "" when that is not the case."""
    here = _KEY.match(lines[at]) if 0 <= at < len(lines) else None
    if here is None or here.end(2) != column:
        return ""
    above = next((i for i in range(at - 1, -1, -1)
                  if lines[i].strip() and not lines[i].lstrip().startswith("#")), None)
    key = _KEY.match(lines[above]) if above is not None else None
    if (key is None or above is None or not lines[above][key.end():].strip()
            or key.start(2) >= here.start(2)):
        return ""
    return (f"; '{here[2]}' is indented deeper than '{key[2]}' on the line above, whose value "
            f"is written after it: indent '{here[2]}' like '{key[2]}' (with spaces)")


def _quoted(text: str) -> str:
    """The hint for a line ``key: a text: with a colon`` (YAML reads the second ``: `` as
    another key): the line with its value quoted; "" for another line (a value quoted, a
    block or a list or mapping written inline)."""
    key = _KEY.match(text)
    value = text[key.end():].strip() if key else ""
    if key is None or not value or value[0] in "'\"|>[{" or not (": " in value
                                                              or value.endswith(":")):
        return ""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return (f"; the value of '{key[2]}' has ': ' in it, which YAML reads as another key: quote "
            f'the whole value, {key[2]}: "{escaped}"')


def syntax_hint(problem: str, context: str, text: str, *, lines: Sequence[str] = (),
                at: int = -1, column: int = -1) -> str:
    """What to do about a YAML syntax error, in words (`text`: the line it is on; `lines`:
    the file's lines, `at` and `column`: where the error is, from 0)."""
    if "mapping values" in problem:
        return _deeper_key(lines, at, column) or _quoted(text) or (
            "; a value that contains ': ' or starts with a special character must be quoted")
    if "block end" in problem or "expected key" in problem or "'-' indicator" in problem:
        return ("; the indentation does not fit the lines above: indent each key like the "
                "other keys of its mapping and each '- ' like the other items of its list, "
                "with spaces")
    if "cannot start any token" in problem:
        if "\t" in text:
            return "; the line has a tab: indent with spaces only"
        return ("; a value cannot start with a character YAML reserves (such as @ or `): "
                "quote the value ('…')")
    if "end of stream" in problem and "quoted" in context:
        return "; a text opened with a quote here is never closed: end it with the same quote"
    if "undefined alias" in problem:
        alias = re.search(r"\*([^\s,\[\]{}]+)", text)
        named = f"*{alias.group(1)}" if alias else "the alias"
        return (f"; {named} repeats a value marked &{named.lstrip('*')} earlier in the file, "
                "and there is none: write the value out, or quote a text that starts with *")
    if "',' or ']'" in problem or "',' or '}'" in problem:
        return ("; a list in [ ] or mapping in { } is not closed, or an item in it contains "
                "':' or ',': close the bracket, or quote the item ('…')")
    return ""
