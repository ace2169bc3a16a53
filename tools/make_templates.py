#!/usr/bin/env python3
"""A documented one-off: how the first default Word templates ``decision.docx``, ``plan.docx``
and ``report.docx`` were made. No test depends on it.

The committed templates under ``templates/`` are the source of the documents: restyle them in
Word or LibreOffice like any document (docs/templates.md). Running this script again
would replace them with its own layout and lose every change made in them since (the committed
files have been edited since this script made them), so it writes only to a folder you name;
it is kept as a record of how the layout was built and as a start for a new template.

Run from the repository root::

    python tools/make_templates.py --outdir /tmp/first   # decision.docx, plan.docx, report.docx

The templates share one base (:func:`base_document`: package clean-up, styles, numbering,
page setup) and one header block (:func:`build_headers`); each adds its own body. The plan
template (the attachment "Liite" to the decision) and the follow-up report also have a
data-table style; the report has a figure style for its status chart.

Each template is built from python-docx's default document, cleaned up:

* no "python-docx" author, no 2013 dates, no thumbnail, no customXml, no stylesWithEffects;
* Finnish as the document language (``w:lang`` in the styles.xml docDefaults);
* Arial in styles, theme and font table (LibreOffice uses the metric-compatible
  Liberation Sans, so Word and LibreOffice break lines and pages alike);
* only black text; table styles reduced to "Normal Table" and "Table Grid".

Layout follows SFS 2487:2024 (the Finnish standard for the layout of documents): A4, margins
left 20 / bottom 20 / top 10 / right 10 mm, a 23 mm basic column (body indent and the
label column), the basic metadata block at 92 mm, the page number "1 (2)" at the right
edge (180 mm), max. three heading levels hanging at the left margin.

The Jinja markup uses the template contexts documented in docs/templates.md. Every
``{%p ... %}`` tag stands alone in its own paragraph (docxtpl removes that paragraph), so a
secretary can read the template top to bottom in Word, one instruction per paragraph.

The output is deterministic (fixed zip timestamps and member order) for one python-docx
release.
"""

from __future__ import annotations

import argparse
import copy
import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Twips
from docx.text.paragraph import Paragraph
from lxml import etree

REPO = Path(__file__).resolve().parent.parent
COMMITTED_DIR = (REPO / "templates").resolve()
DECISION_TITLE = "Päätösehdotus (asiakirjapohja)"
PLAN_TITLE = "Yhdyspintasuunnitelma (asiakirjapohja)"
REPORT_TITLE = "Seurantaraportti (asiakirjapohja)"

# --- layout constants (twips: 1 mm = 1440 / 25.4 twips) -------------------------------------

FONT = "Arial"  # LibreOffice substitutes the metric-compatible Liberation Sans
FONT_ALT = "Liberation Sans"
LANG = "fi-FI"


def twips(mm: float) -> int:
    """Millimetres to twentieths of a point."""
    return round(mm * 1440 / 25.4)


PAGE_W, PAGE_H = 210, 297  # A4
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 20, 10, 10, 20
HEADER_DISTANCE = 10
TEXT_WIDTH = twips(PAGE_W - MARGIN_LEFT - MARGIN_RIGHT)  # 180 mm
META_TAB_MM = 92  # basic metadata block, 4 x 23 mm
LIST_HANG_MM = 7  # list marker at the body column, text 7 mm further in

SPACE_AFTER = 200  # 10 pt (SFS: >= 10 pt, no blank paragraphs)
LINE_115 = 276  # 1.15 line spacing (240 = single)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS = {"w": W_NS, "a": A_NS}

STRICT = etree.XMLParser(resolve_entities=False, remove_blank_text=False)

# Styles kept from the default template besides the ones configured below (the rest of the
# 100 decorative table styles and some list variants are removed).
KEEP_TABLE_STYLES = {"TableNormal", "TableGrid"}
DROP_STYLES = {"ListNumber2", "ListNumber3", "ListBullet2", "ListBullet3"}


# --- small XML helpers ------------------------------------------------------------------------


def w(tag: str) -> str:
    return qn(f"w:{tag}")


def el(tag: str, attrs: dict[str, str] | None = None, *children: etree._Element) -> etree._Element:
    """Build ``<w:tag w:attr=...>children</w:tag>``."""
    node = OxmlElement(f"w:{tag}")
    for key, value in (attrs or {}).items():
        node.set(qn(key) if ":" in key else w(key), value)
    for child in children:
        node.append(child)
    return node


def set_child(parent: etree._Element, child: etree._Element, order: Sequence[str]) -> None:
    """Replace (or insert) `child` in `parent`, respecting the schema order `order`."""
    for old in parent.findall(child.tag):
        parent.remove(old)
    tag = etree.QName(child).localname
    position = order.index(tag)
    later = {w(t) for t in order[position + 1 :]}
    for index, existing in enumerate(parent):
        if existing.tag in later:
            parent.insert(index, child)
            return
    parent.append(child)


PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
    "rPr sectPr pPrChange"
).split()
RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
).split()
STYLE_ORDER = (
    "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed "
    "qFormat locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr"
).split()
SECTPR_ORDER = (
    "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
    "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter "
    "docGrid printerSettings sectPrChange"
).split()


def fonts_el() -> etree._Element:
    return el("rFonts", {"ascii": FONT, "hAnsi": FONT, "eastAsia": FONT, "cs": FONT})


def lang_el() -> etree._Element:
    # the Finnish Word defaults: Finnish text, en-US for East Asian, ar-SA for bidi scripts
    return el("lang", {"val": LANG, "eastAsia": "en-US", "bidi": "ar-SA"})


# --- package clean-up -----------------------------------------------------------------------


def drop_rels(rels: dict[str, object], reltypes: Iterable[str]) -> None:
    wanted = set(reltypes)
    for rId in [rId for rId, rel in rels.items() if getattr(rel, "reltype", None) in wanted]:
        del rels[rId]


