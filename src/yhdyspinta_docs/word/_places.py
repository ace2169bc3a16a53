"""Where a paragraph of a Word part stands as Word shows it, for every finding of a template.

:class:`Places` walks the paragraphs of one XML part (document, header, footer, footnotes)
once, finds the template tags in them, and words where a paragraph is: the paragraph of that
walk, the table cell (table, row, column), the text box or footnote, the header or footer as
Word names it (:func:`part_labels`), with the paragraph's text shortened around a tag. The
findings of tag placement (:mod:`._tags`), of unknown variables (:mod:`._variables`) and
Jinja's syntax and render errors (:mod:`._error_places`) are located by it; given the part's
compiled Jinja source, it also tells which paragraphs a line of that source stands for
(:meth:`Places.on_line`, :meth:`Places.at`). :func:`part_places` makes those of a template's
compiled parts.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree

__all__ = ["CONTAINER", "W_P", "W_TC", "Places", "Tag", "find_tags", "holder", "own_text",
           "paragraph_texts", "parse_part", "part_label", "part_labels", "part_places"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W_P, W_TR, W_TC = _W + "p", _W + "tr", _W + "tc"
_T, _TBL, _BOX, _NOTE = _W + "t", _W + "tbl", _W + "txbxContent", _W + "footnote"
_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
_TAG_RE = re.compile(r"\{%(?:(p|tr|tc|r) )?(.*?)%\}|\{\{(?:(p|tr|tc|r) )?(.*?)\}\}"
                     r"|\{#(?:(p|tr|tc) )?.*?#\}", re.S)
CONTAINER = {"p": "paragraph", "tr": "table row", "tc": "table cell"}
"""What a docxtpl ``{%p``, ``{%tr`` or ``{%tc`` tag stands for (and deletes)."""
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_NEWLINE = re.compile(r"\r\n|\r|\n")  # the line breaks Jinja counts
_PARAGRAPH_LINE = re.compile(r"<w:p[ >]")  # a line numbered_lines starts (._docxtpl)
_SHOWN = 60  # characters of a paragraph's text in a location


@dataclass(frozen=True)
class Tag:
    """A template tag in the text of a paragraph of the walk (:attr:`Places.paragraphs`)."""

    kind: str  # "", "p", "tr", "tc", "r"
    delim: str  # "%", "{" or "#"
    keyword: str
    content: str
    text: str
    index: int  # of its paragraph in the walk, from 0
    element: Any


def own_text(p: Any) -> str:
    """The text of paragraph `p` itself (not of paragraphs nested in text boxes)."""
    return "".join(t.text or "" for t in p.iter(_T) if next(t.iterancestors(W_P), None) is p)


def parse_part(xml: bytes) -> Any:
    return etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True,
                                                 huge_tree=True))


def paragraph_texts(xml: bytes) -> list[str]:
    """The text of every paragraph of an XML part, in document order."""
    return [own_text(p) for p in parse_part(xml).iter(W_P)]


def find_tags(paragraphs: Sequence[Any]) -> list[Tag]:
    """Every template tag of `paragraphs`, in order."""
    out = []
    for i, p in enumerate(paragraphs):
        for m in _TAG_RE.finditer(own_text(p)):
            delim = m.group(0)[1]
            kind = m.group(1) or m.group(3) or m.group(5) or ""
            content = m.group(2) if delim == "%" else m.group(4) if delim == "{" else ""
            words = (content or "").strip().lstrip("-+").split()
            out.append(Tag(kind, delim, words[0] if words else "", content or "", m.group(0),
                           i, p))
    return out


def holder(tag: Tag) -> Any:
    """The paragraph, row or cell a {%p, {%tr or {%tc tag stands for (None: not in one)."""
    if tag.kind == "p":
        return tag.element
    return next(tag.element.iterancestors(W_TR if tag.kind == "tr" else W_TC), None)


class Places:
    """The paragraphs of one XML part, in document order, and where each is as Word shows it.

    :attr:`paragraphs` is the one walk that every finding counts by (``paragraph 12`` is the
    12th paragraph of the part, those of table cells included); :attr:`tags` the template
    tags in them. `label` begins every location in the part (``"header of section 1, "``:
    :func:`part_label`). Given `source`, the part's compiled Jinja source, :meth:`at` tells
    which paragraph a line of it stands for: the source has one line per paragraph of the
    part after docxtpl's patch (``numbered_lines``), which replaces the paragraph of a ``{%p``
    tag, the row of a ``{%tr`` and the cell of a ``{%tc`` by the tag alone, so such a tag
    stands on the line of the paragraph before it. Where the source does not fit the part (a
    part docxtpl patches otherwise), :meth:`at` tells nothing."""

    def __init__(self, name: str, xml: bytes, source: str | None = None,
                 label: str = "") -> None:
        self.root = parse_part(xml)
        self.name, self.label = name, label
        self.paragraphs = list(self.root.iter(W_P))
        self._index = {p: i for i, p in enumerate(self.paragraphs)}  # found in constant time:
        self._counted: dict[Any, dict[Any, int]] = {}  # a template of many findings stays quick
        self.tables = list(self.root.iter(_TBL))
        self._notes = {n: i for i, n in enumerate(
            n for n in self.root.iter(_NOTE) if n.get(_W + "type") in (None, "normal"))}
        self.tags = find_tags(self.paragraphs)
        self.lines = [0]  # per line of the source: its group (line breaks before it begin one)
        self.groups: list[list[int]] | None = None
        if source is not None:
            for text in _NEWLINE.split(source)[1:]:
                self.lines.append(self.lines[-1] + bool(_PARAGRAPH_LINE.match(text)))
            groups = self._groups()
            self.groups = groups if self.lines[-1] == len(groups) - 1 else None

    def _groups(self) -> list[list[int]]:
        """Per line break of the source that begins a paragraph: the paragraphs it stands
        for (the first group: those before the first)."""
        gone: set[Any] = set()  # paragraphs the patch deletes, leaving their tag
        for tag in self.tags:
            found = holder(tag) if tag.kind in CONTAINER else None
            if found is not None:
                gone.update(found.iter(W_P))
        groups: list[list[int]] = [[]]
        for i, p in enumerate(self.paragraphs):
            if p not in gone and (len(p) or p.attrib or p.text):  # not written as <w:p/>
                groups.append([i])
            else:
                groups[-1].append(i)
        return groups

    def index(self, paragraph: Any) -> int:
        """The position of `paragraph` (an element of this part) in the walk."""
        return self._index[paragraph]

    def on_line(self, lineno: int) -> list[int]:
        """The paragraphs (positions in the walk) that line `lineno` of the source stands
        for: the one the line begins with, then those the patch replaced by their tag; []
        where there is no source, it does not fit the part or the line holds no paragraph."""
        if self.groups is None or not 0 < lineno <= len(self.lines):
            return []
        return self.groups[self.lines[lineno - 1]]

    def names(self, tag: Tag, word: str | None) -> bool:
        """Whether `tag` names `word` (a name it writes, as :meth:`at` finds it)."""
        return _tag_at(tag.text, word) >= 0

    def at(self, lineno: int, word: str | None = None) -> str | None:
        """``decision.docx: table 2, row 3, column 1 ("{{ titel }}")``: the paragraph on line
        `lineno` of the source whose tags name `word` (else the one the line begins with);
        None where there is no source, it does not fit the part or the line holds no
        paragraph."""
        group = self.on_line(lineno)
        found = next((i for i in group if _tag_at(own_text(self.paragraphs[i]), word) >= 0),
                     None)
        if found is None and group and (alt := self.alt_text(word)) is not None:
            return alt  # a tag in a table's or a picture's alt text, after the paragraph
        found = group[0] if found is None and group else found
        return None if found is None else self.describe(found, word)

    def alt_text(self, word: str | None) -> str | None:
        """``plan.docx: table 2, alt text ("{{ labels.measure_table_captin }}")``: the first
        table or picture whose alt text (title or description) has a tag naming `word`; None
        if none has."""
        for number, table in enumerate(self.tables, 1):
            for kind in ("tblCaption", "tblDescription"):
                for element in table.iterchildren(_W + "tblPr"):
                    value = next((e.get(_W + "val") for e in element.iterchildren(_W + kind)),
                                 None)
                    if value and _tag_at(value, word) >= 0:
                        return (f"{self.name}: {self.label}table {number}, alt text (in Word: "
                                f'Table Properties, Alt Text) ("{_excerpt(value, word)}")')
        for picture in self.root.iter(_DOC_PR):
            for attribute in ("title", "descr"):
                value = picture.get(attribute)
                if value and _tag_at(value, word) >= 0:
                    return (f"{self.name}: {self.label}picture '{picture.get('name', '')}', "
                            f'alt text ("{_excerpt(value, word)}")')
        return None

    def describe(self, index: int, word: str | None = None) -> str:
        """``decision.docx: header of section 1, paragraph 2 ("{{ bodi }}")``: the file, the
        place of paragraph `index` of the walk (:meth:`place`) and its text, shortened around
        the tag that names `word` (a name it writes, or the whole tag)."""
        text = _excerpt(own_text(self.paragraphs[index]), word)
        return f"{self.name}: {self.place(index)}" + (f' ("{text}")' if text else "")

    def place(self, index: int) -> str:
        """Where paragraph `index` of the walk is: ``paragraph 12``, ``table 1, row 3,
        column 2, paragraph 2``, ``a text box in paragraph 4``, ``footnote 1``, each after the
        part's label (``first-page footer of section 2, paragraph 1``)."""
        return self._place(self.paragraphs[index])

    def _place(self, paragraph: Any) -> str:
        cell = next(paragraph.iterancestors(W_TC, _BOX, _NOTE), None)
        if cell is None:
            return self.label + f"paragraph {self._index[paragraph] + 1}"
        if cell.tag == _BOX:
            anchor = next(cell.iterancestors(W_P), None)
            return "a text box" + (f" in {self._place(anchor)}" if anchor is not None else "")
        own = self._among(cell, lambda: [
            p for p in cell.iter(W_P) if next(p.iterancestors(W_TC, _BOX, _NOTE)) is cell])
        nth = f", paragraph {own[paragraph] + 1}" if len(own) > 1 else ""
        if cell.tag == _NOTE:
            return f"footnote {self._notes[cell] + 1}{nth}" if cell in self._notes \
                else f"a footnote{nth}"
        found = self._cell(cell)
        if found is None:  # a cell outside a table: not as Word writes one
            return self.label + f"paragraph {self._index[paragraph] + 1}"
        return found + nth

    def _cell(self, cell: Any) -> str | None:
        """``table 1, row 3, column 2``: the table counted among those beside it (the part's
        own, or those in the same cell: ``table 1, row 2, column 2, table 1, row 1, column
        1`` for a table in a table's cell, as Word shows it); None outside a table."""
        row, table = next(cell.iterancestors(W_TR), None), next(cell.iterancestors(_TBL), None)
        if row is None or table is None:
            return None
        around = next(table.iterancestors(W_TC, _BOX, _NOTE), None)
        beside = self._among(around, lambda: [
            t for t in self.tables if next(t.iterancestors(W_TC, _BOX, _NOTE), None) is around])
        within = self.label if around is None else f"{self._within(around)}, "
        rows = self._among(table, lambda: [
            r for r in table.iter(W_TR) if next(r.iterancestors(_TBL)) is table])
        cells = self._among(row, lambda: [
            c for c in row.iter(W_TC) if next(c.iterancestors(W_TR)) is row])
        return (f"{within}table {beside[table] + 1}, row {rows[row] + 1}, "
                f"column {cells[cell] + 1}")

    def _among(self, parent: Any, items: Callable[[], list[Any]]) -> dict[Any, int]:
        """The positions of `items` (the tables, rows or cells of `parent`), counted once per
        part: a template with many findings in one big table is not walked again for each."""
        if parent not in self._counted:
            self._counted[parent] = {item: i for i, item in enumerate(items())}
        return self._counted[parent]

    def _within(self, holder: Any) -> str:
        """Where the cell, text box or footnote `holder` of a table is."""
        if holder.tag == W_TC:
            return self._cell(holder) or self.label.removesuffix(", ")
        if holder.tag == _NOTE:
            return f"footnote {self._notes[holder] + 1}" if holder in self._notes \
                else "a footnote"
        anchor = next(holder.iterancestors(W_P), None)
        return "a text box" + (f" in {self._place(anchor)}" if anchor is not None else "")


def _tag_at(text: str, word: str | None) -> int:
    """Where in `text` the first template tag naming `word` starts; -1 if none does."""
    if word:
        named = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
        for tag in _TAG_RE.finditer(text):
            if named.search(tag.group(0)):
                return tag.start()
    return -1


def _excerpt(text: str, word: str | None) -> str:
    """`text` on one line, at most :data:`_SHOWN` characters: around the tag naming `word`."""
    text = " ".join(text.split())
    if len(text) <= _SHOWN:
        return text
    word = " ".join(word.split()) if word else word  # as the text: a whole tag on one line
    start = max(0, min(_tag_at(text, word) - 10, len(text) - _SHOWN))
    end = start + _SHOWN
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def part_places(name: str, package: bytes, sources: Mapping[str, str]) -> dict[str, Places]:
    """The :class:`Places` of each compiled part (`sources`: part name → Jinja source) of the
    Word `package` that was compiled; a header or footer is named as Word names it."""
    places: dict[str, Places] = {}
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        members = set(archive.namelist())
        labels = part_labels(archive)
        for partname, source in sources.items():
            part = partname.lstrip("/")
            if part not in members:
                continue
            try:
                places[partname] = Places(name, archive.read(part), source,
                                          part_label(part, labels))
            except SyntaxError:  # lxml.etree.XMLSyntaxError: the line is named instead
                continue
    return places


# --- how Word names a header or footer ----------------------------------------------------------


def part_label(part: str, labels: Mapping[str, str]) -> str:
    """How a location in `part` begins: ``"header of section 1, "`` for a header or footer
    (from `labels`, :func:`part_labels`; ``"footer (word/footer3.xml), "`` for one that no
    section uses), ``""`` for the document body and the footnotes."""
    part = part.lstrip("/")
    kind = re.sub(r"\d*\.xml$", "", posixpath.basename(part))
    if kind not in ("header", "footer"):
        return ""
    return labels.get(part, f"{kind} ({part})") + ", "


def part_labels(package: zipfile.ZipFile) -> dict[str, str]:
    """How Word names each header and footer part of the Word `package` (``word/header2.xml``
    → ``header of section 1``, Word's "Header -Section 1-"; ``first-page header of section
    1``, ``even-page footer of section 2``); a part that several sections use, by the first."""
    members = set(package.namelist())
    if not {"word/document.xml", "word/_rels/document.xml.rels"} <= members:
        return {}
    try:
        targets = {rel.get("Id"): str(rel.get("Target", "")) for rel in parse_part(
            package.read("word/_rels/document.xml.rels"))}
        sections = list(parse_part(package.read("word/document.xml")).iter(_W + "sectPr"))
    except SyntaxError:
        return {}
    labels: dict[str, str] = {}
    for number, section in enumerate(sections, 1):
        for ref in section:
            kind = str(ref.tag).removeprefix(_W).removesuffix("Reference")
            target = targets.get(ref.get(_R_ID))
            if kind in ("header", "footer") and target:
                part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join("word", target))
                which = {"first": "first-page ", "even": "even-page "}.get(
                    str(ref.get(_W + "type")), "")
                labels.setdefault(part, f"{which}{kind} of section {number}")
    return labels
