"""Plan file → validated :class:`.PlanFile`, with errors that name the line.

Every problem becomes an :class:`~yhdyspinta_docs.errors.Issue` formatted
``plan.yaml:42 toimenpiteet[2].vastuutahot[0]: unknown party 'jyvaskyla'; …`` and all of them
are raised together as one :class:`~yhdyspinta_docs.errors.PlanError`.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from pydantic import ValidationError

from .._arguments import path_argument
from .._inputs import InputRefused, InputTooLarge, read_regular
from ..errors import Issue, PlanError
from ._checks import check_plan
from ._date_checks import check_dates
from ._decision_checks import check_decisions
from ._fields import Lang
from ._model import PlanFile
from ._scaffold import find_placeholders, placeholder_word
from ._source import plan_line, plan_name, plan_where, remember, where
from ._text import Loc, iter_texts, localized
from ._yaml import parse_yaml

__all__ = ["check_languages", "line_map", "load_plan", "missing_texts_error", "parse_plan",
           "proposal_languages",
           "validate_data"]

MAX_PLAN_BYTES = 5 * 1024 * 1024
MAX_LISTED_PLACEHOLDERS = 200
"""How many placeholders still to fill, or texts still to translate, the error lists one by one
(the rest are counted): a plan from ``init`` has about 40 placeholders and a plan about 60 texts
to translate when a second language is added, so all of them are listed; a file with thousands
still gives a message of bounded length."""


def load_plan(path: str | Path) -> PlanFile:
    """Read and validate the plan file at `path`.

    Raises :class:`PlanError` listing every problem with file, line and field path.
    """
    path = path_argument(path, "load_plan(path)", lambda what: PlanError([Issue("", what)]),
                         "plan YAML held as text is read with parse_plan(text)")
    return parse_plan(_read_source(path), name=str(path), path=path)


def _read_source(path: Path) -> str:
    """The text of the plan file at `path`: a regular file of at most :data:`MAX_PLAN_BYTES`
    bytes of UTF-8, read without ever blocking on a pipe or reading past the limit."""
    try:
        raw = read_regular(path, MAX_PLAN_BYTES)
    except InputTooLarge as exc:
        what = (f"is {exc.size} bytes; a plan file is at most {MAX_PLAN_BYTES} bytes"
                if exc.size is not None else
                f"is over {MAX_PLAN_BYTES} bytes, the most a plan file can be")
        raise PlanError([Issue(str(path), what)], path) from None
    except InputRefused as exc:
        hint = {"no such file": "; check the path, or run 'yhdyspinta-docs init DIR' to start "
                "a plan"}.get(exc.what, "; give the plan file (plan.yaml)")
        if exc.what.startswith("cannot be read"):
            hint = ""
        raise PlanError([Issue(str(path), exc.what + hint)], path) from None
    if raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise PlanError([Issue(str(path), "is an Office file (Word/Excel), not a plan file; "
                               "give the plan's YAML file (plan.yaml)")], path)
    # YAML is UTF-8 or, with its byte order mark, UTF-16 or UTF-32 (Notepad's "Unicode")
    encoding = next((name for bom, name in _BOMS if raw.startswith(bom)), "utf-8-sig")
    unmarked = _unmarked_encoding(raw) if encoding == "utf-8-sig" else None
    if unmarked:
        raise PlanError([Issue(str(path), f"is {unmarked} text without a byte order "
                               "mark, not UTF-8; save it as UTF-8 (in Notepad: File > Save "
                               "as, Encoding: UTF-8; in VS Code: click the encoding on the "
                               "status bar, Save with Encoding, UTF-8)")], path)
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding != "utf-8-sig":
            raise PlanError([Issue(str(path), f"is not {encoding.upper()} text, though it "
                                   "starts as such; save the file as UTF-8")], path) from None
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - raw.rfind(b"\n", 0, exc.start)
        raise PlanError([Issue(f"{path}:{line}", f"is not UTF-8 text: byte "
                               f"0x{raw[exc.start]:02X} in column {column} (the file was saved "
                               "in another encoding, such as Windows-1252); save it as UTF-8 "
                               "and check the letters ä, ö and å of this line")],
                        path) from None


def _unmarked_encoding(raw: bytes) -> str | None:
    """'UTF-16 (little-endian)', 'UTF-32 (big-endian)' and so on where `raw` is such text
    without a byte order mark, else None. UTF-8 text has no NUL byte; UTF-16 text of letters
    of the Latin alphabets (U+0000-U+00FF: a-z, ä, ö, å, digits, punctuation) has one in every
    second byte, the high byte of each character (the odd bytes little-endian, the even ones
    big-endian), and UTF-32 text three in every four. The text of a plan is almost all such
    letters; a few others (–, …, €) do not change that."""
    sample = raw[:_SAMPLE]
    if len(sample) < 8 or b"\0" not in sample:
        return None
    for width in (4, 2):  # UTF-32 first: its NUL bytes also fill every second byte
        lanes = [sample[i::width].count(0) for i in range(width)]
        size = len(sample) // width
        for order, text in (("little-endian", lanes[:1]), ("big-endian", lanes[-1:])):
            full = lanes[1:] if order == "little-endian" else lanes[:-1]
            if all(n >= size // 2 for n in full) and text[0] <= min(full) // 20:
                return f"UTF-{8 * width} ({order})"
    return None


_SAMPLE = 64 * 1024
"""Bytes of a plan file looked at to tell UTF-16 without a byte order mark."""
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
"""Byte order marks that name the encoding (UTF-32 first: its little-endian mark begins
with UTF-16's)."""


def parse_plan(source: str, name: str = "plan.yaml", path: Path | None = None) -> PlanFile:
    """Validate plan YAML given as a string; `name` is used in messages."""
    if not isinstance(source, str) or (
            "\n" not in source.strip() and source.strip().endswith((".yaml", ".yml"))):
        given = f"the file name {str(source)!r}" if isinstance(source, str | os.PathLike) else (
            f"a {type(source).__name__}")
        raise PlanError([Issue(name, f"parse_plan() takes the plan's YAML text, not {given}: "
                               "read a plan file with load_plan(path)")], path)
    _check_text(source, name, path)
    data, lines = parse_yaml(source, name, path)
    _LINES.pop((name, source), None)
    _LINES[(name, source)] = lines
    while len(_LINES) > 4:
        del _LINES[next(iter(_LINES))]
    return validate_data(data, lines, name, path)


def _check_text(source: str, name: str, path: Path | None) -> None:
    """Refuse a plan text longer than a plan file may be (:data:`MAX_PLAN_BYTES` in UTF-8), as
    :func:`load_plan` refuses the file, and one with a lone surrogate (text decoded with
    ``surrogateescape``, or a ``\\ud800`` from JSON), which is no character at all."""
    size = len(source) if len(source) > MAX_PLAN_BYTES else len(
        source.encode("utf-8", "surrogatepass"))
    if size > MAX_PLAN_BYTES:
        raise PlanError([Issue(name, f"is over {MAX_PLAN_BYTES} bytes, the most a plan file "
                               "can be")], path)
    lone = _SURROGATE.search(source)
    if lone is not None:
        line = source.count("\n", 0, lone.start()) + 1
        column = lone.start() - (source.rfind("\n", 0, lone.start()) + 1) + 1
        raise PlanError([Issue(f"{name}:{line}", f"column {column} has U+{ord(lone.group()):04X}, "
                               "half of a character (a lone surrogate): the text was not read "
                               "as UTF-8; read the plan file as UTF-8 text (or give its path "
                               "to load_plan), or type the character again")], path)


_SURROGATE = re.compile("[\ud800-\udfff]")

_LINES: dict[tuple[str, str], dict[Loc, int]] = {}
"""The lines of the last few plan files read (by name and text): :func:`line_map` of a plan
just loaded does not read the YAML again."""


def validate_data(data: object, lines: Mapping[Loc, int], name: str = "plan.yaml",
                  path: Path | None = None) -> PlanFile:
    """The plan from the plain `data` of a plan file whose field paths are on `lines`."""
    if not isinstance(data, Mapping):
        raise PlanError([Issue(f"{name}:1", "the plan file must be a mapping of keys "
                               "(alue:, osapuolet:, sopimus:, suunnitelma:, asia:)")], path)
    placeholders = find_placeholders(data)
    if placeholders:
        issues = [Issue(where(name, lines, loc), f"not filled in yet: {text}")
                  for loc, text in placeholders]
        word = placeholder_word(placeholders[0][1])
        # the list is the user's to-do list: every placeholder, not only the first 20
        raise PlanError(issues, path, header=f"{name}: {len(issues)} placeholder(s) to fill in; "
                        f"replace each '{word}: …' with the real value",
                        limit=MAX_LISTED_PLACEHOLDERS)
    try:
        plan = PlanFile.model_validate(data)
    except ValidationError as exc:
        from ._messages import plan_issues  # only for a plan with problems

        issues = plan_issues(exc.errors(), data, name, lines)
        raise PlanError(issues, path,
                        header=f"{name}: {len(issues)} problem(s) in the plan file") from None
    findings = check_plan(plan) + check_decisions(plan) + check_dates(plan)
    if findings:
        issues = [Issue(where(name, lines, loc), msg) for loc, msg in findings]
        raise PlanError(issues, path, header=f"{name}: {len(issues)} problem(s) in the plan file")
    remember(plan, name, lines)
    return plan


def proposal_languages(pf: PlanFile, party: str | None,
                       languages: Sequence[Lang]) -> list[Lang]:
    """The languages of `languages` a party's own proposal is made in: the party's ``kielet``
    where the build makes any of them (a Swedish-speaking municipality gets its proposal in
    Swedish only), else every language of the build; the lead's proposal in every one."""
    own = next((p.languages for p in pf.parties if p.id == party), None) if party else None
    chosen = [lang for lang in languages if own and lang in own]
    return chosen or list(languages)


_EXTRACT_ONLY = ("paatos", "tiedoksi", "oikeaksi_todistaa")
"""The texts of a recorded decision (``paatokset.kirjatut[i]``) shown only in its minutes
extracts; its Käsittely note (``kasittely``) is also quoted by the county board's summary, in
every language of the run."""


def _languages_of(pf: PlanFile, loc: Loc, languages: Sequence[Lang], *, proposals: bool,
                  extracts: bool) -> Sequence[Lang]:
    """The languages of `languages` the text at `loc` is shown in: a party's own handling
    (``osapuolet[i].kasittely``) in its proposal, and the Päätös, Tiedoksi and certifier
    (``paatos``, ``tiedoksi``, ``oikeaksi_todistaa``) of its recorded decisions in its minutes
    extracts only, each only in that party's languages
    (:func:`proposal_languages`; the lead party's in all), and not at all in a run that makes
    no such document; every other text in all."""
    if loc[:1] == ("osapuolet",) and len(loc) > 2 and loc[2] == "kasittely":
        party, shown = pf.parties[int(loc[1])].id, proposals
    elif (loc[:2] == ("paatokset", "kirjatut") and len(loc) > 3 and pf.decisions is not None
            and loc[3] in _EXTRACT_ONLY):
        party, shown = pf.decisions.records[int(loc[2])].party, extracts
    else:
        return languages
    if not shown:
        return ()
    return languages if party == pf.lead.id else proposal_languages(pf, party, languages)


def check_languages(pf: PlanFile, languages: Sequence[Lang], *, proposals: bool = True,
                    extracts: bool = True) -> None:
    """Raise one :class:`PlanError` naming, with file and line, every text of `pf` that has no
    version in one of `languages` it is shown in (documents are never made in mixed
    languages; a Swedish-speaking party's own proposal and minutes are Swedish only). A run
    that makes no party's proposal (a matrix) or no minutes extract (a build) says so with
    `proposals` or `extracts` False: the texts only those show are not asked for."""
    texts = [(loc, value, _languages_of(pf, loc, languages, proposals=proposals,
                                        extracts=extracts))
             for loc, value in iter_texts(pf)]
    missing = {lang: [(loc, value) for loc, value, shown in texts
                      if lang in shown and localized(value, lang, pf.language) is None]
               for lang in languages}
    if any(missing.values()):
        raise missing_texts_error(pf, missing)


def missing_texts_error(pf: PlanFile,
                        missing: Mapping[Lang, Sequence[tuple[Loc, object]]]) -> PlanError:
    """The error for texts of `pf` with no version in a language: for each language, the field
    paths and values of its missing texts. Each issue names file, line and field path and says
    what to write: ``{fi: '…', sv: '…'}`` for a plain string (written in the plan's ``kieli``),
    the missing key for a text already given per language; the issues go in the file's order.
    """
    issues: list[Issue] = []
    short_of: list[str] = []
    for lang, items in missing.items():
        if not items:
            continue
        short_of.append(f"{len(items)} in '{lang}'")
        order = sorted(range(len(items)),
                       key=lambda i: (plan_line(pf, items[i][0]) or 0, i))
        for i in order:
            loc, value = items[i]
            what = (f"add {lang}: '…' to this text" if isinstance(value, Mapping) else
                    f"the text is only in '{pf.language}'; write it per language: "
                    f"{{{pf.language}: '…', {lang}: '…'}}")
            issues.append(Issue(plan_where(pf, loc), f"no '{lang}' text; {what}"))
    name = plan_name(pf)
    # the list is the translator's to-do list: every text, as for placeholders
    return PlanError(issues, header=(f"{name}: " if name else "") + "texts missing ("
                     f"{', '.join(short_of)}); documents are not made in mixed languages",
                     limit=MAX_LISTED_PLACEHOLDERS)


def line_map(path: Path) -> Callable[[Loc | str], str]:
    """Return a function that formats a field path of the plan at `path` as ``file:line path``:
    a tuple of keys and indexes (``("asia", "kasittely")``) or the path as messages write it
    (``"suunnitelma.toimenpiteet[2].vastuutahot[0]"``)."""
    name, source = str(path), _read_source(path)
    lines = _LINES.get((name, source))
    if lines is None:
        lines = parse_yaml(source, name, path)[1]
    return lambda loc: where(name, lines, _as_loc(loc))


_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _as_loc(loc: Loc | str) -> Loc:
    """A field path written as messages write it, as a tuple (``a.b[2]`` → ``("a", "b", 2)``)."""
    if not isinstance(loc, str):
        return loc
    return tuple(int(m.group(2)) if m.group(2) is not None else m.group(1)
                 for m in _STEP.finditer(loc))
