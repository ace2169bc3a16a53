"""Jinja, docxtpl and XML errors of a render, as a TemplateError naming template, part and line.

``decision.docx: word/document.xml line 42 (near "{{ title }}"): 'x' is undefined (the context
has no such value)``. Line numbers count paragraphs, as the template's source is numbered one
paragraph per line before compiling (``render._numbered_lines``). What the sandbox refuses
(:mod:`.sandbox`: an unsafe attribute or call, a limit of work or size) reads
``evil.docx: word/header1.xml line 3: the template tried to use an unsafe attribute
'__globals__'; templates may only show the values they are given``.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError

from ..errors import Issue, TemplateError
from ._sandbox import MAX_CALL_DEPTH

__all__ = ["template_errors"]


@contextmanager
def template_errors(
    name: str, tpl: Any, *, partname: str | None = None, source: str | None = None
) -> Iterator[None]:
    """Turn Jinja/docxtpl/XML errors into a TemplateError naming template, part and line."""
    try:
        yield
    except TemplateError:
        raise
    except jinja2.UndefinedError as exc:
        where = _where(name, tpl, partname, source, exc)
        raise TemplateError(
            [Issue(where, f"{exc.message} (the context has no such value)")],
            template=name,
            header=f"template {name} uses a value the context does not have",
        ) from exc
    except jinja2.TemplateSyntaxError as exc:
        where = _where(name, tpl, partname, source, exc, exc.lineno)
        raise TemplateError(
            [Issue(where, f"syntax error: {exc.message}")],
            template=name,
            header=f"template {name} has a syntax error",
        ) from exc
    except SecurityError as exc:  # the sandbox refused it (sandbox.SandboxError or Jinja's)
        where = _where(name, tpl, partname, source, exc, getattr(exc, "lineno", None))
        raise TemplateError(
            [Issue(where, str(exc.message or exc))],
            template=name,
            header=f"template {name} was refused: it does what templates may not do",
        ) from exc
    except RecursionError as exc:  # a guard in case the sandbox's depth limit is not reached
        where = _where(name, tpl, partname, source, exc)
        raise TemplateError(
            [Issue(where, "the template nests too deeply: macros call each other too deeply "
                   f"(more than {MAX_CALL_DEPTH} levels are refused; a macro that calls itself "
                   "without end?) or expressions are nested inside expressions too deeply; "
                   "templates may only show the values they are given")],
            template=name,
            header=f"template {name} was refused: it does what templates may not do",
        ) from None
    except MemoryError:  # a guard: the sandbox's size limits should stop it before
        raise TemplateError(
            [Issue(_where(name, tpl, partname, source, MemoryError()),
                   "rendering the template needs more memory than there is; templates "
                   "may only show the values they are given")],
            template=name,
            header=f"template {name} was refused: it does what templates may not do",
        ) from None
    except (jinja2.TemplateError, TypeError, AttributeError, LookupError, ValueError,
            ArithmeticError) as exc:
        # e.g. `b.items` (the dict method, where the key `items` was meant), a filter applied
        # to the wrong type, `1/0` or `x[99]`
        where = _where(name, tpl, partname, source, exc)
        raise TemplateError(
            [Issue(where, f"{type(exc).__name__}: {exc}")],
            template=name,
            header=f"template {name} cannot be rendered with this context",
        ) from exc
    except SyntaxError as exc:  # lxml.etree.XMLSyntaxError: rendered XML is not well-formed
        where = _where(name, tpl, partname, source, exc)
        raise TemplateError(
            [Issue(where, f"the rendered XML is not well-formed: {exc}")],
            template=name,
            header=f"template {name} produced a broken document (check {{%p %}} tag placement)",
        ) from exc


def _where(
    name: str,
    tpl: Any,
    partname: str | None,
    source: str | None,
    exc: BaseException,
    lineno: int | None = None,
) -> str:
    """``decision.docx: word/document.xml line 42 (near "{{ title }}")``."""
    if partname is None and tpl is not None:
        part = getattr(tpl, "current_rendering_part", None)
        if part is not None:
            partname = str(part.partname)
            source = getattr(tpl, "last_source", None)
    if lineno is None:
        lineno = _template_lineno(exc)
    where = name
    if partname:
        where += f": {partname.lstrip('/')}"
    if lineno is not None:
        where += f" line {lineno}"
        if source is not None:
            lines = source.splitlines()
            if 0 < lineno <= len(lines):
                text = re.sub(r"<[^>]+>", "", lines[lineno - 1]).strip()
                if text:
                    where += f' (near "{text[:80]}")'
    return where


def _template_lineno(exc: BaseException) -> int | None:
    """The template line of a runtime error (Jinja rewrites tracebacks to template lines)."""
    lineno = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == "<template>":
            lineno = frame.lineno
    return lineno
