"""The validation errors of the plan's model, said in words that name the key to write.

pydantic reports e.g. ``Input should be a valid string`` at ``('kuvaus', 'str')``; the person
editing the plan file needs ``plan.yaml:42 suunnitelma.kuvaus: expected text here, got a list;
…``. :func:`plan_issues` turns every error of a :class:`~pydantic.ValidationError` into such an
:class:`~yhdyspinta_docs.errors.Issue`: the line comes from the YAML layer, the key path is the
plan file's, and the message never repeats pydantic's own wording. For a field that takes one
of several shapes (a text is plain text or ``{fi: …, sv: …}``; a section's content is text or
``{lisaa: …}``) only what fits the value written is reported, once.
"""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from ..errors import Issue
from ._fields import ID_PATTERN, LANGS
from ._hints import MAX_HINTED, SWEDISH_KEYS, PartyNames, as_id, body_hint, id_holder, swedish_value
from ._model import PlanFile
from ._source import as_written
from ._text import Loc
from ._yaml import short, where

__all__ = ["describe", "plan_issues"]

_BRANCH_PREFIXES = ("dict[", "function-", "union[", "literal[", "constrained-str[")
_BRANCH_NAMES = frozenset({"str", "Insert"})

_TEXT_SHAPES = "plain text, or the text per language: {fi: '…', sv: '…'}"

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number", "int_parsing": "a whole number",
    "int_from_float": "a whole number", "float_type": "a number", "float_parsing": "a number",
    "bool_type": "true or false", "bool_parsing": "true or false",
    "tuple_type": "a list (one item per line, each starting with '- ')",
    "list_type": "a list (one item per line, each starting with '- ')",
    "dict_type": "a mapping of keys", "model_type": "a mapping of keys",
    "date_type": "a date (year-month-day, e.g. 2026-03-02)",
}

_EMPTY_LIST_HINTS = {
    "osapuolet": "list the parties of the agreement, each with tunnus, nimi and tyyppi",
    "toimenpiteet": "list the plan's measures, each with tunnus, otsikko and vastuutahot",
    "vastuutahot": "write the ids (tunnus) of the responsible parties, or [kaikki] for every "
                   "party",
    "kielet": "write the languages of the documents, e.g. [fi] or [fi, sv]",
}


def describe(value: Any, written: str | None = None) -> str:
    """`value` as the plan file's reader would name it: ``the text 'x'``, ``a list`` …; a
    number or true/false as `written` in the file, where given (``1.10``, not 1.1)."""
    if value is None:
        return "nothing (the key has no value)"
    if isinstance(value, bool):
        return f"the value {written or str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {written or value}"
    if isinstance(value, str):
        return f"the text {short(value)}"
    if isinstance(value, Mapping):
        keys = ", ".join(str(k) for k in list(value)[:5]) + (" …" if len(value) > 5 else "")
        return f"a mapping (keys: {keys})" if keys else "an empty mapping {}"
    if isinstance(value, list | tuple):
        return f"a list of {len(value)} item(s)" if value else "an empty list []"
    return f"the value {short(value)}"


def _is_branch(part: str | int) -> bool:
    """True for pydantic's union-branch labels, which are never keys of the plan file."""
    return isinstance(part, str) and (part in _BRANCH_NAMES or part.startswith(_BRANCH_PREFIXES))


def _split_branch(loc: tuple[int | str, ...]) -> tuple[Loc, str | None, Loc]:
    """Split a pydantic loc at its first union-branch label: (before, label, after)."""
    for i, part in enumerate(loc):
        if _is_branch(part):
            rest = tuple(p for p in loc[i + 1:] if not _is_branch(p))
            return tuple(loc[:i]), str(part), rest
    return tuple(loc), None, ()


def _labels(err: ErrorDetails) -> list[str]:
    return [str(p) for p in err["loc"] if _is_branch(p)]


