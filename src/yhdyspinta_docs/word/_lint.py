"""A template from outside is hostile input: lint and scrub it before anything renders it.

Templates travel between regions ("take Pohjanmaa's decision template"), and every party
receives what a template carries. Before any use of a template (``check-template``, and every
render: :func:`prepare_template` is called by ``render._read`` for Word templates and by
``matrix._load_template`` for the matrix workbook) the package is inspected as a zip of XML
parts; nothing is rendered and no Office library sees it first.

**Bounds** (:func:`read_template`, then before any part is parsed): at most
:data:`MAX_TEMPLATE_BYTES` on disk, :data:`MAX_PARTS` zip members, :data:`MAX_PART_BYTES`
per member and :data:`MAX_TOTAL_BYTES` in all unpacked, no member that unpacks more than
:data:`MAX_RATIO` times its packed size (above :data:`RATIO_FLOOR`), no encrypted or
duplicate members. Every XML part is parsed without DTDs, entities or network access; a part
with a ``DOCTYPE`` or that is not well-formed is refused.

**Refused** in any template (each finding an :class:`~.errors.Issue` naming the file, the part
and what to do):

* macros (``vbaProject.bin``, macro-enabled content types, Excel 4.0 macro sheets);
* embedded or linked objects: OLE objects, embedded packages, ActiveX controls, imported
  document parts (``altChunk``), subdocuments;
* relationships to anything outside the package (``TargetMode="External"``) other than
  hyperlinks: linked pictures and objects, attached templates, frames, mail-merge sources,
  links to other workbooks are fetched when the file is opened. External hyperlinks are
  allowed: they are visible text, fetched only when someone clicks them;
* Word: fields that fetch or run something (:data:`FETCHING_FIELDS`: INCLUDETEXT,
  INCLUDEPICTURE, DDE, DDEAUTO, LINK, IMPORT, DATABASE …), in ``w:instrText`` (joined over
  runs, nested fields followed) or ``w:fldSimple/@w:instr``; tracked changes;
* Excel: a formula (cells, data validation, conditional formatting, tables, charts, defined
  names) with a function outside :data:`ALLOWED_FUNCTIONS`, a reference to another workbook
  (``[1]Sheet!A1``) or a DDE call (``cmd|'/C calc'!A0``); defined names other than
  :data:`TEMPLATE_NAMES` (``Auto_Open`` and its kin named as such); very hidden sheets other
  than the program's own ``Tiedot``; external connections, query tables, external links.

**Scrubbed** (:func:`scrub_package`, on the bytes, before docxtpl or openpyxl open them; a
package with nothing to scrub is returned unchanged, byte for byte): comments with their
anchors in the text and the parts Word keeps about them (commentsExtended, commentsIds,
commentsExtensible, people), Excel comments, threaded comments and persons, custom
properties (``docProps/custom.xml``), the thumbnail, core properties the program does not set
from the plan (identifier, version, content status, last printed, description, category),
``Company``, ``Manager``, ``HyperlinkBase`` and the other lists of names and links of
``docProps/app.xml``, Word's editing-session ids (``w:rsid*``) and document variables.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from .._inputs import InputRefused, InputTooLarge, read_regular
from ..errors import Issue, TemplateError
from ..matrix._followup import NAME_STATUS_LIST, SHEET_META

__all__ = [
    "ALLOWED_FUNCTIONS",
    "FETCHING_FIELDS",
    "MAX_PARTS",
    "MAX_PART_BYTES",
    "MAX_RATIO",
    "MAX_TEMPLATE_BYTES",
    "MAX_TOTAL_BYTES",
    "RATIO_FLOOR",
    "TEMPLATE_NAMES",
    "Lint",
    "lint_template",
    "prepare_template",
    "read_template",
    "scrub_package",
]

MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
"""A template with a logo and styles is well under 1 MB; a bigger file is refused unread."""
MAX_PARTS = 1000
MAX_PART_BYTES = 30 * 1024 * 1024
MAX_TOTAL_BYTES = 60 * 1024 * 1024
MAX_RATIO = 500
RATIO_FLOOR = 5 * 1024 * 1024
"""Members that unpack to less than this are not checked for their compression ratio."""
MAX_FORMULA_CHARS = 8192
"""Excel's own limit on the length of a formula."""

