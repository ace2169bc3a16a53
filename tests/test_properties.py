"""Text that survives: any Unicode text, through every text field, into every document kind.

For each kind (decision proposal .docx, plan document .docx, follow-up matrix .xlsx, open-data
JSON) hypothesis fills **every** free-text field of the example plan (``iter_texts``; the plan
is first enriched so that optional texts exist too) with generated text, renders once, reads
the result back and compares it with the input after the documented normalisation:

* :func:`documented` re-implements the rule written in ``sanitize.py``'s docstring (line breaks,
  removed characters, NFC) independently, so a broken sanitiser makes these tests fail;
* block texts follow ``text.py``: a blank line separates paragraphs, lines starting with
  ``- ``/``1. `` are list items; texts are generated as known paragraphs and lists, so the
  expected paragraphs are known without calling ``parse_blocks``;
* braces are written ``{{``/``}}`` in the input (the documented escape) and expected single;
* two documented representation rules on top: a matrix cell holds a plan text stripped of
  surrounding whitespace (``followup.clean_text``), and open data's restricted HTML has one
  ``<p>`` per non-blank line.

Every field gets a unique end tag (``|k12>``, ``|k12.0>`` for a paragraph), so each value can be
found in the output; the text before the tag is arbitrary (controls, surrogates, combining
marks, RTL, emoji, markup, Jinja and docxtpl syntax, formula starts …). Which fields a kind
shows is learnt once from a render with empty texts; every field shown there must come back
exactly in every example, and every XML part must parse with a strict parser.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree
from openpyxl import load_workbook

from helpers import KEY
from yhdyspinta_docs._assets import default_template, example_plan_path
from yhdyspinta_docs._build import BuildOptions, make_decisions, make_plan_documents
from yhdyspinta_docs.contexts._decision import decision_context
from yhdyspinta_docs.contexts._localizer import capitalised
from yhdyspinta_docs.matrix._followup import COLUMNS, SHEET_DATA, SHEET_HELP, SHEET_SUMMARY
from yhdyspinta_docs.matrix._values import cell_text
from yhdyspinta_docs.matrix._write import write_matrix
from yhdyspinta_docs.plan._loader import load_plan
from yhdyspinta_docs.plan._model import PlanFile
from yhdyspinta_docs.plan._text import Loc, iter_texts
from yhdyspinta_docs.word import DocProperties, WordTemplate

# Hypothesis reports a failing example through libcst where it is installed, and libcst's
# import warns (mypy_extensions.TypedDict is deprecated); with filterwarnings=error that turns
# a failure report into an INTERNALERROR. Import it once here, quietly.
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    try:
        import hypothesis.extra._patching  # noqa: F401
    except ImportError:  # libcst not installed: nothing to report through
        pass

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
STRICT = etree.XMLParser(recover=False, resolve_entities=False)
MATRIX_DATE = dt.date(2026, 3, 2)

# -- the documented normalisation, written again from sanitize.py's docstring ------------------

_REMOVED = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def documented(text: str) -> str:
    """What every document stores for `text` (sanitize.py docstring, implemented separately)."""
    for old in ("\r\n", "\r", "\x0b", "\x0c"):
        text = text.replace(old, "\n")
    return unicodedata.normalize("NFC", _REMOVED.sub("", text))


def escape_braces(text: str) -> str:
    """The plan file's escape for literal braces (text.py): ``{`` → ``{{``, ``}`` → ``}}``."""
    return text.replace("{", "{{").replace("}", "}}")


_LIST_LINE = re.compile(r"\s*([-*•]|\d{1,3}[.)])\s")


# -- generated text ----------------------------------------------------------------------------

LINE_BREAKS = ("\n", "\r\n", "\r", "\x0b", "\x0c")
PARAGRAPH_BREAKS = ("\n\n", "\r\n\r\n", "\r\r", "\x0b\x0b", "\x0c\x0c", "\n \n", "\n\t\n",
                    "\n\n\n", "\r\n \r\n\t\r\n", "\x0b\n\x0c")
