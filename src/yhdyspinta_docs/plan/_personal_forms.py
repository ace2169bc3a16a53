"""The forms of personal data found wherever they stand in a text: an e-mail address in a
person's form, a Finnish mobile number written in any of the usual ways, a personal identity
code, and a phone number of a person the plan names, as regular expressions
(:mod:`._personal` puts them together)."""

from __future__ import annotations

import re

__all__ = ["DOMAIN", "HETU", "HETU_RE", "MOBILE", "MOBILE_HINT", "NOT_BUSINESS_ID",
           "NO_MORE_DIGITS", "PERSON_EMAIL", "phone_key", "phone_regex"]


LETTERS = r"[^\W\d_]+"
DOMAIN = r"@[\w-]+(?:\.[\w-]+)+"
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