FETCHING_FIELDS: dict[str, str] = {
    "INCLUDETEXT": "fetches another file into the document when the document is opened or "
                   "its fields are updated",
    "INCLUDE": "fetches another file into the document when the document is opened or its "
               "fields are updated",
    "INCLUDEPICTURE": "fetches a picture from another file or an address on the internet "
                      "when the document is opened",
    "IMPORT": "fetches a picture from another file when the document is opened",
    "LINK": "links to another file or program and takes its content when the document is "
            "opened",
    "DDE": "runs another program and takes data from it",
    "DDEAUTO": "runs another program as soon as the document is opened",
    "DATABASE": "queries an external database",
    "MACROBUTTON": "runs a macro or a Word command",
}
"""Word field codes a template may not contain, with what each one does."""

ALLOWED_FUNCTIONS: frozenset[str] = frozenset("""
    ABS AGGREGATE AVERAGE AVERAGEA AVERAGEIF AVERAGEIFS CEILING CEILING.MATH COUNT COUNTA
    COUNTBLANK COUNTIF COUNTIFS FLOOR FLOOR.MATH INT LARGE MAX MAXA MAXIFS MEDIAN MIN MINA
    MINIFS MOD PERCENTILE PRODUCT QUOTIENT RANK RANK.EQ ROUND ROUNDDOWN ROUNDUP SIGN SMALL
    SQRT STDEV SUBTOTAL SUM SUMIF SUMIFS SUMPRODUCT TRUNC
    AND FALSE IF IFERROR IFNA IFS NOT OR SWITCH TRUE XOR
    ISBLANK ISERR ISERROR ISLOGICAL ISNA ISNONTEXT ISNUMBER ISTEXT N NA
    CHAR CLEAN CODE CONCAT CONCATENATE EXACT FIND FIXED LEFT LEN LOWER MID NUMBERVALUE PROPER
    REPLACE REPT RIGHT SEARCH SUBSTITUTE T TEXT TEXTJOIN TRIM UNICHAR UNICODE UPPER VALUE
    DATE DATEDIF DATEVALUE DAY DAYS EDATE EOMONTH ISOWEEKNUM MONTH NETWORKDAYS NOW TODAY
    WEEKDAY WEEKNUM WORKDAY YEAR YEARFRAC
    CHOOSE COLUMN COLUMNS FILTER HLOOKUP INDEX LOOKUP MATCH OFFSET ROW ROWS SORT SORTBY UNIQUE
    VLOOKUP XLOOKUP XMATCH
    """.split())
"""Functions a formula in a matrix template may use: arithmetic, aggregates, logic, text,
dates and lookups within the workbook (the bundled template and the program's own summary
use COUNTBLANK, COUNTIFS, ROWS, SUM and SUMPRODUCT). ``HYPERLINK`` is allowed only to a
place in the workbook (``HYPERLINK("#Ohjeet!A1", …)``)."""

_REFUSED_FUNCTIONS = {
    "WEBSERVICE": "sends data to an address on the internet",
    "FILTERXML": "reads what WEBSERVICE fetched from the internet",
    "ENCODEURL": "prepares data to be sent to an address on the internet",
    "IMAGE": "fetches a picture from an address on the internet",
    "STOCKHISTORY": "fetches data from an internet service",
    "TRANSLATE": "sends text to an internet service",
    "DETECTLANGUAGE": "sends text to an internet service",
    "RTD": "takes data from another program",
    "CALL": "runs code from a library on the computer",
    "REGISTER": "runs code from a library on the computer",
    "REGISTER.ID": "runs code from a library on the computer",
    "EXEC": "runs a program",
    "INDIRECT": "can refer to other workbooks through a text",
    "CELL": "reveals the file's location on the computer",
    "INFO": "reveals facts about the computer",
}

TEMPLATE_NAMES: frozenset[str] = frozenset({
    NAME_STATUS_LIST, "_xlnm.Print_Area", "_xlnm.Print_Titles", "_xlnm._FilterDatabase"})
"""Defined names a matrix template may have: the status list, print areas and titles, and the
hidden name Excel adds for a filter."""

_MACRO_NAMES = ("auto_open", "auto_close", "auto_activate", "auto_deactivate")

# --- namespaces, relationship and element names -------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_O_OLE = "{urn:schemas-microsoft-com:office:office}OLEObject"

