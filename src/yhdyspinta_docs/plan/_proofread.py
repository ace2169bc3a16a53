"""Spell-checking every free text of a plan with Voikko.

Usage::

    from yhdyspinta_docs.plan._loader import load_plan
    from yhdyspinta_docs.plan._proofread import proofread

    for finding in proofread(load_plan("plan.yaml")):
        print(finding)   # asia.selostus[1].sisalto[0] (fi) 'hyvinvointialuuen' … hyvinvointialueen

Finnish is checked with Voikko's ``fi`` dictionary (Debian: ``libvoikko1 voikko-fi``, Python:
``pip install 'yhdyspinta-docs[proofread]'``). Swedish is checked only where Voikko has a
Swedish speller; otherwise :func:`proofread_report` says that Swedish was not checked.

Not reported: numbers and dates, section signs (``14 §:n``), e-mail addresses, web addresses,
``{tunnus}`` references, the plan's own ``hyvaksytyt_sanat``, the `accepted` words, and the
names of the plan's parties, region and persons (also inflected: ``Kallimon``). All of these
are compared case-insensitively. A hyphenated word that Voikko does not know as a whole
(``yta-alueella``, ``Sydämellä-tapahtuma``) passes when each of its parts is correct.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import YhdyspintaError
from ._fields import LANGS, Lang, Text
from ._model import PlanFile
from ._spelling import Checker, Speller, check_text
from ._text import Loc, field_path, iter_texts

__all__ = [
    "INSTALL_HINT",
    "Misspelling",
    "ProofreadReport",
    "available_languages",
    "plan_names",
    "proofread",
    "proofread_report",
    "voikko_available",
]

INSTALL_HINT = (
    "proofreading needs Voikko with the Finnish dictionary: install the library and the "
    "dictionary (Debian/Ubuntu: apt-get install libvoikko1 voikko-fi) and the Python binding "
    "(pip install 'yhdyspinta-docs[proofread]')"
)
_LANG_NAMES = {"fi": "Finnish", "sv": "Swedish"}
_WORD_CHARS_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Misspelling:
    """One word the speller did not accept.

    `path` is the field path in the plan file (``suunnitelma.toimenpiteet[2].otsikko``),
    `loc` the same as a tuple, `offset` the character offset of `word` in that field's
    `lang` text, and `suggestions` at most five corrections, best first.
    """

    path: str
    lang: Lang
    word: str
    offset: int
    suggestions: tuple[str, ...] = ()
    loc: Loc = ()

    def __str__(self) -> str:
        hint = ("; did you mean " + ", ".join(f"'{s}'" for s in self.suggestions) + "?"
                if self.suggestions else "")
        return (f"{self.path} ({self.lang}): '{self.word}' is not in the dictionary{hint} "
                "(a correct word can be added to hyvaksytyt_sanat)")


@dataclass
class ProofreadReport:
    """What :func:`proofread_report` found and which languages it could check.

    `unchecked` maps a language that was asked for but could not be checked to the reason.
    """

    findings: list[Misspelling] = field(default_factory=list)
    checked: list[Lang] = field(default_factory=list)
    unchecked: dict[Lang, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no word was reported (unchecked languages do not count)."""
        return not self.findings


# -- Voikko --------------------------------------------------------------------------------------


def _libvoikko() -> Any:
    try:
        import libvoikko
    except ImportError as exc:
        raise YhdyspintaError(f"{INSTALL_HINT}; the Python binding 'libvoikko' is not "
                              "installed") from exc
    return libvoikko


def _open(lang: Lang) -> Speller:
    """Return a Voikko speller for `lang`; raise :class:`YhdyspintaError` saying what is missing."""
    libvoikko = _libvoikko()
    try:
        return libvoikko.Voikko(lang)  # type: ignore[no-any-return]
    except OSError as exc:  # the shared library libvoikko.so.1 is missing
        raise YhdyspintaError(f"{INSTALL_HINT}; the Voikko library cannot be loaded "
                              f"({exc})") from exc
    except Exception as exc:  # libvoikko.VoikkoException: no dictionary for `lang`
        raise YhdyspintaError(f"{INSTALL_HINT}; Voikko has no {_LANG_NAMES[lang]} "
                              f"dictionary ({exc})") from exc


def available_languages() -> list[Lang]:
    """Return the plan languages (fi, sv) Voikko can spell-check here; [] without Voikko."""
    try:
        libvoikko = _libvoikko()
        supported = set(libvoikko.Voikko.listSupportedSpellingLanguages())
    except Exception:  # no binding (YhdyspintaError), no library (OSError), VoikkoException
        return []
    return [lang for lang in LANGS if lang in supported]


