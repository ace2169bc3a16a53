"""Limits of the template sandbox: the constants, the budget of one render (loop rounds,
calls, bytes made, deadline) and the size checks made before a text or list is made.

:mod:`._sandbox` describes the rules; :mod:`._sandbox_checks` applies these checks to
filters, operators and methods.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
import time
import types
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.runtime import LoopContext, Macro, Undefined
from jinja2.sandbox import (
    SandboxedEscapeFormatter,
    SandboxedFormatter,
)
from jinja2.utils import Namespace

__all__ = [
    "DEADLINE_SECONDS",
    "MAX_BREAKS",
    "MAX_CALL_DEPTH",
    "MAX_INT_BITS",
    "MAX_ITEMS",
    "MAX_MADE",
    "MAX_OUTPUT",
    "MAX_RANGE",
    "MAX_ROUND_DIGITS",
    "MAX_SLOW_TEXT",
    "MAX_STEPS",
    "MAX_TEXT",
    "SandboxError",
    "render_limits",
]

#: loop rounds, calls and filters of one document render
MAX_STEPS = 2_000_000
#: wall-clock seconds of one document render
DEADLINE_SECONDS = 30.0
#: numbers one ``range()`` may make
MAX_RANGE = 100_000
#: characters of one text a template makes (a value, not the whole document)
MAX_TEXT = 1_000_000
#: items of one list a template makes with ``*`` or ``+``
MAX_ITEMS = 100_000
#: bits of one whole number a template makes
MAX_INT_BITS = 4096
#: digits before or after the decimal point ``round`` may round to (``round(-n)``: 10**n)
MAX_ROUND_DIGITS = 1000
#: bytes (about) of all texts and lists one document render makes
MAX_MADE = 100_000_000
#: characters of the rendered XML of one part
MAX_OUTPUT = 20_000_000
#: line breaks, tabs, paragraph and page breaks (``\\n \\t \\a \\f``) in the rendered XML of one
#: part: each becomes Word markup of its own (8 million took minutes and gigabytes)
MAX_BREAKS = 100_000
#: macros (and recursive loops) calling one another
MAX_CALL_DEPTH = 64
#: characters of the text of a filter whose time grows faster than its text (``striptags``)
MAX_SLOW_TEXT = 100_000

_ONLY_VALUES = "templates may only show the values they are given"
# attributes whose methods a template may call, by the type of the object they belong to
_STR_METHODS = frozenset({
    "capitalize", "casefold", "center", "count", "endswith", "expandtabs", "find", "format",
    "format_map", "index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit",
    "islower", "isnumeric", "isspace", "istitle", "isupper", "join", "ljust", "lower",
    "lstrip", "partition", "removeprefix", "removesuffix", "replace", "rfind", "rindex",
    "rjust", "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip",
    "swapcase", "title", "upper", "zfill", "unescape",
})
_METHODS: tuple[tuple[type | tuple[type, ...], frozenset[str]], ...] = (
    (str, _STR_METHODS),
    (Mapping, frozenset({"get", "items", "keys", "values"})),
    ((list, tuple, range), frozenset({"count", "index"})),
    ((dt.date, dt.time), frozenset({"isoformat", "weekday", "isoweekday"})),
    (LoopContext, frozenset({"cycle", "changed"})),
)
# objects whose (public) attributes a template may read
_READABLE = (str, int, float, decimal.Decimal, dt.date, dt.time, dt.timedelta, list, tuple,
             dict, set, frozenset, range, Namespace, LoopContext)
# filters that never turn their value into one text (all others are size-checked first)
_CONTAINER_FILTERS = frozenset({
    "abs", "attr", "batch", "count", "d", "default", "dictsort", "first", "float", "groupby",
    "int", "items", "last", "length", "list", "map", "max", "min", "random", "reject",
    "rejectattr", "reverse", "round", "select", "selectattr", "slice", "sort", "sum",
    "unique", "join",  # join: its items are measured one by one
})
# what Jinja passes to every call in a loop or block (not arguments of the template's)
_JINJA_KWARGS = frozenset({"_loop_vars", "_block_vars"})
# filters whose first argument (or `attribute=`) names an attribute
_ATTRIBUTE_FILTERS = frozenset({"attr", "selectattr", "rejectattr", "groupby"})
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d*))?")


class SandboxError(SecurityError):
    """A template did what templates may not do; the message says what, in words.

    `lineno` is the template line when known at compile time (at render time the line comes
    from the traceback)."""

    def __init__(self, message: str, lineno: int | None = None) -> None:
        super().__init__(message)
        self.lineno = lineno



# --- the budget of one render -------------------------------------------------------------------


@dataclass
class _Budget:
    deadline: float
    steps: int = MAX_STEPS
    made: int = MAX_MADE
    depth: int = 0
    started: float = field(default_factory=time.monotonic)


_BUDGET: ContextVar[_Budget | None] = ContextVar("yhdyspinta_render_budget", default=None)


@contextmanager
def render_limits() -> Iterator[None]:
    """One budget (steps, bytes made, deadline) for everything rendered inside; a nested use
    shares the outer budget, so a document's parts share one."""
    if _BUDGET.get() is not None:
        yield
        return
    token = _BUDGET.set(_Budget(deadline=time.monotonic() + DEADLINE_SECONDS))
    try:
        yield
    finally:
        _BUDGET.reset(token)