_WORD_OBJECTS = {
    _W + "object": "an embedded or linked object (OLE, e.g. another document or a "
                   "spreadsheet); remove it, or paste its content as text or a picture",
    _O_OLE: "an embedded or linked object (OLE); remove it, or paste its content as text or "
            "a picture",
    _W + "control": "an ActiveX control; remove it (Developer → Design Mode, then delete it)",
    _W + "altChunk": "an imported document part (altChunk) that Word converts when the "
                     "document is opened; open the template in Word and save it again",
    _W + "subDoc": "a subdocument (another file); remove it (Outlining → Show Document → "
                   "Unlink)",
}
_TRACKED = {_W + t for t in (
    "ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange",
    "tblPrChange", "trPrChange", "tcPrChange", "tblGridChange", "numberingChange", "cellIns",
    "cellDel", "cellMerge", "moveFromRangeStart", "moveToRangeStart", "customXmlInsRangeStart",
    "customXmlDelRangeStart", "customXmlMoveFromRangeStart", "customXmlMoveToRangeStart")}

_EMBEDDING_RELS = {  # relationship type (last path segment) → what it is, what to do
    "oleObject": "an embedded or linked object (OLE); remove it",
    "package": "an embedded file (another document or workbook); remove it",
    "control": "an ActiveX control; remove it",
    "activeXControlBinary": "an ActiveX control; remove it",
    "aFChunk": "an imported document part (altChunk); open the template in Word and save it "
               "again",
    "subDocument": "a subdocument (another file); remove it (Outlining → Show Document → "
                   "Unlink)",
    "externalLink": "a link to another workbook; remove it (Data → Edit Links → Break Link)",
    "connections": "a data connection to outside the workbook; remove it (Data → Queries & "
                   "Connections)",
    "queryTable": "a table filled from outside the workbook; remove it (Data → Queries & "
                  "Connections)",
}
_EXTERNAL_FIX = {
    "image": "insert the picture into the template (Insert → Pictures → This Device) instead "
             "of linking to it",
    "attachedTemplate": "remove the attached template (Developer → Document Template, clear "
                        "the name)",
    "frame": "remove the frame",
    "mailMergeSource": "remove the mail merge data source (Mailings → Start Mail Merge → "
                       "Normal Word Document)",
    "externalLinkPath": "break the link (Data → Edit Links → Break Link)",
}
_MACRO_PARTS = ("vbaproject.bin", "vbaprojectsignature.bin", "vbadata.xml")
_EMBEDDING_DIRS = ("word/embeddings/", "xl/embeddings/", "ppt/embeddings/", "word/activex/",
                   "xl/activex/", "xl/externallinks/", "xl/querytables/")
_FORMULA_TAGS = {"f", "formula", "formula1", "formula2", "calculatedColumnFormula",
                 "totalsRowFormula"}
_SCRUB_RELS = {"comments", "commentsExtended", "commentsIds", "commentsExtensible", "people",
               "threadedComment", "person", "custom-properties", "thumbnail"}
_SCRUB_CORE = {"identifier", "version", "contentStatus", "lastPrinted", "description",
               "category"}
_SCRUB_APP = {"Company", "Manager", "HyperlinkBase", "HLinks", "TitlesOfParts",
              "HeadingPairs", "DigSig"}
_ANCHORS = {_W + t for t in ("commentRangeStart", "commentRangeEnd", "commentReference",
                             "permStart", "permEnd")}
_RSID_ATTR = re.compile(rb'\sw:rsid[A-Za-z]*="[^"]*"')
_RSID_ELEMENT = re.compile(rb'<w:rsid w:val="[^"]*"\s*/>')

_STRING = re.compile(r'"(?:[^"]|"")*"')
_EXTERNAL_REF = re.compile(r"^'?[^'!]*\[[^\]]+\][^!]*!")
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# --- public API ---------------------------------------------------------------------------------


@dataclass
class Lint:
    """What the lint found. `package`: the zip or its XML cannot be parsed safely (bounds,
    DTDs, broken XML; nothing may read it); `content`: things a template may not contain."""

    package: list[Issue] = field(default_factory=list)
    content: list[Issue] = field(default_factory=list)

    @property
    def issues(self) -> list[Issue]:
        """Every finding; empty when the template may be used."""
        return self.package + self.content