def _lookup(data: Any, loc: Loc) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def plan_issues(errors: list[ErrorDetails], data: Any, name: str,
                lines: Mapping[Loc, int]) -> list[Issue]:
    """Every error of the model's validation of `data` as an issue ``file:line path: what``;
    each union (a field of several shapes) is reported once, for the shape written."""
    issues: list[Issue] = []
    unions: dict[Loc, list[tuple[str, Loc, ErrorDetails]]] = {}
    # a list whose items are wrong is also "too short" (no valid item): say only what is wrong
    inner = {err["loc"][:n] for err in errors for n in range(len(err["loc"]))}
    errors = [e for e in errors if not (e["type"] == "too_short" and e["loc"] in inner)]
    names = PartyNames(data)
    # the model's descriptions are Finnish: no help to a plan written in Swedish
    finnish = not (isinstance(data, Mapping) and data.get("kieli") == "sv")
    for err in errors:
        before, label, after = _split_branch(err["loc"])
        if label is None:
            hinted = len(issues) < MAX_HINTED
            issues.append(_issue(err, before, name, lines, names if hinted else None,
                                 data if hinted else None, finnish=finnish))
        else:
            unions.setdefault(before, []).append((label, after, err))
    for loc, errs in unions.items():
        issues += _union_issues(loc, errs, data, name, lines)
    return list(dict.fromkeys(issues))  # each once, in order (20,000 of them in linear time)


def _union_issues(loc: Loc, errs: list[tuple[str, Loc, ErrorDetails]], data: Any, name: str,
                  lines: Mapping[Loc, int]) -> list[Issue]:
    value = _lookup(data, loc)
    insert = any("Insert" in str(err["loc"]) for _, _, err in errs)
    if isinstance(value, Mapping) and insert and "lisaa" in value:
        return [_issue(err, loc + after, name, lines) for _, after, err in errs
                if "Insert" in err["loc"]]
    if isinstance(value, Mapping):
        return _text_mapping_issues(loc, value, name, lines)
    if isinstance(value, str):
        return [_issue(err, loc + after, name, lines) for label, after, err in errs
                if _labels(err)[-1:] == ["str"]
                or (label.startswith("function-") and _labels(err) == [label])]
    expected = "text (or {lisaa: …} to insert content from the plan)" if insert else "text"
    return [Issue(where(name, lines, loc),
                  _wrong_type(expected, value, loc, as_written(lines, loc, value)))]


def _text_mapping_issues(loc: Loc, value: Mapping[Any, Any], name: str,
                         lines: Mapping[Loc, int]) -> list[Issue]:
    """A text written as a mapping: languages as keys, each with its text."""
    at = where(name, lines, loc)
    unknown = [k for k in value if k not in LANGS]
    colon = _colon_text(value)
    if colon:
        return [Issue(at, colon)]
    if unknown:
        return [Issue(at, f"unknown language {unknown[0]!r}; a text is {_TEXT_SHAPES} "
                      "(languages fi and sv); if this is one text, quote it ('…')")]
    out = []
    for lang, text in value.items():
        if not isinstance(text, str):
            out.append(Issue(where(name, lines, loc + (lang,)),
                             _wrong_type(f"the {lang} text", text, loc + (lang,),
                                         as_written(lines, loc + (lang,), text))))
    return out or [Issue(at, f"expected {_TEXT_SHAPES}")]


def _colon_text(value: Any) -> str | None:
    """For a mapping of one key without a value (``- Hallitus toteaa:``, a text that YAML read
    as a key), what to write instead; else None."""
    if not isinstance(value, Mapping) or len(value) != 1:
        return None
    key, inner = next(iter(value.items()))
    if inner is not None or key in LANGS:
        return None
    text = f"{key}:"
    return (f"the text {short(text)} ends with ':', so YAML reads it as a key with no value; "
            f"quote the whole text: {short(text)}")


def _wrong_type(expected: str, value: Any, loc: Loc, written: str | None = None) -> str:
    """The message for `value` (`written` so in the file) where `expected` belongs."""
    if value is None:
        if loc and isinstance(loc[-1], int):
            return f"the list item is empty; write {expected}, or remove the line"
        return f"the key has no value; write {expected}" + (
            "" if _required(loc) else ", or leave the key out")
    colon = _colon_text(value) if "text" in expected else None
    if colon:
        return colon
    msg = f"expected {expected} here, got {describe(value, written)}"
    if "text" in expected and isinstance(value, bool | int | float):
        shown = written or (str(value).lower() if isinstance(value, bool) else str(value))
        msg += f"; quote it ('{shown}') if it is meant as text"
    if expected.startswith("a list") and isinstance(value, str):
        items = [item.strip() for item in value.split(",")]
        if all(re.fullmatch(ID_PATTERN, item) for item in items):  # ids: kaikki, fi, sv …
            msg += f": write it in brackets, [{', '.join(items)}]"
    return msg