BULLETS = ("- ", "* ", "• ", "  - ", "-\t", "*  ")
NUMBERS = ("1. ", "2) ", "10. ", " 3. ", "999) ")
SNIPPETS = (
    "&", "<", ">", '"', "'", "&amp;", "&lt;", "&#x26;", "<w:t>", "</w:t>", "]]>", "<![CDATA[",
    "{{", "}}", "{", "}", "{{ x }}", "{% if %}", "{#", "#}", "{_{", "}_}", "{_%", "%_}", "%}",
    "{{r x }}", "{%p", "=", "+", "-", "@", "=SUM(A1:A3)", '=HYPERLINK("http://x","klick")',
    "+1+1", "-1", "@SUM(1)", "- ", "* ", "1. ", "\t", " ", "  ", "\u00a0", "\u202f", "\u200b",
    "\u200e", "\u200f", "\u202e", "\u2066", "\u2028", "\u2029", "\x85", "\ufeff", "\U0001F600",
    "\U0001F469\u200d\U0001F4BB", "e\u0301", "\u0301", "\u1100\u1161", "äöå", "ÄÖÅ", "שלום",
    "مرحبا", "_x0041_", "\\", "\\n", "%", "$", "§", "\x00", "\x07", "\x08", "\x1b", "\x1f",
    "\x7f", "\x9c", "\ufffe", "\uffff", "\ud800", "\udfff", "\ud83d",
)
_NO_BREAK = "\n\r\x0b\x0c"
char = st.one_of(
    st.characters(exclude_categories=(), exclude_characters=_NO_BREAK),  # any code point
    st.characters(categories=["Cc", "Cs", "Cf", "Mn", "Zs", "Co"],
                  exclude_characters=_NO_BREAK),
    st.sampled_from(SNIPPETS),
)
line = st.lists(char, max_size=10).map("".join)
"""One line: anything but a line break."""

plain_text = st.lists(st.one_of(line, st.sampled_from(LINE_BREAKS + PARAGRAPH_BREAKS)),
                      max_size=6).map("".join)
"""A single-value text (title, name …): breaks of every kind anywhere, blank lines included."""


def _not_blank(text: str) -> str:
    """A line that stays a line of its paragraph (not blank after normalisation)."""
    return text if documented(text).strip(" \t") else text + "y"


def _not_list(text: str) -> str:
    """A paragraph's first line that does not start a list."""
    return "x" + text if _LIST_LINE.match(documented(text)) else text


def _item(text: str) -> str:
    """A list item: its leading whitespace would belong to the marker."""
    return "z" + text if documented(text)[:1].isspace() else text


@dataclass(frozen=True)
class Paragraph:
    lines: tuple[str, ...]
    breaks: tuple[str, ...]


@dataclass(frozen=True)
class ItemList:
    markers: tuple[str, ...]
    items: tuple[str, ...]
    breaks: tuple[str, ...]


Unit = Paragraph | ItemList


@st.composite
def paragraphs(draw: st.DrawFn) -> Paragraph:
    lines = draw(st.lists(line.map(_not_blank), min_size=1, max_size=3))
    lines[0] = _not_list(lines[0])
    breaks = draw(st.lists(st.sampled_from(LINE_BREAKS), min_size=len(lines) - 1,
                           max_size=len(lines) - 1))
    return Paragraph(tuple(lines), tuple(breaks))


@st.composite
def item_lists(draw: st.DrawFn) -> ItemList:
    markers = draw(st.lists(st.sampled_from(draw(st.sampled_from((BULLETS, NUMBERS)))),
                            min_size=1, max_size=3))
    items = draw(st.lists(line.map(_item), min_size=len(markers), max_size=len(markers)))
    breaks = draw(st.lists(st.sampled_from(LINE_BREAKS), min_size=len(markers) - 1,
                           max_size=len(markers) - 1))
    return ItemList(tuple(markers), tuple(items), tuple(breaks))


