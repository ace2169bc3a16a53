"""The only Jinja environment templates are compiled and rendered in: a sandbox with limits.

Templates travel between regions, so a template is untrusted input. Every template (bundled or
a user's own) is compiled and rendered by :func:`environment`, a
:class:`jinja2.sandbox.ImmutableSandboxedEnvironment` (``autoescape=True``,
``StrictUndefined``) made stricter:

* **Only the values it is given.** A template may read the attributes of plain data (text,
  numbers, dates, lists, dicts, ``namespace``, ``loop``) and call a short list of their
  methods (``lower``, ``split``, ``get``, ``items`` …), macros, ``range``, ``dict`` and
  ``namespace``. Names starting with ``_`` are refused when the template is compiled (so
  ``check-template`` names them), any other unsafe attribute or call when it is rendered.
  The globals ``cycler``, ``joiner`` and ``lipsum`` are not there.
* **Bounded work.** One budget per document render counts every loop round (loops are
  compiled to iterate through a counter, also when nested or with an empty body), call and
  filter; a wall-clock deadline is checked at every count. Macros may nest
  :data:`MAX_CALL_DEPTH` deep.
* **Bounded memory.** ``range`` makes at most :data:`MAX_RANGE` numbers; ``*``, ``**``, ``+``,
  ``%``, ``~``, filters and string methods check the size of what they would make *before*
  making it (a text at most :data:`MAX_TEXT` characters, a list :data:`MAX_ITEMS` items, a
  number :data:`MAX_INT_BITS` bits; widths of ``center``, ``ljust``, ``format``, ``'%9s'``,
  ``'{:>9}'`` …); everything a render makes (texts, lists, output of ``{{ … }}``, the text
  of each loop round) is counted against :data:`MAX_MADE`, and the output of a part is cut
  at :data:`MAX_OUTPUT` characters.

A template that breaks a rule raises :class:`SandboxError` (a :class:`jinja2.sandbox.
SecurityError`); :mod:`.template_errors` turns it into a one-line
:class:`~.errors.TemplateError` naming template, part and line. Nothing compiled is kept on
disk: templates are compiled in the process that renders them.
"""

from __future__ import annotations

import copy
import datetime as dt
import decimal
import re
import time
import types
import weakref
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import update_wrapper
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.filters import make_attrgetter
from jinja2.runtime import LoopContext, Macro, markup_join, str_join
from jinja2.sandbox import (
    ImmutableSandboxedEnvironment,
    SandboxedEscapeFormatter,
    SandboxedFormatter,
)
from jinja2.utils import Namespace
from markupsafe import Markup, escape