def _issue(err: ErrorDetails, loc: Loc, name: str, lines: Mapping[Loc, int],
           names: PartyNames | None = None, data: Any = None, *, finnish: bool = True) -> Issue:
    """The issue of one error; with `names`, a party's name written where an id belongs is
    pointed to the party; with `data` (the plan as read), an id to write instead of an invalid
    one is checked against the ids other items have. Without `finnish` (a plan whose plain
    texts are Swedish), the key's Finnish description is left out."""
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx", {})
    if kind == "literal_error" and loc[-1:] == ("[key]",):
        loc = loc[:-1]
        return Issue(where(name, lines, loc),
                     f"unknown language {loc[-1]!r}; texts can be given in 'fi' and 'sv'")
    if (kind == "string_pattern_mismatch" and ctx.get("pattern") == ID_PATTERN
            and loc[-1:] != ("tunnus",) and names is not None):
        # a reference that gives a party's or body's name: point to its id
        hint = names.hint(value) if loc[-1:] != ("toimielin",) else body_hint(data, loc, value)
        if hint:
            return Issue(where(name, lines, loc), f"{short(value)} is not an id; {hint}")
    if (kind == "string_pattern_mismatch" and ctx.get("pattern") == ID_PATTERN
            and loc[-1:] == ("tunnus",) and data is not None):
        plain = as_id(value)
        holder = id_holder(data, loc, plain) if plain and plain != value else None
        if holder:  # the id that the advice would give is another item's
            item, at, other = holder
            taken = (f"'{plain}' is taken: {at} has it; choose an id that no other {item} has"
                     if other == plain else
                     f"{at} has '{other}', which would become '{plain}' too; give each {item} an "
                     "id of its own")
            return Issue(where(name, lines, loc), f"{short(value)} is not a valid id; ids use "
                         "lower-case letters a-z (å, ä, ö as a, a, o), digits, - and _, but "
                         + taken)
    return Issue(where(name, lines, loc), _what(kind, value, ctx, loc, err, finnish,
                                                as_written(lines, loc, value)))