block_text = st.tuples(
    st.lists(st.one_of(paragraphs(), item_lists()), min_size=1, max_size=3),
    st.lists(st.sampled_from(PARAGRAPH_BREAKS), min_size=2, max_size=2),
)
"""A block text (paragraphs and lists), as units and the blank lines between them."""


# -- the plan with every text field filled ----------------------------------------------------

BLOCK_FIELDS = (
    ("sopimus", "korvaa", "kuvaus"), ("sopimus", "luvut", int, "sisalto"),
    ("suunnitelma", "tiivistelma"), ("suunnitelma", "toimenpiteet", int, "kuvaus"),
    ("suunnitelma", "seurannan_periaatteet"), ("suunnitelma", "strategian_liittymapinta"),
    ("suunnitelma", "valmistelu", "kasittelyt", int, "kuvaus"),
    ("asia", "selostus", int, "sisalto", int), ("asia", "kasittely", "paatosehdotus"),
    ("osapuolet", int, "kasittely", "paatosehdotus"), ("asia", "osapuolten_paatosehdotus"),
    ("asia", "seurannan_paatosehdotus"), ("asia", "osapuolten_selostus", int, "sisalto", int),
    ("osapuolet", int, "selostus", int, "sisalto", int),
)
"""Texts split into paragraphs and lists (they go through Localizer.blocks)."""


def is_block(loc: Loc) -> bool:
    return any(len(loc) == len(p) and all(q is int and isinstance(part, int) or q == part
                                          for part, q in zip(loc, p, strict=True))
               for p in BLOCK_FIELDS)


def _enrich(data: dict[str, Any]) -> None:
    """Optional texts the example leaves out: measure details, attachments, a party's own
    handling, preparers, 'for information', a member from outside the parties."""
    plan = data["suunnitelma"]
    plan["toimenpiteet"][0].update({
        "kuvaus": "Kuvaus", "aikataulu": "2026", "mittarit": ["Mittari 1", "Mittari 2"],
        "tavoitteet": ["Tavoite"], "teema": "Teema", "vastuutahot": ["jyvaskyla", "muurame"],
        "paavastuu": "jyvaskyla", "maaraaika": "2027-06-30"})
    plan["valmistelu"]["tyoryhma"].append(
        {"nimi": "Ulla Ulkopuolinen", "nimike": "asiantuntija", "organisaatio": "Järjestö ry"})
    plan["valmistelu"]["kasittelyt"][1]["kuvaus"] = "Kokous"
    item = data["asia"]
    item["liitteet"] = [{"nimi": "Liite", "julkinen": True},
                        {"nimi": "Salainen liite", "julkinen": False}]
    item["kasittely"].update({
        "valmistelijat": [{"nimi": "Ville Valmistelija", "nimike": "erityisasiantuntija",
                           "sahkoposti": "ville@example.fi"}],
        "tiedoksi": ["Kunnat", "Maakuntaliitto"]})
    joutsa = next(p for p in data["osapuolet"] if p["tunnus"] == "joutsa")
    joutsa["kasittely"].update({
        "toimivalta": "Hallintosääntö 30 §", "paatosehdotus": "Kunnanhallitus päättää.",
        "esittelija": {"nimi": "Johtaja", "nimike": "kunnanjohtaja"},
        "tiedoksi": ["Hyvinvointialue"]})


@cache
def base_data() -> dict[str, Any]:
    data = load_plan(example_plan_path()).model_dump(by_alias=True, mode="json")
    _enrich(data)
    return data


@cache
def text_locs() -> tuple[Loc, ...]:
    return tuple(loc for loc, _ in iter_texts(PlanFile.model_validate(base_data())))


@dataclass
class Field:
    """One text field: what the plan file gets and what a reader must find."""

    loc: Loc
    value: str  # as written in the plan file (braces escaped)
    plain: str | None  # a single text's expected read-back
    paragraphs: list[str]  # a block text's expected paragraphs …
    items: list[str]  # … and list items