def clean_package(doc: DocumentObject, title: str) -> None:
    """Remove the thumbnail, customXml and stylesWithEffects; neutral core/app properties."""
    drop_rels(doc.part.package.rels, [RT.THUMBNAIL])
    drop_rels(
        doc.part.rels,
        [RT.CUSTOM_XML, "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"],
    )

    core = doc.core_properties
    for name in ("author", "subject", "keywords", "comments", "category"):
        setattr(core, name, "")
    # -- a title, so the template itself passes the accessibility check; every render
    #    replaces it with the document's own title --
    core.title = title
    core.last_modified_by = ""
    core.revision = 1
    core_el = doc.part.package.core_properties._element  # noqa: SLF001 (no public API)
    for tag in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
        for node in core_el.findall(qn(tag)):
            core_el.remove(node)

    app = next(p for p in doc.part.package.iter_parts() if p.partname == "/docProps/app.xml")
    app._blob = (  # noqa: SLF001 (generic part: only the blob is settable)
        b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/docPropsVTypes"><Template>Normal.dotm</Template>'
        b"<Application>yhdyspinta-docs</Application><DocSecurity>0</DocSecurity>"
        b"<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
        b"<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
        b"</Properties>"
    )


def clean_settings(doc: DocumentObject) -> None:
    settings = doc.settings.element
    for tag in ("savePreviewPicture", "rsids", "proofState", "attachedTemplate"):
        for node in settings.findall(w(tag)):
            settings.remove(node)
    # the basic column as default tab stop: a label longer than 23 mm pushes its value to the
    # next grid position (46 mm) instead of an arbitrary 12.5 mm multiple
    settings.find(w("defaultTabStop")).set(w("val"), str(twips(23)))
    settings.find(w("themeFontLang")).attrib.clear()
    settings.find(w("themeFontLang")).set(w("val"), LANG)
    settings.find(w("decimalSymbol")).set(w("val"), ",")
    settings.find(w("listSeparator")).set(w("val"), ";")
    # the schema requires a zoom's percent (python-docx's default document leaves it out)
    for zoom in settings.findall(w("zoom")):
        zoom.set(w("percent"), "100")
    compat = settings.find(w("compat"))
    for setting in compat.findall(w("compatSetting")):
        if setting.get(w("name")) == "compatibilityMode":
            setting.set(w("val"), "15")  # Word 2013+ layout


def clean_theme_and_fonts(doc: DocumentObject) -> None:
    theme = doc.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob, STRICT)
    for latin in root.iterfind(".//a:fontScheme/*/a:latin", NS):
        latin.set("typeface", FONT)
    font_scheme = root.find(".//a:fontScheme", NS)
    font_scheme.set("name", "yhdyspinta-docs")
    theme._blob = etree.tostring(  # noqa: SLF001
        root, xml_declaration=True, encoding="UTF-8", standalone=True
    )

    font_table = doc.part.part_related_by(RT.FONT_TABLE)
    font_table._blob = (  # noqa: SLF001
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f"<w:fonts {nsdecls('w')}>"
        f'<w:font w:name="{FONT}"><w:altName w:val="{FONT_ALT}"/>'
        '<w:panose1 w:val="020B0604020202020204"/><w:charset w:val="00"/>'
        '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
        '<w:font w:name="Times New Roman"><w:altName w:val="Liberation Serif"/>'
        '<w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>'
        '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
        "</w:fonts>"
    ).encode()


# --- numbering ------------------------------------------------------------------------------

NUM_LIST_NUMBER = 1
NUM_LIST_BULLET = 2


def numbering_xml(body_indent: int) -> bytes:
    """Two list definitions: decimal "1." and bullet "•", marker at the body column."""
    hang = twips(LIST_HANG_MM)

    def levels(kind: str, style_id: str) -> str:
        out = []
        for ilvl in range(9):
            left = body_indent + hang * (ilvl + 1)
            if kind == "decimal":
                fmt, text = "decimal", f"%{ilvl + 1}."
            else:
                fmt, text = "bullet", "•" if ilvl % 2 == 0 else "–"
            pstyle = f'<w:pStyle w:val="{style_id}"/>' if ilvl == 0 else ""
            out.append(
                f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'{pstyle}<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{left}"/></w:tabs>'
                f'<w:ind w:left="{left}" w:hanging="{hang}"/></w:pPr>'
                f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/></w:rPr>'
                "</w:lvl>"
            )
        return "".join(out)

    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f"<w:numbering {nsdecls('w')}>"
        '<w:abstractNum w:abstractNumId="0"><w:nsid w:val="59A10001"/>'
        '<w:multiLevelType w:val="multilevel"/>'
        f"{levels('decimal', 'ListNumber')}</w:abstractNum>"
        '<w:abstractNum w:abstractNumId="1"><w:nsid w:val="59A10002"/>'
        '<w:multiLevelType w:val="multilevel"/>'
        f"{levels('bullet', 'ListBullet')}</w:abstractNum>"
        f'<w:num w:numId="{NUM_LIST_NUMBER}"><w:abstractNumId w:val="0"/></w:num>'
        f'<w:num w:numId="{NUM_LIST_BULLET}"><w:abstractNumId w:val="1"/></w:num>'
        "</w:numbering>"
    ).encode()


def install_numbering(doc: DocumentObject, body_indent: int) -> None:
    part = doc.part.numbering_part
    part._element = parse_xml(numbering_xml(body_indent))  # noqa: SLF001


# --- styles ---------------------------------------------------------------------------------


def style_el(root: etree._Element, style_id: str) -> etree._Element:
    found = root.find(f"w:style[@w:styleId='{style_id}']", NS)
    if found is None:
        raise KeyError(style_id)
    return found


