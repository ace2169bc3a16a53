"""Document properties of a rendered .docx, set with python-docx after rendering.

The core properties (title, author, language …) are never run through Jinja: a template could
otherwise put anything into them, and they must agree with the visible metadata. The document
default language in ``styles.xml`` follows :attr:`DocProperties.language`, so that spelling
and hyphenation work in the document's language, and so do the theme font language in
``settings.xml`` and the names the bundled templates give their own styles in Finnish (a
Swedish document lists "Label Row,Etikettrad" in Word's styles, not "Label Row,Nimiörivi").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn

from .._sanitize import sanitize_text
from ..errors import OutputError

__all__ = ["DocProperties", "keyword", "set_default_language", "set_properties",
           "set_style_names", "set_text_language", "set_theme_font_language"]

_LANGUAGES = {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}
# keywords stored in the documents' properties, in the document's language
_KEYWORDS = {
    "fi": {"plan": "yhdyspintasuunnitelma", "followup": "seuranta",
           "matrix": "seurantamatriisi"},
    "sv": {"plan": "gränsytsplan", "followup": "uppföljning", "matrix": "uppföljningsmatris"},
}


# the Finnish names and aliases of the bundled templates' own styles (Word shows a style's
# aliases after its name; the report's picture style is named Kuvio, not Figure, which a
# tagged PDF would make a /Figure element) and what a document in another language calls them
_STYLE_NAMES: dict[str, dict[str, str]] = {
    "sv": {"Nimiörivi": "Etikettrad", "Rivit": "Rader", "Perustiedot": "Grunduppgifter",
           "Sopimusviite": "Avtalshänvisning", "Taulukon teksti": "Tabelltext",
           "Taulukon otsikko": "Tabellrubrik", "Tietotaulukko": "Datatabell", "Kuvio": "Figur"},
}


def keyword(lang: str, what: str) -> str:
    """The keyword for `what` (``plan``, ``followup`` or ``matrix``) in `lang` (``fi``, ``sv``,
    or a tag such as ``sv-FI``); Finnish for any other language."""
    return _KEYWORDS.get(lang.split("-")[0], _KEYWORDS["fi"])[what]
_LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")


@dataclass(frozen=True)
class DocProperties:
    """Stored document properties; they must agree with the visible metadata (SFS 2487 5.1).

    `language` is a BCP 47 tag such as ``"fi-FI"`` or ``"sv-FI"`` (``"fi"``/``"sv"`` are
    accepted and completed). `created` is the decision or meeting date; it is also written as
    the modification date, so that output does not depend on the clock. `keywords` is one
    string, items separated by ``"; "`` as Word shows them; the spaces inside an item are
    written as no-break spaces (:func:`keyword_items`).
    """

    title: str
    subject: str = ""
    author: str = ""
    language: str = "fi-FI"
    keywords: str = ""
    created: dt.date | None = None
    category: str = ""
    comments: str = ""
    last_modified_by: str | None = None  # None: same as author

    def language_tag(self) -> str:
        """The language as a full tag (``fi`` → ``fi-FI``); ValueError if malformed."""
        tag = _LANGUAGES.get(self.language, self.language)
        if not _LANG_RE.match(tag):
            raise ValueError(f"language {self.language!r} is not a tag like 'fi-FI' or 'sv-FI'")
        return tag


CORE_PROPERTIES_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"


_SPLIT_ANYWAY = re.compile("\u00a0(?=[,:])|(?<=[,:])\u00a0")


def keyword_items(keywords: str) -> str:
    """`keywords` (items separated by ``;``) with each item's spaces as no-break spaces:
    LibreOffice reads a document's keywords as words, so without them the PDF it makes lists
    ``hyvinvointialuelaki 14 §`` as three keywords (``hyvinvointialuelaki, 14, §``). It also
    splits them at a comma or colon; a space next to one stays a space, since a no-break
    space there would begin or end the keyword (``laki 14 §, 15 §``: ``laki 14 §`` and ``15
    §``, not `` 15 §``)."""
    return "; ".join(_SPLIT_ANYWAY.sub(" ", "\u00a0".join(item.split()))
                     for item in keywords.split(";") if item.strip())


def set_properties(document: Any, properties: DocProperties) -> None:
    """Write `properties` into the core properties of a python-docx document.

    python-docx names the elements of the core properties through its namespace map, which
    another package in the same Python can change when imported (docxcompose, which docxtpl
    loads when it is installed, maps ``cp`` to the custom properties). The keywords,
    category and last editor would then be written where no reader looks: OutputError,
    before anything is written, saying how to fix it."""
    if nsmap.get("cp") != CORE_PROPERTIES_NS:
        raise OutputError(
            "python-docx's namespace of document properties ('cp') was changed by another "
            f"package installed next to it (it is now {nsmap.get('cp')!r}; docxcompose does "
            "this, e.g. when installed with docxtpl[subdoc]), so the documents' keywords, "
            "category and last editor would be written wrong; nothing was written: uninstall "
            "docxcompose (pip uninstall docxcompose), or use a virtual environment without it")
    core = document.core_properties
    core.title = sanitize_text(properties.title)
    core.subject = sanitize_text(properties.subject)
    core.author = sanitize_text(properties.author)
    core.keywords = keyword_items(sanitize_text(properties.keywords))
    core.category = sanitize_text(properties.category)
    core.comments = sanitize_text(properties.comments)
    modified_by = properties.last_modified_by
    if modified_by is None:
        modified_by = properties.author
    core.last_modified_by = sanitize_text(modified_by)
    core.language = properties.language_tag()
    core.revision = 1
    if properties.created is not None:
        stamp = dt.datetime.combine(properties.created, dt.time(0, 0))
        core.created = stamp
        core.modified = stamp


def set_default_language(document: Any, tag: str) -> None:
    """Set ``w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val`` in styles.xml."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)  # w:lang is near the end of CT_RPr; only eastAsianLayout etc. follow
    lang.set(qn("w:val"), tag)


