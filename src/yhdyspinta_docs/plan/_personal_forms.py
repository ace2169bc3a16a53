"""The forms of personal data found wherever they stand in a text: an e-mail address in a
person's form, a Finnish mobile number written in any of the usual ways, a personal identity
code, and a phone number of a person the plan names, as regular expressions; the invisible
characters and hyphens a name may be written with; and :class:`PersonalDataMatcher`, which
finds them (:mod:`._personal` puts them together from the plan)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "ANY_HYPHEN",
    "AT",
    "AS_HYPHEN",
    "DOMAIN",
    "FEW_NAMES",
    "HETU",
    "HETU_RE",
    "HIDDEN",
    "HYPHENS",
    "INVISIBLE",
    "INVISIBLE_RE",
    "MOBILE",
    "MOBILE_HINT",
    "NOT_BUSINESS_ID",
    "NO_MORE_DIGITS",
    "PERSON_EMAIL",
    "PersonalDataMatcher",
    "fold_text",
    "may_be",
    "phone_key",
    "phone_regex",
]


LETTERS = r"[^\W\d_]+"
# the @ of an e-mail address, or as web pages write it against address harvesters:
# maija.malli(at)vaasa.fi, maija.malli [at] vaasa.fi, maija.malli(a)vaasa.fi
AT = r"(?:@|\s?[(\[{](?:at|a|ät)[)\]}]\s?)"
AT_HINT = re.compile(r"@|[(\[{](?:at|a|ät)[)\]}]", re.IGNORECASE)
DOMAIN = AT + r"[\w-]+(?:\.[\w-]+)+"
# the form public bodies give their staff's addresses, first.last@… (first_last, e.first.last):
# a person's address, whoever the plan names
PERSON_EMAIL = LETTERS + r"(?:[._-]" + LETTERS + r")+\d*" + DOMAIN
# a Finnish mobile number (040–046, 049, 050; +358 4x, +358 50): a person's, not a switchboard.
# One separator between digits: spaces, or a hyphen, dash, dot or slash with or without spaces
# (040 123 4567, 040 - 123 4567, 040–1234567, 040.123.4567, 040/123 4567); the prefix may be
# in brackets ((040) 123, +358 (40) 123, +358 (0)40 123) and 358 may stand without + or 00.
SEP = r"(?:\s*[-\u2010-\u2013\u2212./]\s*|\s+)"
AREA = r"(?:4\d|50)"
MOBILE = (r"(?:(?:(?:\+|00)\s*|(?<!\d[\s.,]))358" + SEP + "?"  # 358 not in 1 358 450 000
           + r"(?:\(0?" + AREA + r"\)|(?:\(0\)" + SEP + "?)?" + AREA + ")"
           + r"|\(0" + AREA + r"\)|0" + AREA + ")"
           + "(?:" + SEP + r"?\d){5,8}")
# a business ID (Y-tunnus, 0450443-1) is an organisation's, not a phone number
NOT_BUSINESS_ID = r"(?!\d{7}[-\u2010\u2011]\d(?!\d))"
# a number goes on: another digit, or a separator and a digit (0412/00.04.01/2026 is a record
# number, 0401/2026/12345 a reference, whose first digits look like a mobile number's)
NO_MORE_DIGITS = r"(?![-\u2010-\u2013\u2212./]?\d)"
MOBILE_HINT = re.compile(r"(?:0|358)[\s\-\u2010-\u2013\u2212./()]*(?:4\d|50)")
# a Finnish personal identity code (henkilötunnus): day, month, year, the century sign, the
# individual number and a check character, which may be wrong or not one of those a code can
# have (a mistyped code, a letter O typed for a zero, is still one);
# the hyphen of the 1900s as a word processor may have it: a non-breaking hyphen, a Unicode
# hyphen or figure dash, an en dash, a minus sign
HETU = (r"(?<!\w)(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d\d[-\u2010-\u2013\u2212+A-FYXWVU]\d{3}"
         r"[0-9A-Z](?!\w)")
HETU_RE = re.compile(HETU, re.IGNORECASE)


def phone_key(phone: str) -> str:
    """A phone number's digits in the national form: ``+358 40 1`` and ``040 1`` are equal."""
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("00"):
        digits = digits[2:]
    return "0" + digits[3:] if digits.startswith("358") else digits


def phone_regex(phone: str) -> str | None:
    """A number written with any separators, in the national or international (+358, 00358)
    form."""
    key = phone_key(phone)
    if len(key) < 5:  # too short to tell from any other number in a text
        return None
    sep = r"[\s\-\u2010-\u2013\u2212()./]*"
    national = sep.join(key)
    if not key.startswith("0"):
        return r"\+?" + national
    return (r"(?:\+|00)" + sep + sep.join("358") + sep + r"\(?0?\)?" + sep + sep.join(key[1:])
            + "|" + national)