def read_template(path: Path) -> bytes:
    """The bytes of the template at `path`: a regular file of at most
    :data:`MAX_TEMPLATE_BYTES`, read without blocking on a FIFO or device (TemplateError
    naming the file otherwise)."""
    try:
        return read_regular(path, MAX_TEMPLATE_BYTES)
    except InputTooLarge as exc:
        size = "" if exc.size is None else f" ({exc.size / 1048576:.1f} MB)"
        raise TemplateError([Issue(path.name, f"is over {MAX_TEMPLATE_BYTES // 1048576} MB"
                                   f"{size}; a template is not that big (compress or remove "
                                   "large pictures)")], template=path) from None
    except InputRefused as exc:
        raise TemplateError([Issue(str(path), f"{exc.what}; give a Word .docx or Excel .xlsx "
                                   "template")], template=path) from None


def lint_template(data: bytes, name: str) -> Lint:
    """Every finding of the template package `data` (called `name` in messages).

    Data that is not a zip archive at all gives no finding: whoever opens it reports that it
    is not a Word document or an Excel workbook.
    """
    result = Lint()
    if len(data) > MAX_TEMPLATE_BYTES:
        result.package.append(Issue(name, f"is over {MAX_TEMPLATE_BYTES // 1048576} MB; a "
                                    "template is not that big"))
        return result
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        return result
    result.package += _bounds(name, infos)
    if result.package:
        return result
    pkg = _Package(name, zf)
    result.package += pkg.parse_all()
    if result.package:
        return result
    result.content += _dedupe(_generic_findings(pkg) + _word_findings(pkg)
                              + _excel_findings(pkg))
    return result


def prepare_template(data: bytes, name: str) -> bytes:
    """`data` linted and scrubbed: what a renderer may open. TemplateError listing every
    finding of :func:`lint_template`. Remembered for the last few templates of the process."""
    key = (hashlib.sha256(data).hexdigest(), name)
    with _CACHE_LOCK:
        found = _CACHE.get(key)
    if found is None:
        issues = lint_template(data, name).issues
        found = issues or scrub_package(data)
        with _CACHE_LOCK:
            _CACHE[key] = found
            while len(_CACHE) > 8:
                _CACHE.popitem(last=False)
    if isinstance(found, list):
        raise TemplateError(found, template=name, header=(
            f"template {name} cannot be used: it contains {len(found)} thing(s) a template may "
            "not contain (docs/templates.md, 'What a template may not contain'); nothing was "
            "written"))
    return found


_CACHE: OrderedDict[tuple[str, str], bytes | list[Issue]] = OrderedDict()
_CACHE_LOCK = threading.Lock()


# --- the package --------------------------------------------------------------------------------


def _bounds(name: str, infos: list[zipfile.ZipInfo]) -> list[Issue]:
    if len(infos) > MAX_PARTS:
        return [Issue(name, f"has {len(infos)} parts; a template has far fewer (zip bomb?); "
                      "refused")]
    total, seen = 0, set()
    for info in infos:
        if info.flag_bits & 0x1:
            return [Issue(name, "is an encrypted zip archive; save it again without a "
                          "password")]
        if info.filename in seen:
            return [Issue(name, f"has the part {info.filename} twice; programs would read "
                          "different ones; save it again in Word or Excel")]
        seen.add(info.filename)
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES or (
                info.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
            return [Issue(f"{name}: {info.filename}", f"unpacks to "
                          f"{info.file_size / 1048576:.0f} MB from "
                          f"{info.compress_size / 1024:.0f} KB: not a normal template (zip "
                          "bomb?); refused")]
    return []


def _parser() -> Any:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, remove_comments=False)


@dataclass
class _Rel:
    source: str  # the .rels part
    rid: str
    reltype: str  # last segment of the type URI
    target: str
    external: bool
    part: str  # the target part name, resolved ("" for an external target)