__all__ = [
    "DEADLINE_SECONDS",
    "MAX_CALL_DEPTH",
    "MAX_INT_BITS",
    "MAX_ITEMS",
    "MAX_MADE",
    "MAX_OUTPUT",
    "MAX_RANGE",
    "MAX_SLOW_TEXT",
    "MAX_STEPS",
    "MAX_TEXT",
    "SandboxError",
    "SandboxedTemplate",
    "TemplateEnvironment",
    "environment",
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
#: bytes (about) of all texts and lists one document render makes
MAX_MADE = 100_000_000
#: characters of the rendered XML of one part
MAX_OUTPUT = 20_000_000
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
    """Count `value` (a text or list just made) against the render's budget; return it."""
    budget = _BUDGET.get()
    if budget is not None:
        if isinstance(value, str):
            _charge(budget, _bytes(value))
        elif isinstance(value, list | tuple | dict | set | frozenset):
            _charge(budget, 64 * (len(value) + 1))
    return value


def _bytes(text: str) -> int:
    return len(text) if text.isascii() else 4 * len(text)


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
    elif isinstance(value, Mapping) or (isinstance(value, Collection)
                                        and not isinstance(value, range | bytes)):
        size = 2
        stack: list[Any] = [value]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                size += 12 * len(item) + 4
            elif isinstance(item, Namespace):
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

    def format_field(self, value: Any, format_spec: str) -> Any:
        self.total += _check_width(format_spec) + _text_size(value)
        _check_text(self.total)
        return super().format_field(value, format_spec)


class _EscapeFormatter(_Formatter, SandboxedEscapeFormatter):
    """The same for ``Markup.format``."""


# --- filters, operators and methods -------------------------------------------------------------


def _arg(args: tuple[Any, ...], kwargs: Mapping[str, Any], index: int, name: str,
         default: Any) -> Any:
    return args[index] if len(args) > index else kwargs.get(name, default)


def _int_arg(value: Any) -> int:
    if isinstance(value, str):
        return len(value)
    return value if isinstance(value, int) else 0


def _check_join(separator: Any, items: list[Any]) -> None:
    sizes = sum(_text_size(item) for item in items)
    _check_text(sizes + _text_size(separator) * max(len(items) - 1, 0))


def _check_replace(text: Any, old: Any, new: Any, count: Any) -> None:
    text, old, new = str(text), str(old), str(new)
    found = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    grows = max(len(new), len(escape(new))) - len(old)
    _check_text(len(text) + found * max(grows, 0))


def _check_filter(name: str, value: Any, args: tuple[Any, ...],
                  kwargs: Mapping[str, Any]) -> None:
    """Size checks of a filter's arguments before it runs."""
    if name not in _CONTAINER_FILTERS:
        _text_size(value)
        for item in (*args, *kwargs.values()):
            _text_size(item)
    if name == "center":
        _check_text(len(str(value)) + _int_arg(_arg(args, kwargs, 0, "width", 80)))
    elif name == "indent":
        lines = str(value).count("\n") + 1
        _check_text(len(str(value)) + lines * _int_arg(_arg(args, kwargs, 0, "width", 4)))
    elif name == "wordwrap":
        wrap = _arg(args, kwargs, 3, "wrapstring", None)
        _check_text(len(str(value)) * (1 + len(str(wrap or "\n"))))
    elif name == "format":
        _check_percent(str(value), kwargs or args)
    elif name == "replace":
        _check_replace(value, _arg(args, kwargs, 0, "old", ""), _arg(args, kwargs, 1, "new", ""),
                       _arg(args, kwargs, 2, "count", None))
    elif name == "tojson":
        indent = _arg(args, kwargs, 0, "indent", None)
        if _int_arg(indent) > 16:
            raise SandboxError(f"tojson indent {indent!r} is too wide; {_ONLY_VALUES}")
    elif name in ("batch", "slice"):
        count = _arg(args, kwargs, 0, "linecount" if name == "batch" else "slices", 1)
        if _int_arg(count) > MAX_ITEMS:
            raise SandboxError(f"|{name}({count}) makes too many items; {_ONLY_VALUES}")
    elif name == "sum":
        start = _arg(args, kwargs, 1, "start", 0)
        if not isinstance(start, int | float | decimal.Decimal):
            raise SandboxError(f"|sum may only add numbers; {_ONLY_VALUES}")
    elif name == "striptags" and len(str(value)) > MAX_SLOW_TEXT:
        raise SandboxError(f"|striptags of a text of more than {MAX_SLOW_TEXT:,} characters; "
                           f"{_ONLY_VALUES}")


def _guard_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """`func` (a filter) counted, size-checked before it runs, its result counted."""
    skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0

    def guarded(*args: Any, **kwargs: Any) -> Any:
        _step()
        value, rest = args[skip], args[skip + 1:]
        _check_filter(name, value, rest, kwargs)
        if name == "join":  # join(eval_ctx, value, d="", attribute=None)
            items = list(_counted(value, 0))
            attribute = _arg(rest, kwargs, 1, "attribute", None)
            if attribute is not None:  # as the filter does, before the sizes are known
                getter = make_attrgetter(args[0].environment, attribute)
                items = [getter(item) for item in items]
            separator = _arg(rest, kwargs, 0, "d", "")
            _check_join(separator, items)
            args, kwargs = (args[0], items, separator), {}
        result = func(*args, **kwargs)
        if isinstance(result, Iterator):
            return _counted(result, 0)
        return _made(result)

    return update_wrapper(guarded, func)


def _counted(iterable: Iterable[Any], made: int) -> Iterator[Any]:
    iterator = iter(iterable)  # an error of the iterable is raised here, as by `for`
    return _count(iterator, made)


def _count(iterator: Iterator[Any], made: int) -> Iterator[Any]:
    for item in iterator:
        _step(1, made)
        yield item


def _binop(operator: str, left: Any, right: Any) -> None:
    """Size checks of ``left <operator> right`` before it is computed."""
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, str | list | tuple) and isinstance(times, int):
                size = len(seq) * max(times, 0)
                if isinstance(seq, str):
                    _check_text(size)
                elif size > MAX_ITEMS:
                    raise _too_many(size)
        if isinstance(left, int) and isinstance(right, int):
            _check_bits(left.bit_length() + right.bit_length())
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0:
            _check_bits(max(left.bit_length(), 1) * right)
    elif operator == "+":
        if isinstance(left, str) and isinstance(right, str):
            _check_text(len(left) + len(right))
        elif isinstance(left, list | tuple) and isinstance(right, list | tuple):
            if len(left) + len(right) > MAX_ITEMS:
                raise _too_many(len(left) + len(right))
    elif operator == "%" and isinstance(left, str):
        _check_percent(left, right)


def _too_many(size: int) -> SandboxError:
    return SandboxError(f"the template makes a list of more than {MAX_ITEMS:,} items "
                        f"({size:,}); {_ONLY_VALUES}")