def new_style(
    root: etree._Element, style_id: str, name: str, based_on: str, alias: str
) -> etree._Element:
    style = el(
        "style",
        {"type": "paragraph", "customStyle": "1", "styleId": style_id},
        el("name", {"val": name}),
        el("aliases", {"val": alias}),
        el("basedOn", {"val": based_on}),
        el("uiPriority", {"val": "10"}),
        el("qFormat"),
    )
    root.append(style)
    return style


def configure(
    style: etree._Element,
    *,
    ppr: Sequence[etree._Element] = (),
    rpr: Sequence[etree._Element] = (),
    reset: bool = False,
) -> None:
    """Set paragraph/run properties of `style`; `reset` drops the inherited direct ones."""
    for tag in ("pPr", "rPr"):
        node = style.find(w(tag))
        if node is None:
            node = el(tag)
            set_child(style, node, STYLE_ORDER)
        elif reset:
            for child in list(node):
                node.remove(child)
    p_pr, r_pr = style.find(w("pPr")), style.find(w("rPr"))
    for child in ppr:
        set_child(p_pr, child, PPR_ORDER)
    for child in rpr:
        set_child(r_pr, child, RPR_ORDER)
    for tag in ("pPr", "rPr"):
        node = style.find(w(tag))
        if node is not None and len(node) == 0:
            style.remove(node)


def spacing(before: int = 0, after: int = SPACE_AFTER, line: int = LINE_115) -> etree._Element:
    return el(
        "spacing",
        {"before": str(before), "after": str(after), "line": str(line), "lineRule": "auto"},
    )


def tabs(*stops: tuple[str, int]) -> etree._Element:
    return el("tabs", {}, *(el("tab", {"val": kind, "pos": str(pos)}) for kind, pos in stops))


def size(half_points: int) -> list[etree._Element]:
    return [el("sz", {"val": str(half_points)}), el("szCs", {"val": str(half_points)})]


def clean_styles(doc: DocumentObject, body_indent: int) -> None:
    root = doc.styles.element

    # document defaults: Arial 11 pt, Finnish, 1.15 lines, 10 pt after
    rpr_default = root.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    for child in list(rpr_default):
        rpr_default.remove(child)
    for child in (fonts_el(), *size(22), lang_el()):
        set_child(rpr_default, child, RPR_ORDER)
    ppr_default = root.find("w:docDefaults/w:pPrDefault/w:pPr", NS)
    for child in list(ppr_default):
        ppr_default.remove(child)
    ppr_default.append(spacing())

    # decorative table styles and list variants whose numbering no longer exists
    for style in root.findall("w:style", NS):
        sid = style.get(w("styleId"))
        is_table = style.get(w("type")) == "table"
        if (is_table and sid not in KEEP_TABLE_STYLES) or sid in DROP_STYLES:
            root.remove(style)
    # black on white: no theme colours, no theme fonts in any remaining style
    for node in root.iter(w("color")):
        node.getparent().remove(node)
    for node in list(root.iter(w("rFonts"))):
        if any(k.endswith("Theme") for k in map(str, node.attrib)):
            node.getparent().remove(node)
    for node in list(root.iter(w("rsid"))):
        node.getparent().remove(node)

    normal = style_el(root, "Normal")
    configure(normal, ppr=[el("widowControl")])

    configure(
        style_el(root, "BodyText"),
        reset=True,
        ppr=[spacing(), el("ind", {"left": str(body_indent)})],
    )

    heading_sizes = {1: 28, 2: 24, 3: 22}  # body 11 pt; main title 3 pt larger
    heading_spacing = {1: (360, 200), 2: (320, 120), 3: (280, 100)}
    for level, half_points in heading_sizes.items():
        before, after = heading_spacing[level]
        configure(
            style_el(root, f"Heading{level}"),
            reset=True,
            ppr=[
                el("keepNext"),
                el("keepLines"),
                spacing(before, after),
                el("ind", {"left": "0", "firstLine": "0"}),
                el("outlineLvl", {"val": str(level - 1)}),
            ],
            rpr=[el("b"), el("bCs"), *size(half_points)],
        )
        # Enter after a heading continues in body text, as in a real agenda item
        set_child(style_el(root, f"Heading{level}"), el("next", {"val": "BodyText"}), STYLE_ORDER)
        char_style = root.find(f"w:style[@w:styleId='Heading{level}Char']", NS)
        if char_style is not None:
            configure(char_style, reset=True, rpr=[el("b"), el("bCs"), *size(half_points)])

    configure(
        style_el(root, "Title"),
        reset=True,
        ppr=[el("keepNext"), spacing(0, SPACE_AFTER, 240)],
        rpr=[el("b"), el("bCs"), *size(28)],
    )
    title_char = root.find("w:style[@w:styleId='TitleChar']", NS)
    if title_char is not None:
        configure(title_char, reset=True, rpr=[el("b"), el("bCs"), *size(28)])

    for style_id, num_id in (("ListNumber", NUM_LIST_NUMBER), ("ListBullet", NUM_LIST_BULLET)):
        configure(
            style_el(root, style_id),
            reset=True,
            ppr=[
                el("numPr", {}, el("numId", {"val": str(num_id)})),
                spacing(),
                el("contextualSpacing"),
            ],
        )

    meta_tabs = tabs(("left", twips(META_TAB_MM)), ("right", TEXT_WIDTH))
    for style_id in ("Header", "Footer"):
        configure(
            style_el(root, style_id),
            reset=True,
            ppr=[copy.deepcopy(meta_tabs), spacing(0, 0, 240)],
        )

    label_row = new_style(root, "LabelRow", "Label Row", "Normal", "Nimiörivi")
    configure(
        label_row,
        ppr=[
            tabs(("left", body_indent)),
            spacing(),
            el("ind", {"left": str(body_indent), "hanging": str(body_indent)}),
        ],
    )
    lines = new_style(root, "Lines", "Lines", "BodyText", "Rivit")
    configure(lines, ppr=[el("contextualSpacing")])
    metadata = new_style(root, "MetadataBlock", "Metadata Block", "Normal", "Perustiedot")
    configure(metadata, ppr=[copy.deepcopy(meta_tabs), el("keepNext"), spacing(0, 0, 240)])
    # the paragraph after the block is Heading 1 (18 pt before): no blank line needed


