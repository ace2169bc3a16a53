"""What a template may not contain and what is removed from it: the limits, the fields and
functions allowed or refused, and the names of the parts, relationships and elements
:mod:`._lint` looks for.
"""

from __future__ import annotations

import re

from ..matrix._followup import NAME_STATUS_LIST

MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
"""A template with a logo and styles is well under 1 MB; a bigger file is refused unread."""
MAX_PARTS = 1000
MAX_PART_BYTES = 30 * 1024 * 1024
MAX_TOTAL_BYTES = 60 * 1024 * 1024
MAX_RATIO = 500
RATIO_FLOOR = 5 * 1024 * 1024
"""Members that unpack to less than this are not checked for their compression ratio."""
MAX_XML_PART_BYTES = 5 * 1024 * 1024
"""An XML part (the document's text, a header, the styles) unpacks to at most this: the
bundled templates' largest is 26 KB, and rendering takes time and memory in proportion (a
document part of 10 MB took 38 s to build; the content comes from the plan, not the template)."""
MAX_XML_RUN = 1_000_000
"""Characters in one text of an XML part, or in the attributes of one element: docxtpl's tag
patterns take about 70 bytes of memory for each character of such a run (one text of 5 MB took
420 MB); Word never writes a run anywhere near as long."""
MAX_ATTRIBUTES = 1000
"""Attributes of one element (Word writes a few dozen at most)."""
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
    "RD": "fetches the headings of another file into an index or table of contents",
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