def _step(count: int = 1, made: int = 0) -> None:
    """Charge loop rounds or calls (and bytes made); SandboxError past a limit."""
    budget = _BUDGET.get()
    if budget is None:  # compiling (constant folding): sizes are still checked
        return
    budget.steps -= count
    if budget.steps < 0:
        raise SandboxError(
            f"the template loops or calls more than {MAX_STEPS:,} times in one document "
            f"(a loop over a huge range, or loops nested too deeply); {_ONLY_VALUES}")
    if made:
        _charge(budget, made)
    if time.monotonic() > budget.deadline:
        raise SandboxError(
            f"the template took more than {DEADLINE_SECONDS:g} seconds to render; "
            f"{_ONLY_VALUES}")


def _charge(budget: _Budget, made: int) -> None:
    budget.made -= made
    if budget.made < 0:
        raise SandboxError(
            f"the template makes more than {MAX_MADE // 1_000_000} MB of text and lists in "
            f"one document; {_ONLY_VALUES}")


def _made(value: Any) -> Any:
    """Count `value` (a text or list just made) against the render's budget; return it.

    A whole number of more than MAX_INT_BITS bits is refused: dividing or comparing numbers
    takes time that grows faster than their size, within one step of the budget."""
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise _too_big_number()
    budget = _BUDGET.get()
    if budget is not None:
        if isinstance(value, str):
            _charge(budget, _bytes(value))
        elif isinstance(value, list | tuple | dict | set | frozenset):
            _charge(budget, 64 * (len(value) + 1))
    return value


def _bytes(text: str) -> int:
    return len(text) if text.isascii() else 4 * len(text)


def _too_big_number() -> SandboxError:
    return SandboxError(f"the template makes a number of more than {MAX_INT_BITS} bits; "
                        f"{_ONLY_VALUES}")


def _check_bits(bits: int) -> None:
    if bits > MAX_INT_BITS:
        raise _too_big_number()


def _is_callable(value: Any) -> bool:
    """A function, method, class, macro or other object that is called, not shown (an
    undefined value is callable too, but says itself that it is undefined)."""
    return callable(value) and not isinstance(value, Undefined)