# --- page setup, header ---------------------------------------------------------------------


def page_setup(doc: DocumentObject) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_W), Mm(PAGE_H)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT), Mm(MARGIN_RIGHT)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP), Mm(MARGIN_BOTTOM)
    section.header_distance = section.footer_distance = Mm(HEADER_DISTANCE)
    section.gutter = 0
    sect_pr = section._sectPr  # noqa: SLF001
    for attr in ("rsidR", "rsidRPr", "rsidSect"):
        sect_pr.attrib.pop(w(attr), None)
    set_child(sect_pr, el("cols", {"space": str(twips(12.5))}), SECTPR_ORDER)
    # no character grid: lines follow the line spacing of the styles only
    for node in sect_pr.findall(w("docGrid")):
        sect_pr.remove(node)
    section.different_first_page_header_footer = True


# --- paragraph builder ----------------------------------------------------------------------

TAB = "\t"
BR = "\n"


class Bold(str):
    """A run in bold."""


class Field(str):
    """A complex field (PAGE, NUMPAGES) with a cached result of 1."""


def add_field(paragraph: Paragraph, instruction: str) -> None:
    p = paragraph._p  # noqa: SLF001
    for kind in ("begin", "instr", "separate", "result", "end"):
        run = el("r")
        if kind == "instr":
            text = el("instrText", {"xml:space": "preserve"})
            text.text = f" {instruction} "
            run.append(text)
        elif kind == "result":
            text = el("t")
            text.text = "1"
            run.append(text)
        else:
            run.append(el("fldChar", {"fldCharType": kind}))
        p.append(run)


def fill(paragraph: Paragraph, parts: Sequence[str]) -> Paragraph:
    for part in parts:
        if isinstance(part, Field):
            add_field(paragraph, str(part))
        elif part == BR:
            paragraph.add_run().add_break(WD_BREAK.LINE)
        else:
            run = paragraph.add_run(str(part))  # "\t" becomes <w:tab/>
            if isinstance(part, Bold):
                run.bold = True
    return paragraph


def page_number() -> list[str]:
    return [Field("PAGE"), " (", Field("NUMPAGES"), ")"]


class Body:
    """Appends template paragraphs to the document body, one call per Word paragraph."""

    def __init__(self, doc: DocumentObject) -> None:
        self.doc = doc

    def p(self, style: str, *parts: str) -> Paragraph:
        return fill(self.doc.add_paragraph(style=style), parts)

    def table(self, tbl: etree._Element) -> None:
        self.doc.element.body.sectPr.addprevious(tbl)

    def tag(self, statement: str) -> None:
        """A docxtpl paragraph tag ``{%p statement %}``, alone in its paragraph (docxtpl deletes the
        paragraph)."""
        self.doc.add_paragraph(f"{{%p {statement} %}}", style="Normal")

    def shown_if(self, condition: str, style: str, *parts: str) -> None:
        """A paragraph that the document has only when `condition` holds."""
        self.tag(f"if {condition}")
        self.p(style, *parts)
        self.tag("endif")

    def each(self, source: str, style: str) -> None:
        """A paragraph of `style` for each text of the list `source`."""
        self.tag(f"for text in {source}")
        self.p(style, "{{ text }}")
        self.tag("endfor")

    def blocks(self, source: str) -> None:
        """The loop over a list of blocks (paragraph / lines / ordered or bullet list)."""
        self.tag(f"for b in {source}")
        self.tag("if b.kind == 'paragraph'")
        self.p("Body Text", "{{ b.text }}")
        self.tag("elif b.kind == 'lines'")
        self.tag("for line in b['items']")
        self.p("Lines", "{{ line }}")
        self.tag("endfor")
        self.tag("elif b.ordered")
        self.tag("for item in b['items']")
        self.p("List Number", "{{ item }}")
        self.tag("endfor")
        self.tag("else")
        self.tag("for item in b['items']")
        self.p("List Bullet", "{{ item }}")
        self.tag("endfor")
        self.tag("endif")
        self.tag("endfor")


def metadata_line() -> list[str]:
    """Line 1 of the basic metadata block: organisation, document type, page "1 (2)"."""
    return [Bold("{{ organisation }}"), TAB, Bold("{{ doc_type }}"), TAB, *page_number()]


def decision_header_lines() -> list[list[str]]:
    return [
        metadata_line(),
        ["{{ body }}", TAB, "{{ date }}"],
        [Bold("{% if draft %}{{ labels.draft }}{% endif %}"), TAB, "{{ dnro }}"],
    ]


def plan_header_lines() -> list[list[str]]:
    # no deciding body, record number or draft mark: the plan is an attachment
    return [metadata_line(), [TAB, "{{ date }}"]]


def build_headers(doc: DocumentObject, lines: Sequence[Sequence[str]]) -> None:
    """An empty page-1 header; from page 2 on, `lines` (the basic metadata block) repeat."""
    section = doc.sections[0]
    # Page 1: the metadata block is body text (SFS 2487 4.3); the page-1 header stays empty.
    first = section.first_page_header
    first.is_linked_to_previous = False
    first.paragraphs[0].style = doc.styles["Header"]

    # From page 2 on the basic metadata block repeats as the page header.
    header = section.header
    header.is_linked_to_previous = False
    first_paragraph = header.paragraphs[0]
    first_paragraph.style = doc.styles["Header"]
    fill(first_paragraph, lines[0])
    for parts in lines[1:]:
        fill(header.add_paragraph(style="Header"), parts)
    # distance between the header block and the body text
    header.paragraphs[-1].paragraph_format.space_after = Mm(6)


