"""One sanitising step for every text that goes into a .docx or .xlsx.

The documented normalisation (what a reader gets back from a document):

* ``\\r\\n`` and ``\\r`` become ``\\n``; vertical tab (Word's manual line break) and form feed
  become ``\\n`` too, so pasted breaks stay breaks;
* other characters that XML 1.0 cannot carry (U+0000–U+0008, U+000E–U+001F, U+FFFE, U+FFFF
  and lone surrogates) are removed, and only they: neighbouring text is never touched;
* the text is put in Unicode NFC form, so that "ä" typed two ways compares equal.

Every other character, of any script, including tabs, NBSP, emoji and right-to-left text,
is kept exactly.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["ILLEGAL_XML_RE", "removed_characters", "sanitize_text"]

ILLEGAL_XML_RE = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_BREAKS_RE = re.compile("\r\n|[\r\x0b\x0c]")
# any character the steps below would change or remove (normalisation is checked apart)
_CHANGED_RE = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]")


def sanitize_text(text: str) -> str:
    """Return `text` in the form every document stores it (see the module docstring)."""
    if _CHANGED_RE.search(text) is None and unicodedata.is_normalized("NFC", text):
        return text  # the common case: nothing to change (one scan, no copies)
    text = _BREAKS_RE.sub("\n", text)
    text = ILLEGAL_XML_RE.sub("", text)
    return unicodedata.normalize("NFC", text)


def removed_characters(text: str) -> list[str]:
    """Return the characters :func:`sanitize_text` would drop from `text`, as ``U+XXXX`` codes."""
    return [f"U+{ord(c):04X}" for c in ILLEGAL_XML_RE.findall(_BREAKS_RE.sub("\n", text))]
