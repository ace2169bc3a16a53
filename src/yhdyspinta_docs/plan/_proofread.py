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
from typing import Any, Protocol

from ..errors import YhdyspintaError
from ._model import LANGS, Lang, PlanFile, Text
from ._text import Loc, iter_texts

__all__ = [
    "INSTALL_HINT",
    "Finding",
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
MAX_SUGGESTIONS = 5

_LANG_NAMES = {"fi": "Finnish", "sv": "Swedish"}
_ALPHABET = {"fi": "abcdefghijklmnopqrstuvwxyzåäö", "sv": "abcdefghijklmnopqrstuvwxyzåäö"}

# Case endings and possessive suffixes that may follow a name or an accepted word:
# ``Kallimon``, ``Kallimolle``, ``Korsnäsissä`` (names are not in Voikko's dictionary).
_ENDINGS = tuple(sorted({
    "n", "a", "ä", "ta", "tä", "na", "nä", "ksi", "ssa", "ssä", "sta", "stä", "lla", "llä",
    "lta", "ltä", "lle", "in", "iin", "seen", "hin", "han", "hen", "hön", "t", "ine", "tta",
    "ttä", "kin", "kaan", "kään", "s", "en", "ns", "ets", "ens", "ars", "ar", "er",
    "ia", "iä", "ja", "jä", "ien", "jen", "issa", "issä", "ista", "istä", "illa", "illä",
    "ille", "ilta", "iltä", "iksi", "an", "än", "on", "ön", "un", "yn",
}, key=lambda e: (-len(e), e)))

# Masked (replaced by spaces, so offsets stay) before tokenising.
_MASK_RE = re.compile(
    r"\{\{|\}\}|\{[a-z0-9][a-z0-9_-]*\}"                       # {tunnus}, {{, }}
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"                          # e-mail addresses
    r"|\b(?:https?|ftp)://\S+|\bwww\.\S+",                    # web addresses
    re.UNICODE,
)
_WORD_CHARS_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)

# libvoikko's token types (libvoikko.Token.*), kept here so the module imports without it.
_WORD, _PUNCTUATION, _WHITESPACE = 1, 2, 3