def history_and_preparers(b: Body, sep: str = TAB) -> None:
    """The item's earlier handling and its preparers (decision proposal, minutes extract);
    `sep` between a label and its value (a tab, or a line break: label above value)."""
    b.shown_if("history", "Label Row", "{{ labels.previous }}", BR, "{{ history|join('\\n') }}")
    b.shown_if("preparers", "Label Row", "{{ labels.preparer }}", sep,
               "{{ preparers|join('\\n') }}")


def explanation(b: Body, sep: str = TAB) -> None:
    """The explanation's sections, then who decides and who presents (decision proposal,
    minutes extract)."""
    b.shown_if("explanation", "Heading 2", "{{ labels.explanation }}")
    b.tag("for s in explanation")
    b.tag("if s.heading and s.level == 3")
    b.p("Heading 3", "{{ s.heading }}")
    b.tag("elif s.heading")
    b.p("Heading 2", "{{ s.heading }}")
    b.tag("endif")
    b.blocks("s.blocks")
    b.tag("endfor")
    b.shown_if("competence", "Label Row", "{{ labels.competence }}", sep, "{{ competence }}")
    b.shown_if("presenter", "Label Row", "{{ labels.presenter }}", sep, "{{ presenter }}")


def attachments_and_for_information(b: Body, sep: str = TAB) -> None:
    """Area 8's lists: attachments and who gets the decision for information."""
    b.shown_if("attachments", "Label Row", "{{ labels.attachments }}", sep,
               "{{ attachments|join('\\n') }}")
    b.shown_if("for_information", "Label Row", "{{ labels.for_information }}", sep,
               "{{ for_information|join('\\n') }}")


def contact_row(b: Body, sep: str = TAB) -> None:
    b.shown_if("contact", "Label Row", "{{ labels.contact }}", sep, "{{ contact|join('\\n') }}")


def build_body(doc: DocumentObject) -> None:
    b = Body(doc)
    # area 1-3: organisation, basic metadata at 92 mm, page number top right
    line1, line2, line3 = decision_header_lines()
    b.p("Metadata Block", *line1)
    b.p("Metadata Block", *line2)
    b.tag("if draft or dnro")
    b.p("Metadata Block", *line3)
    b.tag("endif")

    # area 5: the item title
    b.p("Heading 1", "{% if section %}{{ section }} {% endif %}{{ title }}")
    b.shown_if("draft and draft_reasons", "Label Row", Bold("{{ labels.draft }}"), TAB,
               "{{ draft_reasons|join('\\n') }}")
    b.shown_if("dnro", "Label Row", "{{ dnro }}")
    history_and_preparers(b)

    # area 6: the explanation
    explanation(b)
    b.tag("if proposal")
    b.p("Heading 2", "{{ labels.proposal }}")
    b.blocks("proposal")
    b.tag("endif")

    # area 8: attachments, for information; then appeal and contact details
    attachments_and_for_information(b)
    b.shown_if("appeal", "Label Row", "{{ labels.appeal }}", BR, "{{ appeal }}")
    contact_row(b)


def remove_initial_paragraphs(doc: DocumentObject) -> None:
    body = doc.element.body
    for p in body.findall(w("p")):
        body.remove(p)


# --- the plan document (attachment) ----------------------------------------------------------

# The measures table spans the whole text area from the left margin (180 mm), where the headings
# hang, not just the 157 mm body column: five columns at 157 mm leave ~30 mm for a party list or
# an indicator, so long Finnish compounds would break every word. Widths do not depend on
# --indent-mm. At 10 pt the schedule column takes "syyslukukausi" whole and the indicators
# column "hyvinvointikertomuksessa" (40 mm); LibreOffice does not hyphenate without Finnish
# patterns, so narrower columns break such compounds mid-word. Each indicator is a paragraph of
# its own in the cell: with line breaks, a wrapped indicator could not be told from the next.
MEASURE_COLUMNS: tuple[tuple[str, tuple[str, ...], float], ...] = (
    # header label, cell paragraphs, width in mm
    ("{{ labels.number }}", ("{{ m.number }}",), 11),
    ("{{ labels.measure }}", ("{{ m.title }}",), 53),
    ("{{ labels.responsible }}", ("{{ m.responsible or '–' }}",), 40),
    ("{{ labels.schedule }}", ("{{ m.schedule or '–' }}",), 30),
    (
        "{{ labels.indicators }}",
        (
            "{%p if m.indicators %}",
            "{%p for indicator in m.indicators %}",
            "{{ indicator }}",
            "{%p endfor %}",
            "{%p else %}",
            "–",
            "{%p endif %}",
        ),
        46,
    ),
)
HEADER_FILL = "D9D9D9"  # light grey behind black text: contrast about 14:1
TBLPR_ORDER = (
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription"
).split()


def borders(tag: str, sides: Sequence[str]) -> etree._Element:
    return el(
        tag,
        {},
        *(
            el(side, {"val": "single", "sz": "4", "space": "0", "color": "000000"})
            for side in sides
        ),
    )


def cell_margins(left_right: int) -> etree._Element:
    return el(
        "tblCellMar",
        {},
        el("top", {"w": "0", "type": "dxa"}),
        el("left", {"w": str(left_right), "type": "dxa"}),
        el("bottom", {"w": "0", "type": "dxa"}),
        el("right", {"w": str(left_right), "type": "dxa"}),
    )