def _shown_callable(value: Any) -> SandboxError:
    """The refusal of showing `value`, a callable, as text: its text would be its address in
    memory (``<built-in method encode of str object at 0x7f…>``), which differs between runs."""
    wrapped = getattr(value, "__wrapped__", value)  # str.format, wrapped by the sandbox
    owner = getattr(wrapped, "__self__", None)
    name = getattr(value, "__name__", None)
    if isinstance(value, type):
        kind = "class"
    elif isinstance(value, Macro):
        kind, name = "macro", value.name
    elif isinstance(value, LoopContext):
        kind, name = "loop object", None
    elif owner is not None and not isinstance(owner, types.ModuleType):
        kind = "method"
    elif isinstance(value, types.FunctionType | types.BuiltinFunctionType):
        kind = "function"
    else:
        kind, name = "callable object", None
    what = (f"the {kind} {name!r}" if isinstance(name, str) and not name.startswith("_")
            else f"a {kind}")
    return SandboxError(f"the template shows {what} as text instead of calling it or showing "
                        f"a value; {_ONLY_VALUES}")


# --- size checks before making something --------------------------------------------------------


def _too_long(size: int) -> SandboxError:
    return SandboxError(f"the template makes a text of more than {MAX_TEXT:,} characters "
                        f"({size:,}); {_ONLY_VALUES}")


def _check_text(size: int) -> None:
    if size > MAX_TEXT:
        raise _too_long(size)


def _text_size(value: Any, limit: int = MAX_TEXT) -> int:
    """An upper bound of the length of ``str(value)``; SandboxError above `limit`.

    Nested texts count as their longest repr or JSON, so ``str([text] * n)`` is known to be
    too long without making it."""
    if isinstance(value, str):
        size = len(value)
    elif isinstance(value, bool) or value is None:
        size = 5
    elif isinstance(value, int):
        size = value.bit_length() // 3 + 2
    elif isinstance(value, Namespace):
        raise SandboxError(f"a namespace cannot be shown as text, only its attributes; "
                           f"{_ONLY_VALUES}")
    elif _is_callable(value):
        raise _shown_callable(value)
    elif isinstance(value, Mapping) or (isinstance(value, Collection)
                                        and not isinstance(value, range | bytes)):
        size = 2
        stack: list[Any] = [value]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                size += 12 * len(item) + 4
            elif isinstance(item, Namespace) or _is_callable(item):
                _text_size(item)
            elif isinstance(item, Mapping):
                size += 2
                for key, val in item.items():
                    stack += (key, val)
                    size += 4
                    if size > limit:
                        break
            elif isinstance(item, Collection) and not isinstance(item, range | bytes):
                size += 2
                for val in item:
                    stack.append(val)
                    size += 2
                    if size > limit:
                        break
            else:
                size += 64
            if size > limit:
                break
    else:
        size = 64  # numbers, dates, images, macros: short
    if size > limit:
        raise _too_long(size)
    return size


def _check_width(spec: str) -> int:
    """The largest number in a format spec; SandboxError if a width or precision is too big."""
    widest = max((int(run) for run in re.findall(r"\d+", spec)), default=0)
    _check_text(widest)
    return widest


def _check_percent(template: str, args: Any) -> None:
    """``template % args`` (the ``format`` filter, the ``%`` operator) before it is made."""
    size = len(template) + _text_size(args)
    for match in _PERCENT_SPEC.finditer(template):
        width, precision = match.group(1), match.group(2)
        if "*" in (width, precision):
            raise SandboxError(f"'*' widths in '%' formats are not allowed; {_ONLY_VALUES}")
        size += int(width or 0) + int(precision or 0)
    _check_text(size)


class _Formatter(SandboxedFormatter):
    """``str.format`` with widths and the total length checked before formatting."""

    total = 0

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        """``{0!r}``, ``{0!s}``, ``{0!a}``: `value` measured (and a callable refused) before
        its text is made."""
        if conversion is not None:
            _text_size(value)
        return super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> Any:
        self.total += _check_width(format_spec) + _text_size(value)
        _check_text(self.total)
        return super().format_field(value, format_spec)


class _EscapeFormatter(_Formatter, SandboxedEscapeFormatter):
    """The same for ``Markup.format``."""