def voikko_available() -> bool:
    """True when Voikko, its Python binding and the Finnish dictionary are all installed."""
    try:
        speller = _open("fi")
    except YhdyspintaError:
        return False
    speller.terminate()
    return True


# -- the plan's own words ------------------------------------------------------------------------


def _text_values(value: Text | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value.values())


def plan_names(pf: PlanFile) -> set[str]:
    """Return the words of every name in `pf` (parties, region, persons), case-folded.

    Names of parties and the region come in every language given; persons are the
    presenters, preparers and working-group members, with a member's organisation.
    """
    names: list[str] = []
    names += _text_values(pf.region)
    for party in pf.parties:
        names += _text_values(party.name)
        handlings = [party.handling] if party.handling else []
        for h in handlings:
            names += [p.name for p in ([h.presenter] if h.presenter else []) + list(h.preparers)]
    h = pf.item.handling
    names += [p.name for p in ([h.presenter] if h.presenter else []) + list(h.preparers)]
    for member in pf.plan.preparation.working_group:
        names.append(member.name)
        names += _text_values(member.organisation)
    words: set[str] = set()
    for name in names:
        for m in _WORD_CHARS_RE.finditer(name):
            word = m.group(0).casefold()
            words.add(word)
            words.update(part for part in re.split(r"[-'’]", word) if part)
    return words


# -- the public API --------------------------------------------------------------------------



def _texts(pf: PlanFile, langs: Sequence[Lang]) -> Iterator[tuple[Loc, Lang, str]]:
    for loc, value in iter_texts(pf):
        items = {pf.language: value} if isinstance(value, str) else dict(value)
        for lang in langs:
            text = items.get(lang)
            if text:
                yield loc, lang, text


def _wanted_langs(pf: PlanFile, langs: Iterable[Lang] | None) -> list[Lang]:
    if langs is not None:
        wanted = list(dict.fromkeys(langs))
        unknown = [lang for lang in wanted if lang not in LANGS]
        if unknown:
            raise YhdyspintaError(f"cannot proofread language(s) {', '.join(map(str, unknown))}; "
                                  "known are fi and sv")
        return wanted
    # the languages the documents are made in: a Swedish text in a Finnish-only plan (or a
    # default such as the legal basis, which has both) is printed nowhere
    present: set[Lang] = {pf.language, *pf.languages}
    return [lang for lang in LANGS if lang in present]


def proofread_report(pf: PlanFile, *, langs: Iterable[Lang] | None = None,
                     accepted: Iterable[str] = ()) -> ProofreadReport:
    """Spell-check every free text of `pf`; see :func:`proofread`.

    Also tells which languages were checked: a Swedish text where Voikko has no Swedish
    speller is listed in `unchecked` with the reason instead of failing. Finnish is required:
    without Voikko and its Finnish dictionary this raises :class:`YhdyspintaError`.
    """
    wanted = _wanted_langs(pf, langs)
    own = plan_names(pf)
    for word in (*pf.accepted_words, *accepted):
        low = word.strip().casefold()
        own.update(w for w in (low, *low.split("-")) if w)  # yta-alue: also yta, alue
    report = ProofreadReport()
    supported = available_languages()
    spellers: dict[Lang, Speller] = {}
    try:
        for lang in wanted:
            if lang == "fi" or lang in supported:
                spellers[lang] = _open(lang)
                report.checked.append(lang)
            else:
                report.unchecked[lang] = (
                    f"{_LANG_NAMES[lang]} texts were not checked: Voikko has no "
                    f"{_LANG_NAMES[lang]} speller here (it knows: "
                    f"{', '.join(supported) or 'none'})")
        checkers = {lang: Checker(sp, lang, own) for lang, sp in spellers.items()}
        for loc, lang, text in _texts(pf, list(checkers)):
            checker = checkers[lang]
            for offset, word in check_text(checker, text):
                report.findings.append(Misspelling(
                    path=field_path(loc), lang=lang, word=word, offset=offset,
                    suggestions=checker.suggestions(word), loc=loc))
    finally:
        for sp in spellers.values():
            sp.terminate()
    return report


def proofread(pf: PlanFile, *, langs: Iterable[Lang] | None = None,
              accepted: Iterable[str] = ()) -> list[Misspelling]:
    """Spell-check every free text of `pf` with Voikko; return the unknown words in plan order.

    `langs` limits the check to these languages (default: every language the plan's texts
    are written in); `accepted` adds words to the plan's ``hyvaksytyt_sanat``. Swedish is
    skipped silently where Voikko has no Swedish speller; use :func:`proofread_report` to
    know which languages were checked. Raises :class:`YhdyspintaError` with installation
    instructions when Voikko or its Finnish dictionary is missing.
    """
    return proofread_report(pf, langs=langs, accepted=accepted).findings