def add_table_styles(doc: DocumentObject) -> None:
    """Paragraph styles for table cells and captions, and the "Data Table" table style.

    The cell paragraphs get their own styles (not the table style's pPr/rPr), because Word and
    LibreOffice resolve table-style paragraph properties against "Normal" differently.
    """
    root = doc.styles.element
    caption = style_el(root, "Caption")
    for tag in ("semiHidden", "unhideWhenUsed"):  # show it in the style gallery
        for node in caption.findall(w(tag)):
            caption.remove(node)
    configure(
        caption,
        reset=True,
        ppr=[el("keepNext"), el("keepLines"), spacing(120, 80, 240)],
        rpr=[el("b"), el("bCs"), *size(20)],
    )
    table_text = new_style(root, "TableText", "Table Text", "Normal", "Taulukon teksti")
    configure(table_text, ppr=[spacing(40, 40, 240)], rpr=size(20))
    table_heading = new_style(
        root, "TableHeading", "Table Heading", "TableText", "Taulukon otsikko"
    )
    configure(table_heading, ppr=[el("keepNext")], rpr=[el("b"), el("bCs")])

    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    root.append(
        el(
            "style",
            {"type": "table", "customStyle": "1", "styleId": "DataTable"},
            el("name", {"val": "Data Table"}),
            el("aliases", {"val": "Tietotaulukko"}),
            el("basedOn", {"val": "TableNormal"}),
            el("uiPriority", {"val": "59"}),
            el("qFormat"),
            el(
                "tblPr",
                {},
                el("tblInd", {"w": "0", "type": "dxa"}),
                borders("tblBorders", sides),
                cell_margins(108),
            ),
            el(
                "tblStylePr",
                {"type": "firstRow"},
                el("rPr", {}, el("b"), el("bCs")),
                el("tcPr", {}, el("shd", {"val": "clear", "color": "auto", "fill": HEADER_FILL})),
            ),
        )
    )


def table_cell(
    width: int, style_id: str, texts: Sequence[str], fill_colour: str = ""
) -> etree._Element:
    """A cell of `width` twips with one `style_id` paragraph per text."""
    tc_pr = el("tcPr", {}, el("tcW", {"w": str(width), "type": "dxa"}))
    if fill_colour:
        tc_pr.append(el("shd", {"val": "clear", "color": "auto", "fill": fill_colour}))
    cell = el("tc", {}, tc_pr)
    for text in texts:
        run = el("r")
        if text:
            t = el("t", {"xml:space": "preserve"})
            t.text = text
            run.append(t)
        cell.append(el("p", {}, el("pPr", {}, el("pStyle", {"val": style_id})), run))
    return cell


def table_row(cells: Sequence[etree._Element], *, header: bool = False) -> etree._Element:
    tr_pr = el("trPr", {}, el("cantSplit"))
    if header:
        tr_pr.append(el("tblHeader"))  # repeats on every page; screen readers read it as <th>
    return el("tr", {}, tr_pr, *cells)


def data_table(
    columns: Sequence[tuple[str, Sequence[str], float]], loop: str, caption: str
) -> etree._Element:
    """A data table: one header row, one row repeated by ``{%tr for loop %}``.

    `columns` are (header text, the paragraphs of the repeated row's cell, width in mm).

    Explicit ``w:tblGrid``/``w:gridCol`` and ``w:tcW`` widths (LibreOffice ignores autofit),
    fixed layout, no merged cells, a repeated header row, and `caption` as the table's title
    (Word: Table Properties > Alt Text).
    """
    widths = [twips(mm) for _header, _cell, mm in columns]
    tbl_pr = el("tblPr")
    for child in (
        el("tblStyle", {"val": "DataTable"}),
        el("tblW", {"w": str(sum(widths)), "type": "dxa"}),
        el("tblInd", {"w": "0", "type": "dxa"}),
        el("tblLayout", {"type": "fixed"}),
        el(
            "tblLook",
            {
                "val": "0420",
                "firstRow": "1",
                "lastRow": "0",
                "firstColumn": "0",
                "lastColumn": "0",
                "noHBand": "0",
                "noVBand": "1",
            },
        ),
        el("tblCaption", {"val": caption}),
    ):
        set_child(tbl_pr, child, TBLPR_ORDER)
    grid = el("tblGrid", {}, *(el("gridCol", {"w": str(width)}) for width in widths))

    def tag_row(statement: str) -> etree._Element:
        # docxtpl replaces the whole row by its first tag; the other cells (Jinja comments,
        # never rendered) keep the grid valid in Word and no cell empty
        texts = [f"{{%tr {statement} %}}"] + [f"{{# {statement} #}}"] * (len(widths) - 1)
        return table_row(
            [table_cell(wd, "TableText", [t]) for wd, t in zip(widths, texts, strict=True)]
        )

    header = table_row(
        [
            table_cell(twips(mm), "TableHeading", [head], HEADER_FILL)
            for head, _cell, mm in columns
        ],
        header=True,
    )
    body = table_row([table_cell(twips(mm), "TableText", paras) for _head, paras, mm in columns])
    return el("tbl", {}, tbl_pr, grid, header, tag_row(f"for {loop}"), body, tag_row("endfor"))