def _check_bits(bits: int) -> None:
    if bits > MAX_INT_BITS:
        raise SandboxError(f"the template makes a number of more than {MAX_INT_BITS} bits; "
                           f"{_ONLY_VALUES}")


def _check_method(method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[
        tuple[Any, ...], dict[str, Any]]:
    """Size checks of a call of a text method; the arguments to call it with."""
    owner = getattr(method, "__self__", None)
    if not isinstance(owner, str):
        return args, kwargs
    name = getattr(method, "__name__", "")
    if name != "join":  # (join: its items are measured below)
        for item in (*args, *(v for k, v in kwargs.items() if k not in _JINJA_KWARGS)):
            _text_size(item)
    if name in ("center", "ljust", "rjust", "zfill"):
        _check_text(len(owner) + _int_arg(_arg(args, kwargs, 0, "width", 0)))
    elif name == "expandtabs":
        tabs = owner.count("\t")
        _check_text(len(owner) + tabs * _int_arg(_arg(args, kwargs, 0, "tabsize", 8)))
    elif name == "replace":
        _check_replace(owner, _arg(args, kwargs, 0, "old", ""), _arg(args, kwargs, 1, "new", ""),
                       _arg(args, kwargs, 2, "count", -1))
    elif name == "join" and args:
        items = list(_counted(args[0], 0))
        _check_join(owner, items)
        args = (items, *args[1:])
    return args, kwargs


def _sandbox_range(*args: int) -> range:
    """``range`` of at most MAX_RANGE numbers."""
    numbers = range(*args)
    try:
        size = len(numbers)
    except OverflowError:
        size = MAX_RANGE + 1
    if size > MAX_RANGE:
        raise SandboxError(f"range() of more than {MAX_RANGE:,} numbers; {_ONLY_VALUES}")
    return numbers


@jinja2.pass_eval_context
def _finalize(eval_ctx: nodes.EvalContext, value: Any) -> Any:
    """What ``{{ value }}`` writes, made (escaped) here to count its real size."""
    _text_size(value)
    text = escape(value) if eval_ctx.autoescape else str(value)
    return _made(text)


# --- compiling: unsafe names refused, loops counted ---------------------------------------------


def _unsafe_name(text: Any) -> bool:
    return isinstance(text, str) and any(part.startswith("_") for part in text.split("."))


def _refuse_unsafe_names(template: nodes.Template) -> None:
    """SandboxError (with the line) for ``x._y``, ``x['_y']`` and ``|attr('_y')``."""
    for node in template.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter)):
        names: list[Any] = []
        if isinstance(node, nodes.Getattr):
            names.append(node.attr)
        elif isinstance(node, nodes.Getitem):
            if isinstance(node.arg, nodes.Const):
                names.append(node.arg.value)
        elif isinstance(node, nodes.Filter):
            if node.name in _ATTRIBUTE_FILTERS and node.args:
                first = node.args[0]
                names += [first.value] if isinstance(first, nodes.Const) else []
            names += [k.value.value for k in node.kwargs
                      if k.key == "attribute" and isinstance(k.value, nodes.Const)]
        for name in names:
            if _unsafe_name(name):
                raise SandboxError(f"the template tried to use an unsafe attribute "
                                   f"{name!r}; {_ONLY_VALUES}", lineno=node.lineno)


def _data_size(body: Iterable[nodes.Node]) -> int:
    """Bytes of template text in `body`, outside nested loops, macros and call blocks (they
    count their own)."""
    size = 0
    stack = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, nodes.TemplateData):
            size += _bytes(node.data)
        elif not isinstance(node, nodes.For | nodes.Macro | nodes.CallBlock):
            stack += node.iter_child_nodes()
    return size


class _CodeGenerator(CodeGenerator):
    """Jinja's code generator, with every loop iterating through the render's counter, ``~``
    and slices counted, and unsafe names refused before any code is made."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        _refuse_unsafe_names(node)
        super().visit_Template(node, frame)

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        counted = copy.copy(node)
        call = nodes.Call(nodes.EnvironmentAttribute("sandbox_iterate"),
                          [node.iter, nodes.Const(_data_size(node.body))], [], None, None)
        counted.iter = call.set_lineno(node.iter.lineno).set_environment(self.environment)
        super().visit_For(counted, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.sandbox_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        if frame.eval_ctx.volatile:  # as CodeGenerator.visit_Concat chooses the join
            self.write("), context.eval_ctx.volatile)")
        else:
            self.write(f"), {bool(frame.eval_ctx.autoescape)!r})")

    def visit_Getitem(self, node: nodes.Getitem, frame: Frame) -> None:
        if not isinstance(node.arg, nodes.Slice):
            super().visit_Getitem(node, frame)
            return
        self.write("environment.sandbox_made(")
        super().visit_Getitem(node, frame)
        self.write(")")


# --- the environment ----------------------------------------------------------------------------


class SandboxedTemplate(jinja2.Template):
    """A template whose render runs under :func:`render_limits` (its own budget, unless the
    render is part of a larger one)."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        with render_limits():
            return super().render(*args, **kwargs)


