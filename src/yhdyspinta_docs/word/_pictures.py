"""A template's pictures need alt text: a logo in the page header is in every document.

A picture without alt text (and not marked decorative) makes every document of the template
fail the accessibility checklist, and a screen reader says nothing of it; :func:`picture_issues`
names each such picture of a part where Word shows it, with how to fix it. (The pictures a
render adds, the report's chart, get theirs from the data.)
"""

from __future__ import annotations

from ..errors import Issue
from ..output._accessibility_drawings import lacks_alt_text, word_pictures
from ._places import Places

__all__ = ["picture_issues"]


def picture_issues(places: Places) -> list[Issue]:
    """Every picture of the part of `places` that has no alt text and is not decorative."""
    out = []
    for picture in word_pictures(places.root):
        if lacks_alt_text(picture):
            shown = picture.get("name") or picture.get("id") or ""
            out.append(Issue(f"{places.name}: {places.label}picture '{shown}'", "no alt text: "
                             "a screen reader says nothing of it, and every document made "
                             "from the template fails the accessibility check; in Word, "
                             "right-click it, View Alt Text, and describe it (a logo: the "
                             "organisation's name), or mark it decorative"))
    return out
