"""Size checks of the filters, operators and text methods a template calls, made before
they make their result, and ``range`` and ``{{ … }}`` output bounded (see :mod:`._sandbox`);
numbers a template writes that are too big for these checks are refused when it is compiled.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import update_wrapper
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.filters import make_attrgetter
from markupsafe import escape

from ._sandbox_limits import (
    _CONTAINER_FILTERS,
    _JINJA_KWARGS,
    _ONLY_VALUES,
    MAX_INT_BITS,
    MAX_ITEMS,
    MAX_RANGE,
    MAX_ROUND_DIGITS,
    MAX_SLOW_TEXT,
    SandboxError,
    _check_bits,
    _check_percent,
    _check_text,
    _made,
    _step,
    _text_size,
)

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
    elif name == "round":
        _check_round(_arg(args, kwargs, 0, "precision", 0))
    elif name == "sum":
        start = _arg(args, kwargs, 1, "start", 0)
        if not isinstance(start, int | float | decimal.Decimal):
            raise SandboxError(f"|sum may only add numbers; {_ONLY_VALUES}")
    elif name == "striptags" and len(str(value)) > MAX_SLOW_TEXT:
        raise SandboxError(f"|striptags of a text of more than {MAX_SLOW_TEXT:,} characters; "
                           f"{_ONLY_VALUES}")


def _check_round(precision: Any) -> None:
    """``round(precision)``: Python makes 10**abs(precision) in one call, so it is bounded."""
    if not isinstance(precision, int | float | decimal.Decimal) or (
            isinstance(precision, decimal.Decimal) and precision.is_nan()):
        return  # round() refuses it by itself
    size: Any = abs(precision)
    if not size <= MAX_ROUND_DIGITS:  # (`not <=`: a float NaN is refused too)
        shown = repr(precision) if len(repr(precision)) <= 24 else f"{repr(precision)[:20]}…"
        raise SandboxError(f"|round({shown}) rounds to more than {MAX_ROUND_DIGITS:,} digits "
                           f"before or after the decimal point; {_ONLY_VALUES}")


def _const_number(node: nodes.Node) -> Any:
    """The number written in the template at `node` (``5``, ``-5``), else None."""
    sign = 1
    while isinstance(node, nodes.Neg | nodes.Pos):
        sign = -sign if isinstance(node, nodes.Neg) else sign
        node = node.node
    if isinstance(node, nodes.Const) and isinstance(node.value, int | float):
        return sign * node.value
    return None


def _refuse_big_numbers(template: nodes.Template) -> None:
    """SandboxError (with the line) when the template is compiled: for a whole number written
    in it of more than MAX_INT_BITS bits (no bigger one can be made), and for ``|round(n)``
    with a written `n` out of bounds (the render refuses it too, but check-template's sample
    render may not reach it)."""
    for const in template.find_all(nodes.Const):
        if isinstance(const.value, int) and const.value.bit_length() > MAX_INT_BITS:
            raise SandboxError(f"the template writes a number of more than {MAX_INT_BITS} "
                               f"bits; {_ONLY_VALUES}", lineno=const.lineno)
    for node in template.find_all(nodes.Filter):
        if node.name != "round":
            continue
        written = [node.args[0]] if node.args else []
        written += [k.value for k in node.kwargs if k.key == "precision"]
        for arg in written:
            try:
                _check_round(_const_number(arg))
            except SandboxError as exc:
                exc.lineno = node.lineno
                raise


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