def _what(kind: str, value: Any, ctx: Mapping[str, Any], loc: Loc, err: ErrorDetails,
          finnish: bool = True, written: str | None = None) -> str:
    """The message of one error in words (never pydantic's own); `written`: the number
    `value` as the file writes it."""
    key = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        swedish = [k for k in SWEDISH_KEYS.get(key.casefold(), ()) if k in allowed]
        listed = ", ".join(allowed)
        if key == "henkilotieto" and any(part in loc for part in ("esittelija", "valmistelijat")):
            return ("unknown key 'henkilotieto': a person is marked once, in the working group "
                    "(suunnitelma.valmistelu.tyoryhma, henkilotieto: true), and is then personal "
                    "wherever the plan names them; add the person there if they are not in it")
        if swedish and not close:
            return (f"unknown key '{key}'; the keys are Finnish: write "
                    + " or ".join(f"'{k}'" for k in swedish) + f". Allowed keys here: {listed}")
        if close:
            return (f"unknown key '{key}'; did you mean '{close[0]}'?"
                    + (f" Allowed keys here: {listed}" if allowed else ""))
        return f"unknown key '{key}'" + (f"; allowed keys here: {listed}" if allowed else "")
    if kind == "missing":
        desc = _description(loc) if finnish else ""
        return f"missing required key '{key}'" + (f" ({desc})" if desc and len(desc) <= 120
                                                  else "")
    if kind in ("date_format", "date_range", "section_format", "blank", "too_many_parties"):
        return err["msg"]  # the plan's own validators speak in words already
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", ""))
        if " or " in expected or "," in expected:
            expected = "one of " + expected
        if value is None:
            return _wrong_type(expected, value, loc, written)
        value_fi = swedish_value(value, expected)
        if value_fi:
            return (f"{describe(value, written)} is not allowed here; the values are Finnish: "
                    f"write '{value_fi}' ({expected})")
        return f"{describe(value, written)} is not allowed here; write {expected}"
    if kind == "string_pattern_mismatch":
        return _pattern(str(ctx.get("pattern", "")), value, key)
    if kind in ("model_type", "dict_type"):
        allowed = _allowed_keys(loc)
        keys = f" ({', '.join(allowed[:8])}{' …' if len(allowed) > 8 else ''})" if allowed else ""
        return _wrong_type(f"a mapping of keys{keys}", value, loc, written)
    if kind in _EXPECTED:
        return _wrong_type(_EXPECTED[kind], value, loc, written)
    if kind == "too_short":
        if isinstance(value, str):
            return "the text is empty; write it, or leave the key out"
        hint = _EMPTY_LIST_HINTS.get(key) or (_description(loc) if finnish else "")
        least = ctx.get("min_length", 1)
        return (f"the list is empty; write at least {'one item' if least == 1 else least}"
                + (f": {hint}" if hint else ""))
    if kind == "too_long":
        return (f"the list has {ctx.get('actual_length')} items; at most "
                f"{ctx.get('max_length')} are allowed")
    if kind == "string_too_short":
        return "the text is empty; write it, or leave the key out"
    if kind == "string_too_long":
        return (f"the text is {len(str(value))} characters long; at most "
                f"{ctx.get('max_length')} are allowed here")
    bounds = {"greater_than_equal": ("at least", "ge"), "greater_than": ("more than", "gt"),
              "less_than_equal": ("at most", "le"), "less_than": ("less than", "lt")}
    if kind in bounds:
        words, bound = bounds[kind]
        return (f"{describe(value, written)} is out of range; write a number {words} "
                f"{ctx.get(bound)}")
    desc = _description(loc) if finnish else ""
    return f"{describe(value, written)} does not fit here" + (f"; write {desc}" if desc else "")


def _pattern(pattern: str, value: Any, key: str) -> str:
    if pattern == ID_PATTERN:
        what = "is not a valid id" if key == "tunnus" else "is not an id"
        plain = as_id(value)
        if plain is not None and plain != value:
            return (f"{short(value)} {what}; ids use lower-case letters a-z (å, ä, ö as a, a, "
                    f"o), digits, - and _: write '{plain}'")
        return (f"{short(value)} {what}; use lower-case letters a-z, digits, - and _ "
                "(e.g. 'keski-suomi')")
    if "@" in pattern:
        return f"{short(value)} is not an e-mail address; write it as name@example.fi"
    if key == "numero":
        return (f"{short(value)} is not a chapter number; write digits separated by dots, "
                "in quotes, e.g. '7.1'")
    return f"{short(value)} is not written in the form this key takes"


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """Return the model class that describes the mapping at `loc`, following aliases."""
    model: type[BaseModel] = PlanFile
    for part in loc:
        if isinstance(part, int):
            continue
        field = next((f for n, f in model.model_fields.items()
                      if (f.alias or n) == part), None)
        if field is None:
            return None
        found = _first_model(field.annotation)
        if found is None:
            return None
        model = found
    return model


def _first_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _first_model(arg)
        if found is not None:
            return found
    return None


def _allowed_keys(loc: Loc) -> list[str]:
    model = _model_at(loc)
    if model is None:
        return []
    return [f.alias or n for n, f in model.model_fields.items()]


def _required(loc: Loc) -> bool:
    """True when the key at `loc` must be written (False for list items and unknown keys)."""
    if not loc or isinstance(loc[-1], int):
        return False
    model = _model_at(loc[:-1])
    field = next((f for n, f in model.model_fields.items() if (f.alias or n) == loc[-1]),
                 None) if model else None
    return bool(field and field.is_required())


def _description(loc: Loc) -> str:
    if not loc or isinstance(loc[-1], int):
        return ""
    model = _model_at(loc[:-1])
    if model is None:
        return ""
    field = next((f for n, f in model.model_fields.items() if (f.alias or n) == loc[-1]), None)
    return (field.description or "") if field else ""