def plain_field(k: int, loc: Loc, text: str) -> Field:
    raw = text + f"|k{k}>"
    expected = documented(raw)
    if loc[-2:] == ("esittelija", "nimike") and expected is not None:
        expected = capitalised(expected.lstrip())  # the title starts the presenter's line
    return Field(loc, escape_braces(raw), expected, [], [])


def block_field(k: int, loc: Loc, units: list[Unit], seps: list[str]) -> Field:
    chunks, paras, items = [], [], []
    for j, unit in enumerate(units):
        if isinstance(unit, Paragraph):
            lines = [*unit.lines[:-1], unit.lines[-1] + f"|k{k}.{j}>"]
            paras.append(documented("\n".join(lines)))
        else:
            lines = [m + it + f"|k{k}.{j}.{i}>"
                     for i, (m, it) in enumerate(zip(unit.markers, unit.items, strict=True))]
            items += [documented(it + f"|k{k}.{j}.{i}>") for i, it in enumerate(unit.items)]
        chunk = lines[0]
        for brk, text in zip(unit.breaks, lines[1:], strict=True):
            chunk += brk + text
        chunks.append(chunk)
    raw = chunks[0]
    for i, chunk in enumerate(chunks[1:]):
        raw += seps[i % len(seps)] + chunk
    return Field(loc, escape_braces(raw), None, paras, items)


def fill(plains: list[str], blocks: list[tuple[list[Unit], list[str]]],
         as_mapping: bool = False) -> tuple[PlanFile, list[Field]]:
    """The enriched example with every text field replaced; field k gets the (k mod n)-th
    generated text with its own tag. `as_mapping` writes texts as ``{fi: …}``."""
    data = json.loads(json.dumps(base_data()))
    fields = []
    for k, loc in enumerate(text_locs()):
        if is_block(loc):
            units, seps = blocks[k % len(blocks)]
            f = block_field(k, loc, units, seps)
        else:
            f = plain_field(k, loc, plains[k % len(plains)])
        target = data
        for part in loc[:-1]:
            target = target[part]
        target[loc[-1]] = {"fi": f.value} if as_mapping else f.value
        fields.append(f)
    return PlanFile.model_validate(data), fields


# -- reading documents back --------------------------------------------------------------------