class TemplateEnvironment(ImmutableSandboxedEnvironment):
    """The sandboxed environment of every template; see the module docstring."""

    code_generator_class = _CodeGenerator
    template_class = SandboxedTemplate
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=jinja2.StrictUndefined,
                         finalize=_finalize)
        self.globals = {"range": _sandbox_range, "dict": dict, "namespace": Namespace}
        self.filters = {name: _guard_filter(name, func) for name, func in self.filters.items()}
        self._allowed: tuple[Any, ...] = (_sandbox_range, dict, Namespace)
        self._formatters: weakref.WeakSet[Callable[..., str]] = weakref.WeakSet()

    # what templates may touch

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return super().is_safe_attribute(obj, attr, value) and isinstance(obj, _READABLE)

    def is_safe_callable(self, obj: Any) -> bool:
        if not super().is_safe_callable(obj):
            return False
        if isinstance(obj, Macro | LoopContext) or any(obj is f for f in self._allowed):
            return True
        owner = getattr(obj, "__self__", None)
        if owner is self or obj in self._formatters:
            return True
        name = getattr(obj, "__name__", None)
        return any(isinstance(owner, kind) and name in names for kind, names in _METHODS)

    def unsafe_undefined(self, obj: Any, attribute: str) -> jinja2.Undefined:
        return self.undefined(f"the template tried to use an unsafe attribute {attribute!r}; "
                              f"{_ONLY_VALUES}", obj=obj, name=attribute, exc=SandboxError)

    def call(self, context: jinja2.runtime.Context, obj: Any, /, *args: Any,
             **kwargs: Any) -> Any:
        _step()
        if not self.is_safe_callable(obj):
            name = getattr(obj, "__name__", type(obj).__name__)
            raise SandboxError(f"the template tried to call {name!r}, which templates may not "
                               f"call; {_ONLY_VALUES}")
        args, kwargs = _check_method(obj, args, kwargs)
        if isinstance(obj, LoopContext) and args:  # loop(children) of a recursive loop
            args = (_counted(args[0], 0), *args[1:])
        budget = _BUDGET.get()
        if budget is not None:
            budget.depth += 1
        try:
            if budget is not None and budget.depth > MAX_CALL_DEPTH:
                raise SandboxError(f"the template's macros call each other more than "
                                   f"{MAX_CALL_DEPTH} levels deep (a macro that calls "
                                   f"itself without end?); {_ONLY_VALUES}")
            return _made(super().call(context, obj, *args, **kwargs))
        finally:
            if budget is not None:
                budget.depth -= 1

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any,
                   right: Any) -> Any:
        _binop(operator, left, right)
        return _made(super().call_binop(context, operator, left, right))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format`` and ``format_map`` through :class:`_Formatter` (widths checked)."""
        if not (isinstance(value, types.MethodType | types.BuiltinMethodType)
                and value.__name__ in ("format", "format_map")
                and isinstance(value.__self__, str)):
            return None
        owner: str = value.__self__
        is_map = value.__name__ == "format_map"

        def bounded(*args: Any, **kwargs: Any) -> str:
            formatter = (_EscapeFormatter(self, escape=owner.escape)
                         if isinstance(owner, Markup) else _Formatter(self))
            if is_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                kwargs, args = args[0], ()
            _check_text(len(owner))
            result: str = type(owner)(formatter.vformat(owner, args, kwargs))
            _made(result)
            return result

        self._formatters.add(bounded)
        return update_wrapper(bounded, value)

    def concat(self, chunks: Iterable[str]) -> str:
        """The rendered part, stopped at MAX_OUTPUT characters."""
        parts: list[str] = []
        size = 0
        for chunk in chunks:
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise SandboxError(f"the rendered part is longer than {MAX_OUTPUT:,} "
                                   f"characters; {_ONLY_VALUES}")
            parts.append(chunk)
        return "".join(parts)

    # called from the compiled code (see _CodeGenerator)

    def sandbox_iterate(self, iterable: Iterable[Any], made: int) -> Iterator[Any]:
        """The items of a ``for`` loop, each counted with the template text of one round."""
        return _counted(iterable, made)

    def sandbox_concat(self, parts: tuple[Any, ...], markup: bool) -> str:
        """``a ~ b``, checked before it is made."""
        _check_text(sum(_text_size(part) for part in parts))
        result = markup_join(parts) if markup else str_join(parts)
        _made(result)
        return result

    def sandbox_made(self, value: Any) -> Any:
        """A slice, counted."""
        return _made(value)


def environment() -> TemplateEnvironment:
    """A new sandboxed environment (one per compiled template or render)."""
    return TemplateEnvironment()

