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
  ``'{:>9}'``, ``'{!r}'`` …); everything a render makes (texts, lists, output of ``{{ … }}``,
  the text of each loop round) is counted against :data:`MAX_MADE`, and the output of a part
  is cut at :data:`MAX_OUTPUT` characters.
* **Bounded work in one call.** What one call could compute without end is bounded before
  it starts: every whole number a template writes or makes (``|int``, ``+``, ``-``, ``sum``
  …) has at most :data:`MAX_INT_BITS` bits, so ``//``, ``%`` and comparisons stay quick, and
  ``round`` rounds to at most :data:`MAX_ROUND_DIGITS` digits (``round(-n)`` makes 10**n).
* **Values, not callables.** A function, method, class or macro shown as text
  (``{{ title.encode }}``, also inside a list, after ``~``, ``|string`` or ``'{!r}'``) is
  refused: its text would be its address in memory, different in every run.

A template that breaks a rule raises :class:`SandboxError` (a :class:`jinja2.sandbox.
SecurityError`); :mod:`.template_errors` turns it into a one-line
:class:`~.errors.TemplateError` naming template, part and line. Nothing compiled is kept on
disk: templates are compiled in the process that renders them.
"""

from __future__ import annotations

import copy
import types
import weakref
from collections.abc import Callable, Iterable, Iterator
from functools import update_wrapper
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import LoopContext, Macro, markup_join, str_join
from jinja2.sandbox import (
    ImmutableSandboxedEnvironment,
)
from jinja2.utils import Namespace
from markupsafe import Markup

from ._sandbox_checks import (
    _binop,
    _check_method,
    _counted,
    _finalize,
    _guard_filter,
    _refuse_big_numbers,
    _sandbox_range,
)
from ._sandbox_limits import (
    _ATTRIBUTE_FILTERS,
    _BUDGET,
    _METHODS,
    _ONLY_VALUES,
    _READABLE,
    DEADLINE_SECONDS,
    MAX_CALL_DEPTH,
    MAX_INT_BITS,
    MAX_ITEMS,
    MAX_MADE,
    MAX_OUTPUT,
    MAX_RANGE,
    MAX_ROUND_DIGITS,
    MAX_SLOW_TEXT,
    MAX_STEPS,
    MAX_TEXT,
    SandboxError,
    _bytes,
    _check_text,
    _EscapeFormatter,
    _Formatter,
    _made,
    _step,
    _text_size,
    render_limits,
)

__all__ = [
    "DEADLINE_SECONDS",
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
    "SandboxedTemplate",
    "TemplateEnvironment",
    "environment",
    "render_limits",
]

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
        _refuse_big_numbers(node)
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
    # ("-": a result is checked like any other, see _made: `a - -a` doubles a number too)
    intercepted_binops = frozenset({"*", "**", "+", "-", "%"})

    def __init__(self) -> None:
        # optimized=False: no constant expression or filter is evaluated while compiling;
        # everything runs when rendering, under the budget (and compiling is quicker)
        super().__init__(autoescape=True, undefined=jinja2.StrictUndefined,
                         finalize=_finalize, optimized=False)
        self.globals = {"range": _sandbox_range, "dict": dict, "namespace": Namespace}
        # no 'random': the same plan and template make the same bytes, every time
        self.filters = {name: _guard_filter(name, func) for name, func in self.filters.items()
                        if name != "random"}
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