def zip_parts(data: bytes) -> Iterator[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        for name in z.namelist():
            yield name, z.read(name)


def strict_xml_parts(data: bytes) -> dict[str, etree._Element]:
    """Every XML part, parsed strictly (raises on the first malformed one)."""
    return {name: etree.fromstring(blob, STRICT) for name, blob in zip_parts(data)
            if name.endswith((".xml", ".rels"))}


def _paragraph_text(p: etree._Element) -> str:
    out = []
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        out.append(el.text or "" if el.tag == f"{W}t" else "\t" if el.tag == f"{W}tab"
                   else "\n")
    return "".join(out)


@dataclass
class DocxRead:
    paragraphs: list[str]
    page_breaks: int
    title: str
    subject: str


def read_docx(data: bytes) -> DocxRead:
    parts = strict_xml_parts(data)
    paras: list[str] = []
    breaks = 0
    for name, root in parts.items():
        if not (name.startswith("word/") and name.endswith(".xml")):
            continue
        for t in root.iter(f"{W}t"):
            text = t.text or ""
            if text[:1].isspace() or text[-1:].isspace():
                assert t.get(XML_SPACE) == "preserve", f"{name}: {text!r} loses its spaces"
        paras += [_paragraph_text(p) for p in root.iter(f"{W}p")]
        breaks += sum(1 for br in root.iter(f"{W}br") if br.get(f"{W}type") == "page")
    core = parts["docProps/core.xml"]
    dc = "{http://purl.org/dc/elements/1.1/}"
    title = core.find(f"{dc}title")
    subject = core.find(f"{dc}subject")
    return DocxRead(paras, breaks, "" if title is None else title.text or "",
                    "" if subject is None else subject.text or "")


def _lines(text: str) -> list[str]:
    return [t for t in text.split("\n") if t.strip()]


def read_open_data(data: bytes) -> str:
    """The record's texts as lines: each ``<p>``/``<h1>``/``<h2>`` one line, every other JSON
    string split into its non-blank lines (restricted HTML has no empty paragraphs)."""
    record = json.loads(data.decode("utf-8"))
    out: list[str] = []

    def walk(value: Any, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, key if k in ("fi", "sv") else k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key == "hypertext":
            root = etree.fromstring(f"<div>{value}</div>".encode(), STRICT)
            assert {el.tag for el in root.iterdescendants()} <= {"p", "h1", "h2"}
            for el in root.iterdescendants():
                assert len(el) == 0  # no markup inside a paragraph: the text was escaped
                out.extend(_lines(el.text or ""))
        elif isinstance(value, str):
            out.extend(_lines(value))

    walk(record)
    return "\n".join(out)


# -- the documents, made the way build makes them ---------------------------------------------


@cache
def decision_template() -> WordTemplate:
    return WordTemplate(default_template("decision"))


PARTY_WITH_OWN_HANDLING = "joutsa"
PARTY_DRAFT = "muurame"
PARTY_WITH_OWN_SECTIONS = "jyvaskyla"  # its own explanation sections (osapuolet[].selostus)


def decision_docs(pf: PlanFile) -> dict[str, bytes]:
    """The lead's proposal through build (properties, open data) and three parties' proposals:
    one with its own handling, one drafted from the house-style proposal, one with its own
    explanation sections."""
    outs = make_decisions(pf, BuildOptions(for_each_party=False))
    docs = {o.kind: o.data for o in outs}
    props = DocProperties(title="t")
    for pid in (PARTY_WITH_OWN_HANDLING, PARTY_DRAFT, PARTY_WITH_OWN_SECTIONS):
        docs[pid] = decision_template().render(decision_context(pf, pid, allow_drafts=True),
                                               properties=props)
    return docs


def plan_doc(pf: PlanFile) -> bytes:
    (doc,) = make_plan_documents(pf, BuildOptions())
    return doc.data


def matrices(pf: PlanFile) -> dict[str, bytes]:
    return {"coordinator": write_matrix(pf, key=KEY, date=MATRIX_DATE).data,
            PARTY_DRAFT: write_matrix(pf, key=KEY, party=PARTY_DRAFT, date=MATRIX_DATE).data}


def xlsx_texts(data: bytes) -> list[str]:
    wb = load_workbook(io.BytesIO(data))
    # as Excel shows them: a text the package wrote with an escaped `_xHHHH_` shows as typed
    cells = [str(cell_text(c.value)) for ws in wb.worksheets for row in ws.iter_rows()
             for c in row if isinstance(c.value, str)]
    return [*cells, wb.properties.title or ""]


# -- which fields each kind shows: learnt from a render with empty texts ----------------------


def _shown(text: str, k: int) -> bool:
    return f"|k{k}>" in text or f"|k{k}." in text


@cache
def baseline() -> tuple[tuple[PlanFile, list[Field]], dict[str, set[int]], dict[str, int]]:
    filled = fill([""], [([Paragraph(("",), ())], ["\n\n"])])
    pf, fields = filled
    texts: dict[str, str] = {}
    page_breaks: dict[str, int] = {}
    for name, data in decision_docs(pf).items():
        if name == "opendata":
            texts[name] = read_open_data(data)
        else:
            read = read_docx(data)
            texts[name] = "\n".join(read.paragraphs)
            page_breaks[name] = read.page_breaks
    read = read_docx(plan_doc(pf))
    texts["plan"], page_breaks["plan"] = "\n".join(read.paragraphs), read.page_breaks
    for name, data in matrices(pf).items():
        texts[f"xlsx-{name}"] = "\n".join(xlsx_texts(data))
    shown = {name: {k for k in range(len(fields)) if _shown(text, k)}
             for name, text in texts.items()}
    return filled, shown, page_breaks


NOT_SHOWN = {
    ("alue",): "the region is in the plan context but no template prints it",
    ("paatokset",): "the recorded decisions: the minutes extracts and the approval summary "
    "show them (tests/contexts/test_approvals.py)",
    ("sopimus", "korvaa", "hyvaksytty_ajankohta"): "no context uses it",
    ("asia", "seurannan_paatosehdotus"): "only the follow-up report shows it",
}
"""Fields no document of these kinds shows (besides bodies of parties not rendered here)."""


def test_every_text_field_is_shown_by_some_document_kind() -> None:
    (pf, fields), shown, _ = baseline()
    seen = {fields[k].loc for k in set().union(*shown.values())}
    # a body's name shows where the body decides (the proposals rendered here) or approved
    deciding = {(p.id, p.handling.body) for p in pf.parties if p.handling is not None}
    deciding |= {(PARTY_DRAFT, "hallitus"), (pf.item.handling.party, pf.item.handling.body)}
    deciding |= {(a.party, a.body) for a in pf.agreement.approvals}
    bodies = {("osapuolet", i, "toimielimet", j, "nimi"): (p.id, b.id)
              for i, p in enumerate(pf.parties) for j, b in enumerate(p.bodies)}
    expected = {f.loc for f in fields if not any(f.loc[:len(n)] == n for n in NOT_SHOWN)
                and (f.loc not in bodies or bodies[f.loc] in deciding)}
    assert expected - seen == set()
    assert len(expected) > 60 and len(fields) > 120  # the enrichment worked
    for name in ("decision", "opendata", PARTY_WITH_OWN_HANDLING, PARTY_DRAFT, "plan",
                 "xlsx-coordinator", f"xlsx-{PARTY_DRAFT}"):
        assert len(shown[name]) >= 10, name


# -- the properties ----------------------------------------------------------------------------

texts = st.tuples(st.lists(plain_text, min_size=1, max_size=4),
                  st.lists(block_text, min_size=1, max_size=3), st.booleans())

REGRESSIONS = [
    # docxtpl turned "{_{", "}_}", "{_%", "%_}" in values into "{{", "}}", "{%", "%}"
    (["a {_{ b }_} c {_% d %_} e"], [([Paragraph(("x {_{ y %_}",), ())], ["\n\n", "\n\n"])],
     False),
    # two blank lines left a line break at the start of the next paragraph, and a list after
    # them was not a list
    ([" x\n\n\ny"], [([Paragraph(("p",), ()), ItemList(("- ", "- "), ("a", "b"), ("\n",))],
                        ["\n\n\n", "\n \n\t\n"])], True),
    # the matrix wrote plan texts unsanitised (a lone surrogate crashed the save) and with
    # "{{" for a brace; formula-looking text stays text
    (["=SUM(A1:A3)\ud800 {x}\x00", "+1", "@x", "-1"],
     [([Paragraph(("a", "b"), ("\x0b",))], ["\n\n", "\n\n"])], False),
]


def regressions(test: Callable[..., None]) -> Callable[..., None]:
    for generated in REGRESSIONS:
        test = example(generated)(test)
    return test


def _expect_docx(read: DocxRead, fields: list[Field], shown: set[int], where: str) -> None:
    paragraphs = set(read.paragraphs)
    for k in shown:
        f = fields[k]
        if f.plain is not None:
            assert any(f.plain in p for p in read.paragraphs), (where, f.loc, f.plain)
        for para in f.paragraphs + f.items:
            assert para in paragraphs, (where, f.loc, para)


CORE_PROPERTIES = {  # document kind: the fields that are its title and subject
    "decision": (("asia", "otsikko"), ("suunnitelma", "nimi")),
    "plan": (("suunnitelma", "nimi"), ("sopimus", "nimi")),
}


def _check_docx_kind(kinds: Callable[[PlanFile], dict[str, bytes]],
                     generated: tuple[list[str], list[Any], bool]) -> None:
    _, shown, page_breaks = baseline()
    pf, fields = fill(*generated)
    for name, data in kinds(pf).items():
        if name == "opendata":
            continue
        read = read_docx(data)
        _expect_docx(read, fields, shown[name], name)
        assert read.page_breaks == page_breaks[name], f"{name}: unrequested page break"
        # title and subject are set after rendering, never through Jinja (not a template)
        if name in CORE_PROPERTIES:
            title, subject = (fields[text_locs().index(loc)].plain
                              for loc in CORE_PROPERTIES[name])
            # the decision's title is "<meeting>: <item title>", the plan's its name
            assert read.title is not None and read.title.endswith(title or ""), name
            assert read.subject == subject, name


def _check_open_data(generated: tuple[list[str], list[Any], bool]) -> None:
    _, shown, _ = baseline()
    pf, fields = fill(*generated)
    (out,) = [o for o in make_decisions(pf, BuildOptions()) if o.kind == "opendata"]
    text = read_open_data(out.data)
    for k in shown["opendata"]:
        f = fields[k]
        for expected in ([f.plain] if f.plain is not None else []) + f.paragraphs + f.items:
            assert "\n".join(_lines(expected)) in text, (f.loc, expected)


FORMULA_START = ("=", "+", "-", "@")


def _check_matrix(generated: tuple[list[str], list[Any], bool]) -> None:
    _, shown, _ = baseline()
    pf, fields = fill(*generated)
    by_loc = {f.loc: f for f in fields}
    for name, data in matrices(pf).items():
        parts = strict_xml_parts(data)
        for part, root in parts.items():  # no generated text ever becomes a formula
            for f_el in root.iter("{*}f"):
                assert "|k" not in (f_el.text or ""), (part, f_el.text)
        wb = load_workbook(io.BytesIO(data))
        ws = wb[SHEET_DATA]
        head = {c.value: c.column for c in ws[1]}
        col = {c.field: head[c.header] for c in COLUMNS if c.header in head}
        rows = 0
        for r in range(2, ws.max_row + 1):
            key = ws.cell(r, col["key"]).value
            if not key:
                continue
            rows += 1
            measure_id, party_id = key.split("/")
            i = next(i for i, m in enumerate(pf.plan.measures) if m.id == measure_id)
            j = next(j for j, p in enumerate(pf.parties) if p.id == party_id)
            # plan texts in the matrix are row values: stripped like typed-in text
            # (followup.clean_text), so blank lines around a title do not make a tall row
            title = by_loc[("suunnitelma", "toimenpiteet", i, "otsikko")].plain or ""
            party = by_loc[("osapuolet", j, "nimi")].plain or ""
            for fld, expected in (("measure", title.strip()), ("party", party.strip())):
                cell = ws.cell(r, col[fld])
                assert (cell_text(cell.value), cell.data_type) == (expected, "s"), (
                    name, key, fld)
                if expected and expected.startswith(FORMULA_START):
                    assert cell.quotePrefix, (name, key, fld)
        party_id = None if name == "coordinator" else name
        assert rows == sum(1 for m in pf.plan.measures for p in pf.responsible_parties(m)
                           if party_id in (None, p.id))
        summary_names = {cell_text(c.value) for c in wb[SHEET_SUMMARY]["A"]}
        texts = xlsx_texts(data)
        for k in shown[f"xlsx-{name}"]:
            f = fields[k]
            assert f.plain is not None and any(f.plain.strip() in t for t in texts), (name, f.loc)
            if f.loc[0] == "osapuolet" and f.loc[2] == "nimi" and name == "coordinator":
                assert f.plain.strip() in summary_names
        plan_name = by_loc[("suunnitelma", "nimi")].plain
        assert plan_name is not None
        assert plan_name in (wb.properties.title or "")
        assert any(plan_name in str(cell_text(c.value)) for row in wb[SHEET_HELP].iter_rows()
                   for c in row if isinstance(c.value, str))


CHECKS: dict[str, Callable[[tuple[list[str], list[Any], bool]], None]] = {
    "decision": lambda generated: _check_docx_kind(decision_docs, generated),
    "plan": lambda generated: _check_docx_kind(lambda pf: {"plan": plan_doc(pf)}, generated),
    "opendata": _check_open_data,
    "matrix": _check_matrix,
}
"""Each document kind's check: every text field it shows comes back as documented."""


@pytest.mark.parametrize("kind", CHECKS)
@pytest.mark.parametrize("case", range(len(REGRESSIONS)))
def test_known_hard_texts_survive_in_every_kind(kind: str, case: int) -> None:
    """The texts that once broke a document kind, in the default run (a second each); the
    generated runs below are the slow part."""
    CHECKS[kind](REGRESSIONS[case])


# The generated runs take about a quarter of a second per example; with the "ci" profile's
# 300 examples that is minutes each, so they run with `-m slow` (.ci/run:
# HYPOTHESIS_PROFILE=ci python -m pytest -m slow). The profile sets how many examples.


@pytest.mark.slow
@given(texts)
@regressions
def test_decision_proposals_keep_every_text(generated: tuple[list[str], list[Any], bool]
                                            ) -> None:
    CHECKS["decision"](generated)


@pytest.mark.slow
@given(texts)
@regressions
def test_plan_document_keeps_every_text(generated: tuple[list[str], list[Any], bool]) -> None:
    CHECKS["plan"](generated)


@pytest.mark.slow
@given(texts)
@regressions
def test_open_data_keeps_every_text(generated: tuple[list[str], list[Any], bool]) -> None:
    CHECKS["opendata"](generated)


@pytest.mark.slow
@given(texts)
@regressions
def test_matrix_keeps_every_text_as_text(generated: tuple[list[str], list[Any], bool]) -> None:
    CHECKS["matrix"](generated)


# -- the oracle itself --------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    ("a\r\nb\rc\x0bd\x0ce", "a\nb\nc\nd\ne"),
    ("a\x00b\x08c\x0ed\x1fe\ufffef\uffffg\ud800h", "abcdefgh"),
    ("\t\u00a0\U0001F600\u202e", "\t\u00a0\U0001F600\u202e"),
    ("e\u0301", "é"),
])
def test_documented_normalisation(raw: str, expected: str) -> None:
    from yhdyspinta_docs._sanitize import sanitize_text

    assert documented(raw) == expected == sanitize_text(raw)


