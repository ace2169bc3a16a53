"""Where a Jinja syntax error or render error of a part is, as Word shows it.

Jinja names a line of the part's compiled source (one line per paragraph, :mod:`._docxtpl`).
:func:`error_place` turns that line into the paragraph, table cell, text box, footnote or
header a template author finds in Word, with the part's :class:`._places.Places`, as the other
findings of a template are located. A line may stand for several paragraphs (a ``{%p``
paragraph is replaced by its tag, on the line of the paragraph before), so the tag is picked
among those of the line:

* a syntax error: the tag that, compiled alone, fails with the same error; for a block that
  is never closed (Jinja names the end of the part), the tag that opens it, found by lexing
  the source; where no tag of the line fails so, the first tag up to it with a syntax error
  of its own (a quote never closed: Jinja reads on, across paragraphs, to the next quote of
  the part and names a later line), with that error;
* a render error: the tag that names the word Jinja's or the sandbox's message quotes
  (``'presenter' is undefined``); else the one paragraph of the line with a tag that can
  fail (not an end tag), or all of them, joined by "or".

None where the part cannot be read or its source does not fit it: the caller names the part
and the line instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import jinja2

from ._places import Places, Tag, part_places
from ._sandbox import environment

__all__ = ["ErrorPlace", "closing_tag", "error_place"]

_QUOTED = re.compile(r"'([^'\s][^']*)'")
_WORDS = re.compile(r"'([^'\s][^']*)'|has no element (\S+)")
_UNDEFINED = re.compile(r"'[^']+' is undefined$")  # Jinja's words for a variable not there
_KIND = re.compile(r"^\{([%{])(?:p|tr|tc|r) ")
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
_OPENERS = {"for", "if", "macro", "call", "filter", "with", "block", "autoescape", "set"}
_NO_END = "Unexpected end of template"
_CLOSED = 'Encountered unknown tag '


@dataclass(frozen=True)
class ErrorPlace:
    """Where an error is (``decision.docx: table 1, row 2, column 2 ("{{ 1/0 }}")``), the tag
    found to cause it, and the block still open there (for an error about a block's end)."""

    where: str
    tag: Tag | None = None
    opener: Tag | None = None
    opener_place: str = ""  # ``paragraph 10``: where `opener` is
    own_error: str = ""  # the syntax error of `tag` alone, where Jinja's is about a later line


def closing_tag(opener: Tag) -> str:
    """``{%p endif %}``: the tag that closes the block `opener` begins, of the same kind."""
    kind = f"{opener.kind} " if opener.kind else " "
    return f"{{%{kind}end{opener.keyword} %}}"


def error_place(name: str, package: bytes, partname: str, source: str, lineno: int,
                exc: BaseException) -> ErrorPlace | None:
    """Where on line `lineno` of `source` (the compiled Jinja source of `partname` in the
    Word `package`) the error `exc` is, as Word shows it; None where that cannot be told."""
    try:
        return _locate(name, package, partname, source, lineno, exc)
    except Exception:  # e.g. a RecursionError compiling a tag: the error is named by its line
        return None  # (locating must never hide the error it locates)


def _locate(name: str, package: bytes, partname: str, source: str, lineno: int,
            exc: BaseException) -> ErrorPlace | None:
    places = part_places(name, package, {partname: source}).get(partname)
    if places is None or places.groups is None:
        return None
    message = str(getattr(exc, "message", None) or exc)
    syntax = isinstance(exc, jinja2.TemplateSyntaxError)
    opener = tag = None
    if syntax and message.startswith((_NO_END, _CLOSED)):
        unknown = _QUOTED.search(message) if message.startswith(_CLOSED) else None
        open_at, unknown_at = _walk(source, unknown[1] if unknown else None)
        opener, tag = _tag(places, open_at), _tag(places, unknown_at)
        if message.startswith(_NO_END):  # Jinja names the part's end: the opener is the place
            tag = opener
            if opener is None:
                return None
    opened = places.place(opener.index) if opener is not None else ""
    line = set(places.on_line(lineno))
    candidates = [t for t in places.tags if t.delim != "#" and t.index in line]
    own_error = ""
    if tag is None and syntax:
        tag = _failing(candidates, message)
    if tag is None and syntax and not message.startswith((_NO_END, _CLOSED)):
        tag, own_error = _broken(places, lineno)
    # Jinja's and the sandbox's messages quote the template's words; Python's (a TypeError)
    # quote type names ('int' object is not iterable), which a tag may also write (|int)
    if tag is None and isinstance(exc, jinja2.UndefinedError | jinja2.TemplateSyntaxError
                                  | jinja2.exceptions.SecurityError):
        words = [a or b for a, b in _WORDS.findall(message)]
        undefined = _UNDEFINED.match(message)  # a variable: not `labels.x` nor `b['x']`
        tag = next((t for word in words for t in candidates if places.names(t, word)
                    and (undefined is None or _names_variable(t, word))), None)
    if tag is not None:
        return ErrorPlace(places.describe(tag.index, tag.text), tag, opener, opened, own_error)
    able = [t for t in candidates if not _only_closes(t)]
    found = list(dict.fromkeys(t.index for t in able))
    if not found:
        where = places.at(lineno)
        return None if where is None else ErrorPlace(where, None, opener, opened)
    first = {i: next(t for t in able if t.index == i) for i in found}
    described = [places.describe(i, first[i].text) for i in found]
    where = " or ".join([described[0], *(d.removeprefix(f"{name}: ") for d in described[1:])])
    return ErrorPlace(where, able[0] if len(able) == 1 else None, opener, opened)


def _names_variable(tag: Tag, word: str) -> bool:
    """Whether `tag` uses `word` as a variable (``{%p if presenter %}``), not as an attribute,
    a key or in a text (``{{ labels.presenter }}``, ``{{ b['presenter'] }}``)."""
    return re.search(rf"(?<![\w.'\"]){re.escape(word)}(?![\w'\"])", tag.text) is not None


def _first_sentence(message: str) -> str:
    return message.split(". ")[0].rstrip(".").strip()


def _failing(tags: list[Tag], message: str) -> Tag | None:
    """The first of `tags` that, compiled alone, fails with the syntax error `message`."""
    env = environment()
    wanted = _first_sentence(message)
    for tag in tags:
        error = _alone(env, tag)
        if error and _first_sentence(error) == wanted:
            return tag
    return None


def _broken(places: Places, lineno: int) -> tuple[Tag | None, str]:
    """The first tag of the part up to line `lineno` with a syntax error of its own, and that
    error (``unexpected char '"'``); one that only opens, ends or continues a block fails
    alone too, and is passed over. (None, "") where there is none."""
    line = places.on_line(lineno)
    if not line:
        return None, ""
    env = environment()
    for tag in places.tags:
        if tag.index > max(line):
            break
        error = "" if tag.delim == "#" else _alone(env, tag)
        if error and not error.startswith((_NO_END, _CLOSED)):
            return tag, re.sub(r" at \d+$", "", error)  # a position in the tag alone
    return None, ""


def _alone(env: jinja2.Environment, tag: Tag) -> str:
    """The syntax error of `tag` compiled alone (as docxtpl writes it: {%p as {%, curly
    quotes straight); "" when it compiles."""
    try:
        env.compile(_KIND.sub(r"{\1 ", tag.text.translate(_QUOTES)))
    except (jinja2.TemplateSyntaxError, jinja2.exceptions.SecurityError) as exc:
        return str(getattr(exc, "message", None) or exc)
    return ""


def _only_closes(tag: Tag) -> bool:
    """Whether `tag` only ends or continues a block (``{%p endif %}``, ``{% else %}``): it
    computes nothing, so no render error is its."""
    return tag.delim == "%" and (tag.keyword.startswith("end") or tag.keyword == "else")


_Position = tuple[int, str, int]  # a block tag: its line, keyword, how many alike before it there


def _walk(source: str, unknown: str | None) -> tuple[_Position | None, _Position | None]:
    """The innermost block of `source` still open at its end (`unknown` None) or at the
    first tag ``{% unknown %}`` that fits no block open there (Jinja's "Encountered unknown
    tag"), and that tag; None for what cannot be told or is not there."""
    stack: list[_Position] = []
    seen: dict[tuple[int, str], int] = {}
    try:
        tokens = [t for t in environment().lex(source) if t[1] not in ("whitespace", "data")]
    except jinja2.TemplateSyntaxError:
        return None, None
    for i, (lineno, kind, _value) in enumerate(tokens[:-1]):
        if kind != "block_begin" or tokens[i + 1][1] != "name":
            continue
        keyword = str(tokens[i + 1][2])
        nth = seen.get((lineno, keyword), 0)
        seen[(lineno, keyword)] = nth + 1
        top = stack[-1][1] if stack else None
        if keyword == unknown and not (keyword == f"end{top}" or keyword == "elif" and
                                       top == "if" or keyword == "else" and top in ("if", "for")):
            return (stack[-1] if stack else None), (lineno, keyword, nth)
        if keyword == "set" and _assigns(tokens, i + 2):
            continue
        if keyword in _OPENERS:
            stack.append((lineno, keyword, nth))
        elif keyword == f"end{top}":
            stack.pop()
    if unknown is not None or not stack:
        return None, None
    return stack[-1], None


def _tag(places: Places, position: _Position | None) -> Tag | None:
    """The tag of :attr:`Places.tags` at `position` of the source (None: not found)."""
    if position is None:
        return None
    lineno, keyword, nth = position
    line = set(places.on_line(lineno))
    alike = [t for t in places.tags if t.delim == "%" and t.keyword == keyword and t.index in line]
    return alike[nth] if nth < len(alike) else None


def _assigns(tokens: list[tuple[int, str, str]], start: int) -> bool:
    """Whether the ``{% set`` tag whose words begin at `start` assigns (``set x = 1``), as
    opposed to opening a block (``set x %}…{% endset``)."""
    for _lineno, kind, value in tokens[start:]:
        if kind == "block_end":
            return False
        if kind == "operator" and value == "=":
            return True
    return False