class _Package:
    """The zip's members and its XML parts, each parsed once."""

    def __init__(self, name: str, zf: zipfile.ZipFile) -> None:
        self.name = name
        self.zf = zf
        self.names = [i.filename for i in zf.infolist()]
        self.trees: dict[str, Any] = {}

    def parse_all(self) -> list[Issue]:
        issues = []
        for member in self.names:
            if not member.lower().endswith((".xml", ".rels", ".vml")):
                continue
            data = self.zf.read(member)
            if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
                issues.append(Issue(f"{self.name}: {member}", "has a document type declaration "
                                    "(DOCTYPE/ENTITY), which Word and Excel never write; "
                                    "refused"))
                continue
            try:
                self.trees[member] = etree.fromstring(data, _parser())
            except etree.XMLSyntaxError as exc:
                issues.append(Issue(f"{self.name}: {member}", f"not well-formed XML ({exc}); "
                                    "open the template in Word or Excel and save it again"))
        return issues

    def where(self, part: str, detail: str = "") -> str:
        return f"{self.name}: {part}" + (f" ({detail})" if detail else "")

    def rels(self) -> Iterator[_Rel]:
        for member, tree in self.trees.items():
            if not member.endswith(".rels"):
                continue
            folder = posixpath.dirname(posixpath.dirname(member))  # word/_rels/x.rels → word
            for rel in tree.iter(_REL_NS + "Relationship"):
                target = rel.get("Target") or ""
                external = (rel.get("TargetMode") or "").lower() == "external"
                reltype = (rel.get("Type") or "").rsplit("/", 1)[-1]
                yield _Rel(member, rel.get("Id") or "", reltype, target, external,
                           "" if external else _resolve(folder, target))

    def content_types(self) -> Iterator[tuple[str, str]]:
        """(part name or extension, content type) of every Default and Override."""
        tree = self.trees.get("[Content_Types].xml")
        if tree is None:
            return
        for el in tree:
            key = el.get("PartName") or el.get("Extension") or ""
            yield key.lstrip("/"), el.get("ContentType") or ""


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _dedupe(issues: list[Issue]) -> list[Issue]:
    return list(dict.fromkeys(issues))


# --- findings in any package --------------------------------------------------------------------


def _save_as(pkg: _Package) -> str:
    if "xl/workbook.xml" in pkg.names:
        return "save it as 'Excel Workbook (.xlsx)'"
    return "save it as 'Word Document (.docx)'"


def _generic_findings(pkg: _Package) -> list[Issue]:
    issues: list[Issue] = []
    macro_parts = [n for n in pkg.names if n.lower().rsplit("/", 1)[-1] in _MACRO_PARTS]
    macro_types = [k for k, ct in pkg.content_types()
                   if "macroenabled" in ct.lower() or "vba" in ct.lower()]
    if macro_parts or macro_types:
        issues.append(Issue(pkg.where((macro_parts or ["[Content_Types].xml"])[0]),
                            f"contains macros (a VBA project); a template may not contain "
                            f"macros: {_save_as(pkg)}, without macros"))
    macro_sheets = [n for n in pkg.names if n.lower().startswith("xl/macrosheets/")] + [
        k for k, ct in pkg.content_types() if "macrosheet" in ct.lower()]
    if macro_sheets:
        issues.append(Issue(pkg.where(macro_sheets[0]), "is an Excel 4.0 macro sheet, which "
                            "runs commands; delete the sheet"))
    reported: set[str] = set()
    for rel in pkg.rels():
        if rel.external:
            if rel.reltype == "hyperlink":
                continue  # shown as text, followed only when clicked: allowed
            fix = _EXTERNAL_FIX.get(rel.reltype, "remove it")
            target = rel.target if len(rel.target) <= 80 else rel.target[:77] + "..."
            issues.append(Issue(pkg.where(rel.source, rel.rid), f"a link of type "
                                f"'{rel.reltype}' to {target!r} outside the file, which is "
                                f"fetched when the file is opened; {fix}"))
        elif rel.reltype in _EMBEDDING_RELS:
            reported.add(rel.part)
            issues.append(Issue(pkg.where(rel.source, rel.rid), f"{rel.part} is "
                                + _EMBEDDING_RELS[rel.reltype]))
    for member in pkg.names:
        lower = member.lower()
        if member not in reported and lower.startswith(_EMBEDDING_DIRS):
            issues.append(Issue(pkg.where(member), "is an embedded object, control or link to "
                                "outside the file; remove it"))
        elif lower in ("xl/connections.xml",) and member not in reported:
            issues.append(Issue(pkg.where(member), "defines data connections to outside the "
                                "workbook; remove them (Data → Queries & Connections)"))
    return issues


# --- Word ---------------------------------------------------------------------------------------