@given(st.text(st.characters(codec=None, exclude_categories=()), max_size=40)
       | st.lists(st.sampled_from(["a", "ä", "a\u0308", "\r", "\n", "\x0b", "\x00", "\ud800",
                                   "\ufffe", "\t", "Å", "\u212b", " "]), max_size=12).map("".join))
@example("\u212b")  # Angstrom sign: printable, no control character, not NFC
def test_sanitize_text_is_the_documented_normalisation(raw: str) -> None:
    """Any text, whether or not it takes the shortcut for text that needs no change."""
    from yhdyspinta_docs._sanitize import sanitize_text

    assert sanitize_text(raw) == documented(raw)


def test_generated_block_texts_parse_as_expected() -> None:
    """The generator's paragraphs and lists are what parse_blocks makes of the text."""
    from yhdyspinta_docs.contexts._blocks import parse_blocks
    from yhdyspinta_docs.plan._text import expand_references

    units: list[Unit] = [Paragraph(("- a", " b"), ("\r\n",)), ItemList(("1. ", "2) "),
                                                                       ("x", "y"), ("\x0b",))]
    f = block_field(7, ("x",), units, ["\n\n\n"])
    blocks = parse_blocks(expand_references(f.value, lambda r: r))
    assert blocks[0] == {"kind": "paragraph", "text": f.paragraphs[0]}
    assert blocks[1]["items"] == f.items == ["x|k7.1.0>", "y|k7.1.1>"]

