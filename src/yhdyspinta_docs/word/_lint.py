"""A template from outside is hostile input: lint and scrub it before anything renders it.

Templates travel between regions ("take Pohjanmaa's decision template"), and every party
receives what a template carries. Before any use of a template (``check-template``, and every
render: :func:`prepare_template` is called by :class:`~._template.WordTemplate` for Word
templates and by the matrix writer for the matrix workbook) the package is inspected as a zip
of XML parts; nothing is rendered and no Office library sees it first.

**Bounds** (:func:`read_template`, then before any part is parsed): at most
:data:`MAX_TEMPLATE_BYTES` on disk, :data:`MAX_PARTS` zip members, :data:`MAX_PART_BYTES`
per member and :data:`MAX_TOTAL_BYTES` in all unpacked, no member that unpacks more than
:data:`MAX_RATIO` times its packed size (above :data:`RATIO_FLOOR`), no encrypted or
duplicate members, no member whose name points outside the package (absolute, ``..``, a
backslash or a drive letter: such a member would be copied into every document made), no
XML part over :data:`MAX_XML_PART_BYTES`. Every XML part is parsed without DTDs, entities
or network access; a part with a ``DOCTYPE``, that is not well-formed, or with a text or
attribute list over :data:`MAX_XML_RUN` characters or an element with more than
:data:`MAX_ATTRIBUTES` attributes (docxtpl's render takes memory in proportion) is refused.

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
  runs, nested fields followed) or ``w:fldSimple/@w:instr``; tracked changes; a template tag
  (``{{``, ``{%``, ``{#``) that its paragraph never closes, which docxtpl would answer by
  deleting the paragraphs after it up to the next closing mark;
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
import threading
import zipfile
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from .._inputs import InputRefused, InputTooLarge, read_regular
from ..errors import Issue, TemplateError
from ._lint_docx import _word_findings
from ._lint_package import _bounds, _dedupe, _generic_findings, _Package
from ._lint_rules import (
    ALLOWED_FUNCTIONS,
    FETCHING_FIELDS,
    MAX_ATTRIBUTES,
    MAX_PART_BYTES,
    MAX_PARTS,
    MAX_RATIO,
    MAX_TEMPLATE_BYTES,
    MAX_TOTAL_BYTES,
    MAX_XML_PART_BYTES,
    MAX_XML_RUN,
    RATIO_FLOOR,
    TEMPLATE_NAMES,
)
from ._lint_scrub import scrub_package
from ._lint_xlsx import _excel_findings, formula_problem

__all__ = [
    "ALLOWED_FUNCTIONS",
    "FETCHING_FIELDS",
    "MAX_ATTRIBUTES",
    "MAX_PARTS",
    "MAX_PART_BYTES",
    "MAX_RATIO",
    "MAX_TEMPLATE_BYTES",
    "MAX_TOTAL_BYTES",
    "MAX_XML_PART_BYTES",
    "MAX_XML_RUN",
    "RATIO_FLOOR",
    "TEMPLATE_NAMES",
    "Lint",
    "forget_prepared",
    "formula_problem",
    "lint_template",
    "prepare_template",
    "read_template",
    "scrub_package",
]

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
        size = (f"over {MAX_TEMPLATE_BYTES // 1048576}" if exc.size is None
                else f"{exc.size / 1048576:.1f}")
        raise TemplateError([Issue(path.name, f"is {size} MB; a template is at most "
                                   f"{MAX_TEMPLATE_BYTES // 1048576} MB (compress or remove "
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


def forget_prepared() -> None:
    """Forget the templates :func:`prepare_template` remembers (benchmarks measure a first
    use as a new process has it)."""
    with _CACHE_LOCK:
        _CACHE.clear()
_CACHE_LOCK = threading.Lock()
