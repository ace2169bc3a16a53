"""Checking one text with a speller: words, the plan's own words and names, suggestions.

:class:`Checker` decides whether a word is acceptable in one language: Voikko's verdict, or
one of the plan's own words or names (also inflected: ``Kallimon``), or an abbreviation with
its ending (``HYTE:n``), or a hyphenated word whose parts are each correct. :func:`check_text`
finds the words of a text that fail, skipping numbers, dates and addresses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Protocol

from ._fields import Lang

__all__ = ["MAX_SUGGESTIONS", "Checker", "Speller", "check_text"]

MAX_SUGGESTIONS = 5

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

# libvoikko's token types (libvoikko.Token.*), kept here so the module imports without it.
_WORD, _PUNCTUATION, _WHITESPACE = 1, 2, 3


class Speller(Protocol):
    """What a Voikko speller offers (libvoikko.Voikko)."""

    def spell(self, word: str) -> bool: ...

    def suggest(self, word: str) -> list[str]: ...

    def tokens(self, text: str) -> list[Any]: ...

    def terminate(self) -> None: ...


def _mask(text: str) -> str:
    """Blank out references, e-mail and web addresses, keeping every other offset."""
    return _MASK_RE.sub(lambda m: " " * len(m.group(0)), text)


def _tokens(speller: Speller, text: str) -> list[tuple[int, int, str]]:
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


class Checker:
    """Decides whether a word is acceptable, for one language and one set of own words."""

    def __init__(self, speller: Speller, lang: Lang, own: set[str]) -> None:
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


def check_text(checker: Checker, text: str) -> Iterator[tuple[int, str]]:
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