def build_plan_body(doc: DocumentObject) -> None:
    """The plan: metadata block, title, agreement, parties, measures table, measures,
    follow-up, preparation, strategy (docs/templates.md)."""
    b = Body(doc)
    # area 1-3: as in the decision, without deciding body, record number and draft mark
    line1, line2 = plan_header_lines()
    b.p("Metadata Block", *line1)
    b.tag("if date")
    b.p("Metadata Block", *line2)
    b.tag("endif")

    # area 5: the title (with the period unless the name already says it), basic facts
    b.p("Heading 1", "{{ title }}{% if period and period not in title %} {{ period }}{% endif %}")
    b.tag("if period")
    b.p("Lines", "{{ labels.period }}: {{ period }}")
    b.tag("endif")
    b.tag("if version")
    b.p("Lines", "{{ labels.version }}: {{ version }}")
    b.tag("endif")
    b.tag("if legal_basis")
    b.p("Lines", "{{ labels.legal_basis }}: {{ legal_basis }}")
    b.tag("endif")

    b.tag("if summary")
    b.p("Heading 2", "{{ labels.summary }}")
    b.blocks("summary")
    b.tag("endif")

    # the agreement the plan completes, and the chapters that require the plan
    b.p("Heading 2", "{{ labels.agreement_section }}")
    b.p("Body Text", "{{ agreement.name }}")
    for key in ("valid_from", "valid_until", "approved_when"):
        b.tag(f"if agreement.{key}")
        label = "approved" if key == "approved_when" else key
        b.p("Lines", f"{{{{ labels.{label} }}}}: {{{{ agreement.{key} }}}}")
        b.tag("endif")
    b.tag("if agreement.approvals")
    b.p("Body Text", "{{ labels.approvals }}:", BR, "{{ agreement.approvals|join('\\n') }}")
    b.tag("endif")
    b.tag("if agreement.replaces")
    b.p("Lines", "{{ labels.replaces }}: {{ agreement.replaces }}")
    b.tag("if agreement.replaces_until")
    b.p("Lines", "{{ labels.replaces_until }}: {{ agreement.replaces_until }}")
    b.tag("endif")
    b.blocks("agreement.replaces_summary")
    b.tag("endif")
    b.tag("for c in agreement.chapters")
    b.p("Heading 3", "{% if c.number %}{{ c.number }} {% endif %}{{ c.title }}")
    b.blocks("c.content")
    b.tag("endfor")

    b.tag("if parties")
    b.p("Heading 2", "{{ labels.parties }}")
    b.tag("for party in parties")
    b.p("List Bullet", "{{ party }}")
    b.tag("endfor")
    b.tag("endif")

    # measures: the overview table, then the measures that have more to say
    b.tag("if measures")
    b.p("Heading 2", "{{ labels.measures }}")
    b.p("Caption", "{{ labels.measure_table_caption }}")
    b.table(data_table(MEASURE_COLUMNS, "m in measures", "{{ labels.measure_table_caption }}"))
    b.tag("for m in measures")
    b.tag("if m.description or m.goals or m.lead or m.theme")
    b.p("Heading 3", "{{ m.number }} {{ m.title }}")
    b.blocks("m.description")
    b.tag("if m.goals")
    b.p("Body Text", "{{ labels.goals }}:")
    b.tag("for goal in m.goals")
    b.p("List Bullet", "{{ goal }}")
    b.tag("endfor")
    b.tag("endif")
    b.tag("if m.lead")
    b.p("Lines", "{{ labels.lead }}: {{ m.lead }}")
    b.tag("endif")
    b.tag("if m.theme")
    b.p("Lines", "{{ labels.theme }}: {{ m.theme }}")
    b.tag("endif")
    b.tag("endif")
    b.tag("endfor")
    b.tag("endif")

    b.tag("if followup")
    b.p("Heading 2", "{{ labels.followup }}")
    b.blocks("followup")
    b.tag("endif")

    b.tag("if preparation_started or working_group or events")
    b.p("Heading 2", "{{ labels.preparation }}")
    b.tag("if preparation_started")
    b.p("Body Text", "{{ labels.preparation_started }}: {{ preparation_started }}")
    b.tag("endif")
    b.tag("if working_group")
    b.p("Heading 3", "{{ labels.working_group }}")
    b.tag("for member in working_group")
    b.p("Lines", "{{ member }}")
    b.tag("endfor")
    b.tag("endif")
    b.tag("if events")
    b.p("Heading 3", "{{ labels.events }}")
    b.tag("for e in events")
    b.p("Label Row", "{{ e.date }}", TAB, "{{ e.name }}")  # the date in the label column
    b.blocks("e.description")
    b.tag("endfor")
    b.tag("endif")
    b.tag("endif")

    b.tag("if strategy")
    b.p("Heading 2", "{{ labels.strategy }}")
    b.blocks("strategy")
    b.tag("endif")


# --- the follow-up report ---------------------------------------------------------------------

# One table per measure (under the measure's heading), a row per responsible party, with every
# field a party fills in the matrix; like the plan's table it spans the whole text area
# (180 mm). The party's cell has the contact under the name (when one was typed; never in a
# public version), the date's cell "aiempi kausi" under the date of an entry carried over from
# an earlier period. At 10 pt the status column takes "Viivästynyt" on one line ("Ingen
# anteckning" on two), the date column its header "Uppdaterad". The measure heading is written
# "1 Otsikko" (as the plan's measure headings).
REPORT_COLUMNS: tuple[tuple[str, tuple[str, ...], float], ...] = (
    ("{{ words.party }}", ("{{ r.party }}", "{%p if r.contact %}",
                           "{{ words.contact }}: {{ r.contact }}", "{%p endif %}"), 35),
    ("{{ words.status }}", ("{{ r.status or '–' }}",), 29),
    ("{{ words.updated }}", ("{{ r.updated or '–' }}", "{%p if r.carried_over %}",
                             "({{ words.carried_over }})", "{%p endif %}"), 26),
    ("{{ words.description }}", ("{{ r.description or '–' }}",), 46),
    ("{{ words.next_steps }}", ("{{ r.next_steps or '–' }}",), 44),
)
REPORT_TABLE_CAPTION = "{{ words.table }} {{ loop.index }}. {{ m.title }}"
CHART_WIDTH_MM = 150  # report_context's Figure; fits the 157 mm body column


def add_figure_style(doc: DocumentObject, body_indent: int) -> None:
    """The "Figure" style (Kuvio): a picture's paragraph at the body column, kept with its caption.

    Single line spacing with lineRule auto, so the line grows to the picture's height.
    """
    root = doc.styles.element
    figure = new_style(root, "Figure", "Figure", "Normal", "Kuvio")
    configure(
        figure,
        ppr=[el("keepNext"), spacing(120, 80, 240), el("ind", {"left": str(body_indent)})],
    )


