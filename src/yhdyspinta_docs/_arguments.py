"""Arguments of the public functions, checked before any work.

A type checker finds most wrong arguments in a caller's script, but not all: a
``datetime.datetime`` is a ``datetime.date`` to it, and a script that is not type-checked
passes anything. Unchecked, such an argument failed deep inside with a message about the
library's own code ("can't compare datetime.datetime to datetime.date", ``KeyError: 's'``).
Each function here takes the argument as given and `where` it was given, as the caller wrote
it (``approval_status(as_of=…)``, ``BuildOptions(key=…)``), and returns it as the library uses
it, or raises the error of what the argument is about, naming the argument and what to give.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import Issue, MatrixError, PlanError, YhdyspintaError
from .plan._fields import LANGS, Lang

__all__ = ["KEY_MIN_BYTES", "day_argument", "key_argument", "languages_argument",
           "path_argument", "report_arguments", "shown_type"]

KEY_MIN_BYTES = 16
"""The fewest bytes a key may have (the keys the package makes have 32)."""


def shown_type(value: object) -> str:
    """The kind of `value` in words, never the value itself (a key written as text is the
    key): ``None``, ``a str``."""
    if value is None:
        return "None"
    name = type(value).__name__
    return f"{'an' if name[:1] in 'aeiou' else 'a'} {name}"


def day_argument(value: object, where: str) -> dt.date | None:
    """`value` as a day: a ``datetime`` counts as its day (its time of day is not used: a
    document's days are days); None stays None. Anything else is refused, a text with how
    to make it a date."""
    if value is None or type(value) is dt.date:
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):  # a subclass of date: the day it is
        return dt.date(value.year, value.month, value.day)
    how = (f": datetime.date.fromisoformat({value!r})" if isinstance(value, str) and
           len(value) < 40 else "")
    raise YhdyspintaError(f"{where} is a day, e.g. datetime.date(2026, 4, 20), not "
                          f"{shown_type(value)}{how}")


def languages_argument(value: object, where: str) -> tuple[Lang, ...] | None:
    """`value` as languages, each ``'fi'`` or ``'sv'``; None or an empty list (the plan's
    own) is None. A single text (``'sv'``, a list of its letters to Python) is refused naming
    the list to give."""
    if not isinstance(value, str) and isinstance(value, Sequence) and all(
            isinstance(lang, str) and lang in LANGS for lang in value):
        return tuple(value) or None
    if value is None:
        return None
    example = f"[{value!r}]" if isinstance(value, str) and value in LANGS else "['fi', 'sv']"
    raise PlanError([Issue("", f"{where} is a list of languages, each "
                           f"{' or '.join(map(repr, LANGS))}, e.g. {example}, not "
                           f"{value!r}"[:300])])


def path_argument(value: object, where: str, error: Callable[[str], YhdyspintaError],
                  instead: str) -> Path:
    """`value` as a file's path (a ``str`` or ``os.PathLike``); anything else, the file's
    content as bytes or a file object included, is refused with `error`, saying what to give
    and, in `instead`, what to do with content the caller holds in memory."""
    if isinstance(value, str | os.PathLike) and not isinstance(value, bytes):
        path = os.fspath(value)
        if isinstance(path, str):
            return Path(path)
    raise error(f"{where} is a file's path, a str or pathlib.Path, not {shown_type(value)}; "
                f"{instead}")


def key_argument(value: object, where: str) -> bytes:
    """`value` as the plan's key: bytes, at least :data:`KEY_MIN_BYTES` of them. A text (the
    key file read as text), None or a short key is refused saying how to read the key."""
    if isinstance(value, bytes | bytearray) and len(value) >= KEY_MIN_BYTES:
        return bytes(value)
    what = (f"{len(value)} bytes" if isinstance(value, bytes | bytearray)
            else shown_type(value))
    raise MatrixError([Issue("", f"{where} is the plan's key, bytes (at least "
                             f"{KEY_MIN_BYTES}), not {what}: key = "
                             "yhdyspinta_docs.plan_key('plan.yaml') reads it from the key file "
                             "plan.yaml.key (yhdyspinta_docs.matrix.load_key(path) from another "
                             "file)")])


def report_arguments(followup: object, previous: object, on: object, meeting_date: object,
                     section: object) -> tuple[dt.date | None, dt.date | None]:
    """Refuse the arguments of :func:`._documents.write_report` of the wrong kind before any
    work, naming each (a path where the data goes, a section written with its sign); `on`
    and `meeting_date` as days (a ``datetime`` is its day)."""
    from .matrix import FollowupData  # here, not above: the matrix package imports this module

    for name, data in (("followup", followup), ("previous", previous)):
        if not isinstance(data, FollowupData) and (name == "followup" or data is not None):
            raise MatrixError([Issue("", f"write_report({name}=…) is the merged follow-up data "
                                     "(FollowupData): collect(...).data, or read_matrix(path, "
                                     "plan, key=…) of the merged matrix, not "
                                     f"{shown_type(data)}")])
    if section is not None and (isinstance(section, bool) or not isinstance(section, int)
                                or section < 1):
        raise PlanError([Issue("", "write_report(section=…) is the section's number, e.g. "
                               f"section=150 (documents add the § sign), not {section!r}")])
    return (day_argument(on, "write_report(on=…)"),
            day_argument(meeting_date, "write_report(meeting_date=…)"))