def _word_findings(pkg: _Package) -> list[Issue]:
    issues: list[Issue] = []
    for member, tree in pkg.trees.items():
        if not member.startswith("word/") or not member.endswith(".xml"):
            continue
        for code in _field_codes(tree):
            words = code.split()
            keyword = words[0].upper() if words else ""
            if keyword in FETCHING_FIELDS:
                issues.append(Issue(pkg.where(member), f"field code {keyword} "
                                    f"{FETCHING_FIELDS[keyword]}; remove the field (select it "
                                    "and press Ctrl+Shift+F9 in Word to turn it into text)"))
        objects: dict[str, int] = {}
        tracked = 0
        for el in tree.iter():
            if el.tag in _WORD_OBJECTS:
                objects[el.tag] = objects.get(el.tag, 0) + 1
            elif el.tag in _TRACKED:
                tracked += 1
        for tag, count in objects.items():
            issues.append(Issue(pkg.where(member), f"{count} × {_WORD_OBJECTS[tag]}"))
        if tracked:
            issues.append(Issue(pkg.where(member), f"{tracked} tracked change(s); accept or "
                                "reject them all (Review → Accept → Accept All Changes) and "
                                "turn Track Changes off"))
    return issues


def _field_codes(tree: Any) -> Iterator[str]:
    """The code of every field: ``w:fldSimple/@w:instr``, and ``w:instrText`` from each
    ``w:fldChar`` begin to its separate or end, joined over runs (nested fields too)."""
    stack: list[list[str]] = []  # the code of each open field, innermost last
    checked: list[bool] = []  # whether that code was given out already
    for el in tree.iter(_W + "fldSimple", _W + "fldChar", _W + "instrText",
                        _W + "delInstrText"):
        if el.tag == _W + "fldSimple":
            yield el.get(_W + "instr") or ""
        elif el.tag == _W + "fldChar":
            kind = el.get(_W + "fldCharType")
            if kind == "begin":
                stack.append([])
                checked.append(False)
            elif stack and kind in ("separate", "end"):
                if not checked[-1]:
                    yield "".join(stack[-1])
                    checked[-1] = True
                if kind == "end":
                    stack.pop()
                    checked.pop()
        elif stack:
            stack[-1].append(el.text or "")
        else:
            yield el.text or ""
    for parts, done in zip(stack, checked, strict=True):  # fields never closed
        if not done:
            yield "".join(parts)


# --- Excel --------------------------------------------------------------------------------------


def _excel_findings(pkg: _Package) -> list[Issue]:
    workbook = pkg.trees.get("xl/workbook.xml")
    if workbook is None:
        return []
    issues: list[Issue] = []
    rels = {r.rid: r.part for r in pkg.rels() if r.source == "xl/_rels/workbook.xml.rels"}
    sheets: dict[str, str] = {}
    for sheet in workbook.iter():
        if _local(sheet.tag) != "sheet":
            continue
        title = sheet.get("name") or ""
        sheets[rels.get(sheet.get(_R_ID) or "", "")] = title
        if sheet.get("state") == "veryHidden" and title != SHEET_META:
            issues.append(Issue(pkg.where("xl/workbook.xml", f"sheet '{title}'"),
                                "the sheet is very hidden (Excel's menus cannot show it, so "
                                "nobody sees what it holds); delete it, or start again from "
                                "the bundled templates/matrix.xlsx"))
    for defined in workbook.iter():
        if _local(defined.tag) == "definedName":
            issues += _name_issues(pkg, defined)
    for member, tree in pkg.trees.items():
        if member.startswith(("xl/worksheets/", "xl/chartsheets/", "xl/tables/", "xl/charts/",
                              "xl/dialogsheets/")) and member.endswith(".xml"):
            issues += _sheet_formula_issues(pkg, member, tree, sheets.get(member, ""))
    return issues


def _name_issues(pkg: _Package, defined: Any) -> list[Issue]:
    name = defined.get("name") or ""
    where = pkg.where("xl/workbook.xml", f"defined name '{name}'")
    if name.lower().startswith(_MACRO_NAMES) or any(
            defined.get(a) in ("1", "true") for a in ("function", "vbProcedure", "xlm")):
        return [Issue(where, "runs a macro (when the workbook is opened or closed); delete the "
                      "name (Formulas → Name Manager)")]
    if name not in TEMPLATE_NAMES:
        return [Issue(where, "is not one of the template's own names ("
                      + ", ".join(sorted(TEMPLATE_NAMES)) + "); delete it (Formulas → Name "
                      "Manager)")]
    problem = formula_problem(defined.text or "")
    return [Issue(where, f"{problem}; correct or delete the name")] if problem else []