def report_header_lines() -> list[list[str]]:
    # as the plan: the report is an attachment to the "merkitsee tiedoksi" decision
    return [metadata_line(), [TAB, "{{ date }}"]]


def build_report_body(doc: DocumentObject, body_indent: int) -> None:
    """The follow-up report: metadata block, title, results (summary, chart), late measures,
    changes since the previous follow-up, what the carried-over mark means (when an entry is
    carried over), a table per measure of every field parties fill (docs/templates.md)."""
    b = Body(doc)
    line1, line2 = report_header_lines()
    b.p("Metadata Block", *line1)
    b.tag("if date")
    b.p("Metadata Block", *line2)
    b.tag("endif")

    b.p("Heading 1", "{{ title }}")

    # the results: rows by status as text, then the same numbers as a chart
    b.p("Heading 2", "{{ words.results }}")
    b.blocks("summary")
    b.p("Figure", "{{ chart }}")  # InlineImage renders run-level XML: a plain run works
    caption = b.p("Caption", "{{ labels.report_chart_caption }}")
    caption.paragraph_format.left_indent = Twips(body_indent)
    caption.paragraph_format.keep_with_next = False  # below the picture, not above a heading

    b.p("Heading 2", "{{ words.late }}")
    b.tag("if late")
    b.tag("for item in late")
    b.p("List Bullet", "{{ item }}")
    b.tag("endfor")
    b.tag("else")
    b.p("Body Text", "{{ words.no_late }}")
    b.tag("endif")

    b.tag("if has_previous")
    b.p("Heading 2", "{{ words.changes }}")
    b.tag("if changes")
    b.tag("for item in changes")
    b.p("List Bullet", "{{ item }}")
    b.tag("endfor")
    b.tag("else")
    b.p("Body Text", "{{ words.no_changes }}")
    b.tag("endif")
    b.tag("endif")

    # by measure: its heading, its statuses counted, and a table of its parties' entries
    b.p("Heading 2", "{{ words.by_measure }}")
    b.tag("if carried_over")
    b.p("Body Text", "{{ words.carried_note }}")
    b.tag("endif")
    b.tag("for m in measures")
    b.p("Heading 3", "{{ m.number }} {{ m.title }}")
    counts = b.p("Body Text", "{{ words.status }}: {{ m.counts or '–' }}")
    counts.paragraph_format.keep_with_next = True  # heading, counts and table stay together
    b.p("Caption", REPORT_TABLE_CAPTION)
    b.table(data_table(REPORT_COLUMNS, "r in m.rows", REPORT_TABLE_CAPTION))
    b.tag("endfor")


# --- saving ---------------------------------------------------------------------------------


def deterministic_zip(data: bytes) -> bytes:
    """Rewrite a package with fixed timestamps, permissions and member order (the library's
    own layout, so templates and documents are zipped alike)."""
    from yhdyspinta_docs.output._zip import zip_members
    from yhdyspinta_docs.word._save import CONTENT_TYPES

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    order = [CONTENT_TYPES] + sorted(name for name in parts if name != CONTENT_TYPES)
    return zip_members([(name, parts[name]) for name in order], 9)


def base_document(body_indent: int, title: str) -> DocumentObject:
    """The shared base: clean package, fi-FI styles and numbering, SFS 2487 page, empty body."""
    doc = Document()
    clean_package(doc, title)
    clean_settings(doc)
    clean_theme_and_fonts(doc)
    install_numbering(doc, body_indent)
    clean_styles(doc, body_indent)
    page_setup(doc)
    remove_initial_paragraphs(doc)
    return doc


def save(doc: DocumentObject) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return deterministic_zip(out.getvalue())


def build(body_indent_mm: float = 23) -> bytes:
    """Return the bytes of a freshly generated decision template."""
    doc = base_document(twips(body_indent_mm), DECISION_TITLE)
    build_headers(doc, decision_header_lines())
    build_body(doc)
    return save(doc)


def build_plan(body_indent_mm: float = 23) -> bytes:
    """Return the bytes of a freshly generated plan template (the attachment "Liite")."""
    doc = base_document(twips(body_indent_mm), PLAN_TITLE)
    add_table_styles(doc)
    build_headers(doc, plan_header_lines())
    build_plan_body(doc)
    return save(doc)


def build_report(body_indent_mm: float = 23) -> bytes:
    """Return the bytes of a freshly generated follow-up report template."""
    body_indent = twips(body_indent_mm)
    doc = base_document(body_indent, REPORT_TITLE)
    add_table_styles(doc)
    add_figure_style(doc, body_indent)
    build_headers(doc, report_header_lines())
    build_report_body(doc, body_indent)
    return save(doc)


# every generated template: file name -> builder(body_indent_mm)
TEMPLATES: dict[str, Callable[[float], bytes]] = {
    "decision.docx": build,
    "plan.docx": build_plan,
    "report.docx": build_report,
}


def main(argv: Sequence[str] | None = None,
         templates: dict[str, Callable[[float], bytes]] | None = None,
         doc: str = __doc__) -> int:
    """Write `templates` (by default this script's) into the folder given with ``--outdir``;
    another one-off script passes its own with its `doc`. Refuses the committed templates'
    folder: those files are the source and have been edited since."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--outdir", type=Path, required=True,
                        help="folder to write the .docx files into (not templates/)")
    parser.add_argument(
        "--indent-mm",
        type=float,
        default=23,
        help="basic column: body indent and label column (SFS 2487:2024: 23; traditional: 46)",
    )
    args = parser.parse_args(argv)
    if args.outdir.resolve() == COMMITTED_DIR:
        parser.error(f"{args.outdir} holds the committed templates, which are the source and "
                     "have been edited since this script made them; write to another folder "
                     "and copy by hand what you want")
    for name, builder in (TEMPLATES if templates is None else templates).items():
        out: Path = args.outdir / name
        data = builder(args.indent_mm)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        print(f"wrote {out} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