@dataclass(frozen=True)
class Finding:
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

    findings: list[Finding] = field(default_factory=list)
    checked: list[Lang] = field(default_factory=list)
    unchecked: dict[Lang, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no word was reported (unchecked languages do not count)."""
        return not self.findings


class _Speller(Protocol):
    def spell(self, word: str) -> bool: ...

    def suggest(self, word: str) -> list[str]: ...

    def tokens(self, text: str) -> list[Any]: ...

    def terminate(self) -> None: ...


# -- Voikko --------------------------------------------------------------------------------------


def _libvoikko() -> Any:
    try:
        import libvoikko
    except ImportError as exc:
        raise YhdyspintaError(f"{INSTALL_HINT}; the Python binding 'libvoikko' is not "
                              "installed") from exc
    return libvoikko


def _open(lang: Lang) -> _Speller:
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


# -- tokenising and checking one text ------------------------------------------------------------


def _mask(text: str) -> str:
    """Blank out references, e-mail and web addresses, keeping every other offset."""
    return _MASK_RE.sub(lambda m: " " * len(m.group(0)), text)


def _tokens(speller: _Speller, text: str) -> list[tuple[int, int, str]]:
    """Return ``(type, offset, text)`` for Voikko's tokens of `text`."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    for token in speller.tokens(text):
        tok = str(token.tokenText)
        found = text.find(tok, pos)
        start = found if found >= 0 else pos
        out.append((int(token.tokenType), start, tok))
        pos = start + len(tok)
    return out


def _skip_word(word: str) -> bool:
    """Numbers, dates, addresses, codes: anything that is not a word of running text."""
    if any(ch.isdigit() for ch in word):
        return True
    core = word.strip("-")
    return any(ch in core for ch in "@/_\\") or "." in core.rstrip(".")


class _Checker:
    """Decides whether a word is acceptable, for one language and one set of own words."""

    def __init__(self, speller: _Speller, lang: Lang, own: set[str]) -> None:
        self.speller = speller
        self.lang = lang
        self.own = own
        self._cache: dict[str, bool] = {}

    def _own_word(self, word: str) -> bool:
        """An accepted word or name, or an inflected form of one Voikko does not know
        (``Kallimon``); a word Voikko knows is inflected by Voikko itself, so that typos
        such as ``kuntan`` are still found."""
        low = word.casefold()
        if low in self.own:
            return True
        for ending in _ENDINGS:
            stem = low[: -len(ending)]
            if low.endswith(ending) and len(stem) > 1 and stem in self.own \
                    and not self.speller.spell(stem):
                return True
        return False

    def _spell(self, word: str) -> bool:
        if word not in self._cache:
            self._cache[word] = self._own_word(word) or self.speller.spell(word)
        return self._cache[word]

    def ok(self, word: str) -> bool:
        """True when `word` is correct as a whole, or each of its hyphenated parts is."""
        if self._spell(word):
            return True
        stripped = word.strip("-")
        if stripped != word and stripped and self._spell(stripped):
            return True
        base, colon, suffix = stripped.partition(":")
        if colon and suffix.isalpha() and len(suffix) <= 4 and self.ok(base):
            return True  # an abbreviation or a name with its ending: HYTE:n, LNP:ssä
        parts = [p for p in stripped.split("-") if p]
        return len(parts) > 1 and all(self._spell(p) for p in parts)

    def suggestions(self, word: str) -> tuple[str, ...]:
        """Up to five corrections: Voikko's own, else single-edit corrections it accepts."""
        found = [s for s in self.speller.suggest(word) if s != word]
        if not found and "-" in word.strip("-"):
            head, _, tail = word.rpartition("-")
            bad = [i for i, p in enumerate(word.split("-")) if p and not self._spell(p)]
            if bad == [len(word.split("-")) - 1]:
                found = [f"{head}-{s}" for s in self._suggest_simple(tail)]
        if not found:
            found = self._suggest_simple(word)
        unique = list(dict.fromkeys(found))
        return tuple(unique[:MAX_SUGGESTIONS])

    def _suggest_simple(self, word: str) -> list[str]:
        found = [s for s in self.speller.suggest(word) if s != word]
        return found or [c for c in _edits(word, _ALPHABET[self.lang])
                         if self.speller.spell(c)][:MAX_SUGGESTIONS]


def _edits(word: str, alphabet: str) -> Iterator[str]:
    """Every word one edit away: a letter too many, two letters swapped, a wrong letter,
    a letter missing (in that order)."""
    seen = {word}
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    candidates: list[str] = []
    candidates += [a + b[1:] for a, b in splits if b]                       # deletion
    candidates += [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]  # transposition
    candidates += [a + c + b[1:] for a, b in splits if b for c in alphabet if c != b[0]]
    candidates += [a + c + b for a, b in splits for c in alphabet]          # insertion
    for c in candidates:
        if c not in seen:
            seen.add(c)
            yield c


def _check_text(checker: _Checker, text: str) -> Iterator[tuple[int, str]]:
    """Yield ``(offset, word)`` for every word of `text` the checker does not accept."""
    tokens = _tokens(checker.speller, _mask(text))
    i = 0
    while i < len(tokens):
        kind, start, tok = tokens[i]
        i += 1
        if kind != _WORD or _skip_word(tok):
            continue
        prev = tokens[i - 2] if i >= 2 else None
        prev2 = tokens[i - 3] if i >= 3 else None
        # A suffix after a colon: 14 §:n, EU:n (checked as a whole), 2025:ssä.
        if prev and prev[2] == ":" and prev2 and prev2[0] != _WHITESPACE:
            if prev2[2] == "§" or any(ch.isdigit() for ch in prev2[2]) \
                    or checker.ok(prev2[2] + ":" + tok):
                continue
        nxt = tokens[i] if i < len(tokens) else None
        word = text[start:start + len(tok)]
        if checker.ok(word):
            continue
        # An abbreviation with its period: esim., Vt., mm.
        if nxt and nxt[2] == "." and checker.ok(word + "."):
            continue
        # A word with a colon suffix: EU:n, HUS:n.
        if nxt and nxt[2] == ":" and i + 1 < len(tokens) and tokens[i + 1][0] == _WORD \
                and checker.ok(word + ":" + tokens[i + 1][2]):
            continue
        yield start, word


# -- the public API --------------------------------------------------------------------------


def _path(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


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
    present: set[Lang] = {pf.language, *pf.languages}
    for _, value in iter_texts(pf):
        if isinstance(value, dict):
            present.update(value)
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
    spellers: dict[Lang, _Speller] = {}
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
        checkers = {lang: _Checker(sp, lang, own) for lang, sp in spellers.items()}
        for loc, lang, text in _texts(pf, list(checkers)):
            checker = checkers[lang]
            for offset, word in _check_text(checker, text):
                report.findings.append(Finding(
                    path=_path(loc), lang=lang, word=word, offset=offset,
                    suggestions=checker.suggestions(word), loc=loc))
    finally:
        for sp in spellers.values():
            sp.terminate()
    return report


def proofread(pf: PlanFile, *, langs: Iterable[Lang] | None = None,
              accepted: Iterable[str] = ()) -> list[Finding]:
    """Spell-check every free text of `pf` with Voikko; return the unknown words in plan order.

    `langs` limits the check to these languages (default: every language the plan's texts
    are written in); `accepted` adds words to the plan's ``hyvaksytyt_sanat``. Swedish is
    skipped silently where Voikko has no Swedish speller; use :func:`proofread_report` to
    know which languages were checked. Raises :class:`YhdyspintaError` with installation
    instructions when Voikko or its Finnish dictionary is missing.
    """
    return proofread_report(pf, langs=langs, accepted=accepted).findings
