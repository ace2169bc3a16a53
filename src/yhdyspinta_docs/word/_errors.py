"""Jinja, docxtpl and XML errors of a compile or render, as a TemplateError naming the place.

Given the template package, an error is located as Word shows it, as the other findings of a
template are (:func:`._error_places.error_place`): ``decision.docx: table 1, row 2, column 2
("{{ 1/0 }}"): ZeroDivisionError: division by zero; …``, ``decision.docx: header of section 1,
paragraph 2 ("{{ doc_type | }}"): syntax error: …``. Where that cannot be told, by the part
and the line of its compiled source, which counts paragraphs (the source is numbered one
paragraph per line before compiling, :func:`._docxtpl.numbered_lines`): ``decision.docx:
word/document.xml line 42 (near "{{ title }}")``. What the sandbox refuses (:mod:`._sandbox`:
an unsafe attribute or call, a limit of work or size) reads ``evil.docx: paragraph 3 ("{{
cycler.__init__ }}"): the template tried to use an unsafe attribute '__init__'; templates may
only show the values they are given``. Each message says how to fix what it names.
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
from ._error_places import ErrorPlace, closing_tag, error_place
from ._places import own_text
from ._sandbox import MAX_CALL_DEPTH, environment
from ._tags import suggest

__all__ = ["template_errors"]

_NO_SUCH = re.compile(r"No (filter|test) named '([^']*)'")
_UNKNOWN = re.compile(r"Encountered unknown tag '([^']*)'")


@contextmanager
def template_errors(
    name: str, tpl: Any, *, partname: str | None = None, source: str | None = None,
    package: bytes | None = None,
) -> Iterator[None]:
    """Turn Jinja/docxtpl/XML errors into a TemplateError naming the template and where the
    error is: as Word shows it when `package` (the template's bytes as compiled) is given and
    the place can be told, else the part and the line of `source`."""
    try:
        yield
    except TemplateError:
        raise
    except jinja2.UndefinedError as exc:
        where, _found = _where(name, tpl, partname, source, package, exc)
        raise TemplateError(
            [Issue(where, f"{exc.message} (the context has no such value; the values a "
                   "template can use are listed in docs/templates.md)")],
            template=name,
            header=f"template {name} uses a value the context does not have",
        ) from exc
    except jinja2.TemplateSyntaxError as exc:
        where, found = _where(name, tpl, partname, source, package, exc, exc.lineno)
        raise TemplateError(
            [Issue(where, _syntax((found.own_error if found is not None else "")
                                  or exc.message or str(exc), found))],
            template=name,
            header=f"template {name} has a syntax error",
        ) from exc
    except SecurityError as exc:  # the sandbox refused it (sandbox.SandboxError or Jinja's)
        where, _found = _where(name, tpl, partname, source, package, exc,
                               getattr(exc, "lineno", None))
        raise TemplateError(
            [Issue(where, str(exc.message or exc))],
            template=name,
            header=f"template {name} was refused: it does what templates may not do",
        ) from exc
    except RecursionError as exc:  # a guard in case the sandbox's depth limit is not reached
        where, _found = _where(name, tpl, partname, source, package, exc)
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
            [Issue(_where(name, tpl, partname, source, package, MemoryError())[0],
                   "rendering the template needs more memory than there is; templates "
                   "may only show the values they are given")],
            template=name,
            header=f"template {name} was refused: it does what templates may not do",
        ) from None
    except (jinja2.TemplateError, TypeError, AttributeError, LookupError, ValueError,
            ArithmeticError) as exc:
        # e.g. `b.items` (the dict method, where the key `items` was meant), a filter applied
        # to the wrong type, `1/0` or `x[99]`
        where, found = _where(name, tpl, partname, source, package, exc)
        raise TemplateError(
            [Issue(where, f"{type(exc).__name__}: {exc}; {_subject(found)} cannot be "
                   "computed with this data: correct it, or show it only when its value fits "
                   "({% if … %})")],
            template=name,
            header=f"template {name} cannot be rendered with this context",
        ) from exc
    except SyntaxError as exc:  # lxml.etree.XMLSyntaxError: rendered XML is not well-formed
        where, _found = _where(name, tpl, partname, source, package, exc)
        if "statically nested blocks" in str(exc):  # Python's compile: Jinja's code for it
            raise TemplateError([Issue(where, "the template's {% for %} loops nest more than "
                                       "20 deep (with the blocks Python counts like them); "
                                       "nest them less (a macro can stand for an inner part)")],
                                template=name) from exc
        raise TemplateError(
            [Issue(where, f"the rendered XML is not well-formed: {exc}")],
            template=name,
            header=f"template {name} produced a broken document (check {{%p %}} tag placement)",
        ) from exc


def _syntax(message: str, found: ErrorPlace | None) -> str:
    """What a syntax error is and how to fix it, for the tag `found` names."""
    tag = found.tag if found is not None else None
    opener = found.opener if found is not None else None
    if message.startswith("Unexpected end of template") and opener is not None:
        return (f"syntax error: {opener.text} opens a block that is never closed; write "
                f"{closing_tag(opener)} where the block ends")
    no_such = _NO_SUCH.match(message)
    if no_such:
        kind, word = no_such.groups()
        env = environment()
        hint = suggest(word, env.filters if kind == "filter" else env.tests)
        return f"syntax error: {message.rstrip('.')}; " + (
            f"did you mean '{hint}'?" if hint else
            f"write one of Jinja's {kind}s (such as "
            + ("join, default, upper" if kind == "filter" else "defined, none, number") + ")")
    unknown = _UNKNOWN.match(message)
    if unknown and not unknown[1].startswith(("end", "el")):
        return (f"syntax error: {message.split('. ')[0].rstrip('.')}; a template may use "
                "Jinja's tags (if, for, set, macro …) and docxtpl's {%p, {%tr, {%tc and {%r")
    if unknown and tag is not None and opener is not None and found is not None:
        return (f"syntax error: {tag.text} does not fit the block that is open here, "
                f"{opener.text} ({found.opener_place}): close that block with "
                f"{closing_tag(opener)} before it, or remove {tag.text}")
    if unknown and tag is not None:
        return (f"syntax error: {tag.text} ends or continues a block, but no block is open "
                "here: remove it, or add the tag that opens its block before it")
    if unknown:
        return (f"syntax error: {message}; close each block with the end tag of its kind, "
                "the inner blocks first ({% if %} … {% endif %}, {% for %} … {% endfor %})")
    if tag is not None:
        return f"syntax error: {message}; correct the tag{_named(found)}"
    return (f"syntax error: {message}; correct the tag: write each tag whole, in one "
            "paragraph ('{{ … }}', '{% … %}')")


def _subject(found: ErrorPlace | None) -> str:
    """``the tag {{ x }}``, ``the tag`` (the place shows it) or ``a tag there`` (a tag of the
    paragraph, or of the paragraphs, named: which one cannot be told)."""
    if found is None or found.tag is None:
        return "a tag there"
    return f"the tag{_named(found)}"


def _named(found: ErrorPlace | None) -> str:
    """`` {{ x }}``: the tag `found` names, where its paragraph has other text too (else the
    place shows it already)."""
    tag = found.tag if found is not None else None
    return "" if tag is None or own_text(tag.element).strip() == tag.text else f" {tag.text}"


def _where(
    name: str,
    tpl: Any,
    partname: str | None,
    source: str | None,
    package: bytes | None,
    exc: BaseException,
    lineno: int | None = None,
) -> tuple[str, ErrorPlace | None]:
    """``decision.docx: table 1, row 2, column 2 ("{{ 1/0 }}")`` as Word shows it (with the
    tag found there), else ``decision.docx: word/document.xml line 42 (near "{{ title
    }}")``."""
    if partname is None and tpl is not None:
        part = getattr(tpl, "current_rendering_part", None)
        if part is not None:
            partname = str(part.partname)
            source = getattr(tpl, "last_source", None)
    if lineno is None:
        lineno = _template_lineno(exc)
    if package is not None and partname and source is not None and lineno is not None:
        found = error_place(name, package, partname, source, lineno, exc)
        if found is not None:
            return found.where, found
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
    return where, None


def _template_lineno(exc: BaseException) -> int | None:
    """The template line of a runtime error (Jinja rewrites tracebacks to template lines)."""
    lineno = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == "<template>":
            lineno = frame.lineno
    return lineno