# invisible format characters that text pasted from a web page, Teams or Word may hide inside
# a name: soft hyphen, zero-width space, non-joiner and joiner, left-to-right and right-to-left
# marks, word joiner and the invisible operators, byte order mark (zero-width no-break space)
INVISIBLE = "\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff"
INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
HIDDEN = f"[{INVISIBLE}]*"  # between two letters of a name


# the hyphen of a double name (Anna-Liisa, Mäki-Petäjä) as a text may have it: Word's
# non-breaking hyphen (Ctrl+Shift+-), a Unicode hyphen or figure dash, an en dash, a minus sign
HYPHENS = "-\u2010\u2011\u2012\u2013\u2212"
ANY_HYPHEN = f"[{HYPHENS}]"
AS_HYPHEN = str.maketrans(dict.fromkeys(HYPHENS[1:], "-"))


FEW_NAMES = 8
"""Up to this many marked names, every text is searched for all of them at once."""


def fold_text(text: str) -> str:
    """`text` as the probes are looked for in it: NFC, without invisible format characters,
    case folded, any hyphen as ``-``."""
    return INVISIBLE_RE.sub("", unicodedata.normalize("NFC", text)).casefold().translate(
        AS_HYPHEN)


def may_be(probes: tuple[str, str], folded: str) -> bool:
    return probes[0] in folded and probes[1] in folded


@dataclass(frozen=True)
class PersonalDataMatcher:
    """Finds the plan's personal data in a text (NFC text, case ignored), and literal probes
    that any match contains, to skip the search in texts that have none."""

    with_names: Callable[[tuple[str, ...]], re.Pattern[str]]
    """The pattern of the given names' regexes and every other form of personal data."""
    words: tuple[str, ...]  # case-folded: a name's first word, an e-mail address
    digits: tuple[str, ...]  # a phone number's digits after the national 0
    names: tuple[tuple[tuple[str, str], str], ...] = ()
    """Each marked name's probes (its first word and its surname's stem, folded as
    :func:`fold_text` folds a text: a match contains both) and its regex."""

    def _pattern_for(self, text: str) -> re.Pattern[str]:
        """The pattern of every name, or, for a plan that marks many names, of only the names
        whose probes the text contains: compiling one pattern of hundreds of long names took
        half a minute."""
        if len(self.names) <= FEW_NAMES:
            return self.with_names(tuple(rx for _, rx in self.names))
        folded = fold_text(text)
        return self.with_names(tuple(rx for probes, rx in self.names
                                     if may_be(probes, folded)))

    def might_occur(self, text: str) -> bool:
        """False only if `text` certainly holds none of the personal data (fast)."""
        folded = fold_text(text)
        if AT_HINT.search(folded) or any(w in folded for w in self.words) \
                or MOBILE_HINT.search(folded) or HETU_RE.search(folded):
            return True
        if self.digits:
            only = re.sub(r"\D", "", text)
            return any(d in only for d in self.digits)
        return False

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the personal data stands in NFC `text`: (start, end) of each datum, read
        as if the text had no invisible format characters, so that a soft hyphen or a
        zero-width space pasted into an e-mail address, a phone number or an identity code
        hides none of them (a span includes the characters hidden inside it)."""
        pattern = self._pattern_for(text)
        found = [m.span() for m in pattern.finditer(text) if m.end() > m.start()]
        if not INVISIBLE_RE.search(text):
            return found
        # a marked name's pattern allows invisible characters (one may stand for the space
        # between its words); the rest is found in the text read without them
        kept = [i for i, c in enumerate(text) if not INVISIBLE_RE.match(c)]
        visible = "".join(text[i] for i in kept)
        extra, j = [], 0  # both lists run left to right: one pass finds the overlaps
        for m in pattern.finditer(visible):
            if m.end() > m.start():
                start, end = kept[m.start()], kept[m.end() - 1] + 1
                while j < len(found) and found[j][1] <= start:
                    j += 1
                if j == len(found) or found[j][0] >= end:
                    extra.append((start, end))
        return sorted(found + extra)

    def sub(self, note: str, text: str) -> str:
        """NFC `text` with each datum of :meth:`spans` replaced by `note`; a datum alone in
        brackets, ``(040 555 0555)``, is replaced with its brackets, when `note` has its own."""
        parts, last = [], 0
        for start, end in self.spans(text):
            if (note.startswith("(") and note.endswith(")") and start > last
                    and text[start - 1] == "(" and text[end:end + 1] == ")"):
                start, end = start - 1, end + 1
            parts += [text[last:start], note]
            last = end
        return "".join(parts) + text[last:] if parts else text