def _sheet_formula_issues(pkg: _Package, member: str, tree: Any, sheet: str) -> list[Issue]:
    issues = []
    for el in tree.iter():
        local = _local(el.tag)
        if local in ("oleObjects", "controls"):
            issues.append(Issue(pkg.where(member, sheet), "has embedded objects or ActiveX "
                                "controls; remove them"))
            continue
        if local in _FORMULA_TAGS:
            text = el.text or ""
        elif local == "cfvo" and el.get("val"):
            text = el.get("val")
        else:
            continue
        problem = formula_problem(text) if text.strip() else None
        if problem:
            issues.append(Issue(pkg.where(member, _place(el, sheet)),
                                f"{problem}; change or remove the formula"))
    return issues


def _place(el: Any, sheet: str) -> str:
    """``Seuranta!B2`` for the cell, range or validation that holds `el`."""
    node = el
    while node is not None:
        ref = node.get("r") or node.get("sqref") or node.get("ref")
        if ref is None:
            for child in node:
                if _local(child.tag) == "sqref" and child.text:
                    ref = child.text
        if ref:
            return f"{sheet}!{ref}" if sheet else ref
        node = node.getparent()
    return sheet


def formula_problem(text: str) -> str | None:
    """Why the formula `text` may not be in a template, or None if it may."""
    from openpyxl.formula import Tokenizer

    text = text.strip().removeprefix("=")
    if len(text) > MAX_FORMULA_CHARS:
        return f"a formula of {len(text)} characters (Excel allows {MAX_FORMULA_CHARS})"
    if "|" in _STRING.sub("", text):
        return f"formula '{_short(text)}' calls another program (DDE)"
    try:
        tokens = [t for t in Tokenizer("=" + text).items if t.type != "WHITE-SPACE"]
    except Exception:  # openpyxl's tokenizer raises bare errors for malformed formulas
        return f"formula '{_short(text)}' cannot be read"
    for i, token in enumerate(tokens):
        if token.type == "FUNC" and token.subtype == "OPEN":
            raw = token.value[:-1].upper()
            if raw.startswith("_XLUDF."):
                return (f"formula '{_short(text)}' calls {raw[7:]}, a function of a macro or "
                        "an add-in")
            func = re.sub(r"^(_XLFN\.)?(_XLWS\.)?", "", raw)
            if func == "HYPERLINK":
                first = tokens[i + 1] if i + 1 < len(tokens) else None
                if first is None or first.subtype != "TEXT" or not first.value.startswith('"#'):
                    return (f"formula '{_short(text)}' uses HYPERLINK to a place outside the "
                            "workbook (a click sends the link, with any data in it)")
            elif func not in ALLOWED_FUNCTIONS:
                why = _REFUSED_FUNCTIONS.get(func, "is not on the list of functions a template "
                                             "may use (docs/templates.md)")
                return f"formula '{_short(text)}' uses {func}, which {why}"
        elif token.type == "OPERAND" and token.subtype == "RANGE" and _EXTERNAL_REF.match(
                token.value):
            return f"formula '{_short(text)}' refers to another workbook ({token.value})"
    return None


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


# --- scrub --------------------------------------------------------------------------------------