def set_text_language(root: Any, tag: str) -> bool:
    """Mark every run, paragraph mark and style under `root` as text in `tag` (each
    ``w:lang/@w:val``; the East Asian and complex-script languages stay); True if any was
    marked otherwise. Every text of a document is in its language (the plan's texts and the
    labels in it), but a template saved in LibreOffice carries its author's language on
    styles and runs (``fi-FI``), so a Swedish document would be spell-checked, and read
    aloud, as Finnish."""
    changed = False
    for lang in root.iter(qn("w:lang")):
        if lang.get(qn("w:val")) not in (None, tag):
            lang.set(qn("w:val"), tag)
            changed = True
    return changed


def set_style_names(styles: Any, tag: str) -> None:
    """Give the bundled templates' Finnish style names and aliases (``w:name``, each name in
    ``w:aliases``) in the language of `tag` (a document in Swedish); every other name, and
    every name in a Finnish document, is kept as the template has it."""
    names = _STYLE_NAMES.get(tag.split("-")[0].lower())
    if not names:
        return
    for style in styles.iter(qn("w:style")):
        for element in (style.find(qn("w:name")), style.find(qn("w:aliases"))):
            if element is None:
                continue
            value = element.get(qn("w:val"), "")
            renamed = ",".join(names.get(name, name) for name in value.split(","))
            if renamed != value:
                element.set(qn("w:val"), renamed)


def set_theme_font_language(settings: Any, tag: str) -> bool:
    """Set ``w:themeFontLang/@w:val`` in settings.xml to `tag` where the template gives one
    (a template made in Finnish Word says ``fi-FI``); True if that changed it."""
    theme = settings.find(qn("w:themeFontLang"))
    if theme is None or theme.get(qn("w:val")) in (None, "", tag):
        return False
    theme.set(qn("w:val"), tag)
    return True
