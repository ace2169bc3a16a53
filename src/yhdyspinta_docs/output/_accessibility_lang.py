"""The language a Word document's text is read in, style by style (WCAG 2.1 3.1.1).

Word, LibreOffice and a tagged PDF take the language of a paragraph from its style chain
(``w:basedOn`` up to the default paragraph style), then from ``w:docDefaults``; the core
property ``dc:language`` is metadata only. A style that sets another language than the
document's (a template made in Finnish Word, used for a Swedish document, often has
``fi-FI`` in its Normal style) makes a screen reader read all its text in that language,
and the PDF tags it so. A run's own language is not reported: marking a passage in another
language is what WCAG 3.1.2 asks for.
"""

from __future__ import annotations

from typing import Any

from ..errors import Issue

__all__ = ["style_language_issues"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _primary(tag: str) -> str:
    return tag.strip().replace("_", "-").split("-")[0].lower()


def _style_language(styles: dict[str, Any], style_id: str) -> tuple[str, str] | None:
    """The (style name, language) of the first style in `style_id`'s chain that sets a
    language (``w:rPr/w:lang/@w:val``), or None."""
    seen: set[str] = set()
    while style_id in styles and style_id not in seen:
        seen.add(style_id)
        style = styles[style_id]
        lang = style.find(f"{W}rPr/{W}lang")
        if lang is not None and lang.get(f"{W}val"):
            name = style.find(f"{W}name")
            return (name.get(f"{W}val", style_id) if name is not None else style_id,
                    str(lang.get(f"{W}val")))
        based = style.find(f"{W}basedOn")
        style_id = based.get(f"{W}val", "") if based is not None else ""
    return None


def style_language_issues(name: str, styles_root: Any, body: Any,
                          core_lang: str) -> list[Issue]:
    """One finding per style used in `body` (or the default paragraph style) whose language
    differs from the document's: the core property's language, else the default one."""
    if styles_root is None:
        return []
    default = styles_root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    default_lang = default.get(f"{W}val", "") if default is not None else ""
    document_lang = core_lang or default_lang
    issues: list[Issue] = []
    if core_lang and default_lang and _primary(core_lang) != _primary(default_lang):
        issues.append(Issue(name, f"the document's language is {core_lang} in its properties "
                            f"but {default_lang} in its default style; set the same language "
                            "in both"))
    if not document_lang:
        return issues
    styles = {s.get(f"{W}styleId", ""): s for s in styles_root.iter(f"{W}style")}
    default_para = next((s.get(f"{W}styleId", "") for s in styles.values()
                         if s.get(f"{W}type") == "paragraph"
                         and s.get(f"{W}default") in ("1", "true")), "")
    used = [default_para]
    for tag in ("pStyle", "rStyle"):
        used += [el.get(f"{W}val", "") for el in body.iter(f"{W}{tag}")]
    reported: set[str] = set()
    for style_id in dict.fromkeys(used):
        found = _style_language(styles, style_id)
        if found is None or found[0] in reported:
            continue
        style_name, lang = found
        if _primary(lang) != _primary(document_lang):
            reported.add(style_name)
            issues.append(Issue(name, f"style {style_name!r} sets the language {lang} in a "
                                f"{document_lang} document: its text is read as {lang}; "
                                "set the style's language to the document's (Modify Style > "
                                "Format > Language)"))
    return issues