def scrub_package(data: bytes) -> bytes:
    """`data` without the template's metadata (see the module docstring); `data` itself when
    there is nothing to remove or it is not a zip archive."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        return data
    parts = {i.filename: zf.read(i.filename) for i in infos}
    changed: dict[str, bytes | None] = {}  # None: removed
    _scrub_parts(parts, changed)
    changed = {k: v for k, v in changed.items() if v is None or v != parts.get(k)}
    if not changed:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in infos:
            blob = changed.get(info.filename, parts[info.filename])
            if blob is not None:
                dst.writestr(zipfile.ZipInfo(info.filename, info.date_time), blob)
    return out.getvalue()


def _serialize(tree: Any) -> bytes:
    result: bytes = etree.tostring(tree, xml_declaration=True, encoding="UTF-8",
                                   standalone=True)
    return result


def _edit(parts: dict[str, bytes], changed: dict[str, bytes | None], member: str,
          edit: Callable[[Any], bool]) -> None:
    """Parse `member` (as changed so far), apply `edit`; keep the result if it says so."""
    blob = changed.get(member, parts.get(member))
    if blob is None:
        return
    try:
        tree = etree.fromstring(blob, _parser())
    except etree.XMLSyntaxError:
        return
    if edit(tree):
        changed[member] = _serialize(tree)


def _scrub_parts(parts: dict[str, bytes], changed: dict[str, bytes | None]) -> None:
    removed: set[str] = set()
    core = app = ""
    for member in [m for m in parts if m.endswith(".rels")]:
        folder = posixpath.dirname(posixpath.dirname(member))

        def drop_rels(tree: Any, folder: str = folder) -> bool:
            nonlocal core, app
            dropped = False
            for rel in list(tree.iter(_REL_NS + "Relationship")):
                kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
                external = (rel.get("TargetMode") or "").lower() == "external"
                target = "" if external else _resolve(folder, rel.get("Target") or "")
                if kind == "core-properties":
                    core = target
                elif kind == "extended-properties":
                    app = target
                if kind in _SCRUB_RELS:
                    if target:
                        removed.add(target)
                    tree.remove(rel)
                    dropped = True
            return dropped

        _edit(parts, changed, member, drop_rels)
    for member in removed:
        for name in (member, _rels_of(member)):
            if name in parts:
                changed[name] = None

    def drop_overrides(tree: Any) -> bool:
        gone = [el for el in tree if (el.get("PartName") or "").lstrip("/") in removed]
        for el in gone:
            tree.remove(el)
        return bool(gone)

    if removed:
        _edit(parts, changed, "[Content_Types].xml", drop_overrides)
    _edit(parts, changed, core or "docProps/core.xml",
          lambda tree: _drop_children(tree, _SCRUB_CORE, only_filled=True))
    _edit(parts, changed, app or "docProps/app.xml", _scrub_app)
    if "word/document.xml" in parts:
        _scrub_word(parts, changed)


def _rels_of(member: str) -> str:
    folder, base = posixpath.split(member)
    return posixpath.join(folder, "_rels", base + ".rels")


def _drop_children(tree: Any, names: set[str], *, only_filled: bool = False) -> bool:
    gone = [el for el in tree if _local(el.tag) in names
            and (not only_filled or (el.text or "").strip() or len(el))]
    for el in gone:
        tree.remove(el)
    return bool(gone)


def _scrub_app(tree: Any) -> bool:
    dropped = _drop_children(tree, _SCRUB_APP)
    for el in list(tree):
        if _local(el.tag) == "Template" and (el.text or "") not in ("", "Normal.dotm",
                                                                    "Normal"):
            tree.remove(el)
            dropped = True
    return dropped


def _scrub_word(parts: dict[str, bytes], changed: dict[str, bytes | None]) -> None:
    for member in list(parts):
        blob = changed.get(member, parts[member])
        if blob is None or not member.startswith("word/") or not member.endswith(".xml"):
            continue
        if any(a in blob for a in (b"commentRangeStart", b"commentRangeEnd",
                                   b"commentReference", b"permStart", b"permEnd")):
            _edit(parts, changed, member, _drop_anchors)
            blob = changed.get(member, blob)
            assert blob is not None
        if member == "word/settings.xml":
            _edit(parts, changed, member, lambda tree: _drop_children(tree, {"rsids",
                                                                             "docVars"}))
            blob = changed.get(member, blob)
            assert blob is not None
        if b"w:rsid" in blob:
            changed[member] = _RSID_ELEMENT.sub(b"", _RSID_ATTR.sub(b"", blob))


def _drop_anchors(tree: Any) -> bool:
    """Remove comment and editing-permission anchors, and runs left holding nothing."""
    gone = [el for el in tree.iter() if el.tag in _ANCHORS]
    for el in gone:
        parent = el.getparent()
        if parent is None:
            continue
        parent.remove(el)
        if parent.tag == _W + "r" and all(c.tag == _W + "rPr" for c in parent):
            holder = parent.getparent()
            if holder is not None:
                holder.remove(parent)
    return bool(gone)
