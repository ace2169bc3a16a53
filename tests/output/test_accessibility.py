"""The accessibility check finds what it claims to, and every output of ours passes it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor
from openpyxl import Workbook

from helpers import KEY, PEAK_PROBE
from yhdyspinta_docs._build import BuildOptions, build
from yhdyspinta_docs.output import check_accessibility
from yhdyspinta_docs.output._accessibility import check_docx, check_xlsx


def _bad_docx(path: Path) -> Path:
    doc = Document()
    doc.core_properties.title = ""
    doc.add_heading("Otsikko", level=1)
    doc.add_heading("Liian syvä", level=3)
    doc.add_paragraph("1. kirjoitettu numero")
    doc.add_paragraph("")
    doc.add_paragraph("teksti")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1))
    doc.save(str(path))
    return path


def test_docx_findings(tmp_path: Path) -> None:
    found = "\n".join(str(i) for i in check_docx(_bad_docx(tmp_path / "bad.docx")))
    assert "no title property" in found
    assert "heading level 3 after level 1 skips a level" in found
    assert "typed list marker" in found
    assert "empty paragraph used for spacing" in found
    assert "header row does not repeat" in found
    assert "merged cells" in found


@pytest.mark.parametrize(("caption", "found"), [
    (None, True), ('<w:tblCaption w:val=" "/>', True),
    ('<w:tblCaption w:val="Taulukko 1. Toimenpiteet"/>', False),
    ('<w:tblDescription w:val="Toimenpiteet vastuutahoineen"/>', False),
])
def test_a_data_table_needs_a_title(tmp_path: Path, caption: str | None, found: bool) -> None:
    # a table saved by LibreOffice loses the title (alt text) the bundled templates give it
    doc = Document()
    doc.core_properties.title = "Taulukot"
    table = doc.add_table(rows=2, cols=2)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    if caption:
        table._tbl.tblPr.append(parse_xml(caption.replace(" ", f" {nsdecls('w')} ", 1)))
    path = tmp_path / "taulukko.docx"
    doc.save(str(path))
    titles = [str(i) for i in check_docx(path) if "without a title" in str(i)]
    assert titles == (["taulukko.docx: table 1: a data table without a title (alt text), which "
                       "a screen reader announces first; set it in Word, in the template the "
                       "document is made from: Table Properties → Alt Text → Title (LibreOffice "
                       "does not keep it in a .docx)"] if found else [])


def test_style_named_like_a_pdf_structure_type(tmp_path: Path) -> None:
    doc = Document()
    doc.styles.add_style("Figure", WD_STYLE_TYPE.PARAGRAPH)
    doc.add_paragraph("kuva", style="Figure")
    doc.add_paragraph("toinen kuva", style="Figure")
    doc.core_properties.title = "Kuvat"
    path = tmp_path / "figure.docx"
    doc.save(str(path))
    found = [str(i) for i in check_docx(path)]
    assert found == ["figure.docx: paragraph 1: paragraph style 'Figure' is exported to a "
                     "tagged PDF as a /Figure element (without alt text); rename the style, "
                     "e.g. 'Kuvio'"]


def test_xlsx_findings(tmp_path: Path) -> None:
    from openpyxl.styles import PatternFill
    from openpyxl.worksheet.table import Table

    wb = Workbook()
    ws = wb.active
    ws.append(["Tunnus", "Tilanne"])
    ws.append(["a", None])
    ws.append(["b", "Valmis"])
    ws["B2"].fill = PatternFill("solid", fgColor="FFFF0000")
    ws.add_table(Table(displayName="T", ref="A1:B3"))
    ws.merge_cells("A2:A3")
    wb.create_sheet("Tyhjä")
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    found = "\n".join(str(i) for i in check_xlsx(path))
    assert "no title property" in found
    assert "merged cells in the data table" in found
    assert "bad.xlsx: Sheet!B2: a coloured cell without text" in found
    assert "bad.xlsx: Tyhjä: empty sheet" in found


def test_xlsx_sheet_findings_outside_tables(tmp_path: Path) -> None:
    """Merged cells anywhere, a sheet name as the spreadsheet made it, text too pale for its
    fill, and locked cells that cannot be selected; large bold text needs 3:1 only."""
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    wb.properties.title = "Seuranta"
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["Kunta", "Tilanne"])
    ws.append(["Joutsa", "Valmis"])
    ws.append(["Jämsä", "Käynnissä"])
    ws.merge_cells("A2:A3")
    ws["A5"] = "Huomautus koko rivin leveydeltä"
    ws.merge_cells("A5:C5")  # a line of its own merged across its row: read as one line
    ws["B2"].font = Font(color="FFBBBBBB")  # 1.9:1 on white
    ws["B3"].font = Font(color="FF0000FF")  # blue on white: 8.6:1
    ws["A1"].font = Font(color="FFFFFFFF", sz=14, bold=True)
    ws["A1"].fill = PatternFill("solid", fgColor="FF767676")  # 4.5:1: enough for large text
    ws["B1"].font = Font(color="FFFFFFFF")
    ws["B1"].fill = PatternFill("solid", fgColor="FF999999")  # 2.8:1: too little
    ws.protection.sheet = True
    ws.protection.selectLockedCells = True
    path = tmp_path / "taul.xlsx"
    wb.save(path)
    assert [str(i) for i in check_xlsx(path)] == [
        "taul.xlsx: Sheet1: merged cells A2:A3: a screen reader loses the rows and columns; "
        "unmerge them (Format Cells, Alignment: Center Across Selection looks the same)",
        "taul.xlsx: Sheet1: the sheet's name says nothing of what it holds; rename it (e.g. "
        "Seuranta, Yhteenveto)",
        "taul.xlsx: Sheet1: locked cells cannot be selected, so a screen reader cannot read "
        "them; allow 'Select locked cells' when protecting the sheet",
        "taul.xlsx: Sheet1!B1: text colour FFFFFF on 999999 has a contrast of 2.8:1, less "
        "than 4.5:1; use a darker text or a lighter fill",
        "taul.xlsx: Sheet1!B2: text colour BBBBBB on FFFFFF has a contrast of 1.9:1, less "
        "than 4.5:1; use a darker text or a lighter fill"]


def _coloured(doc: Any, text: str, colour: str, *, size: float = 11, bold: bool = False,
              style: str | None = None) -> Any:
    run = doc.add_paragraph(style=style).add_run(text)
    run.font.color.rgb = RGBColor.from_string(colour)
    run.font.size = Pt(size)
    run.bold = bold
    return run


def _shaded_cell_text(cell: Any, text: str, colour: str, fill: str) -> None:
    run = cell.paragraphs[0].add_run(text)
    run.font.color.rgb = RGBColor.from_string(colour)
    tc = run.element.getparent().getparent()
    tc_pr = tc.find(qn("w:tcPr"))
    if tc_pr is None:
        tc_pr = OxmlElement("w:tcPr")
        tc.insert(0, tc_pr)
    tc_pr.append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:fill="{fill}"/>'))


def test_low_contrast_text(tmp_path: Path) -> None:
    doc = Document()
    doc.core_properties.title = "Kontrasti"
    _coloured(doc, "vaaleanharmaa", "A6A6A6")  # 2.4:1 on white
    _coloured(doc, "toinen vaaleanharmaa", "A6A6A6")  # the same colour: reported once
    _coloured(doc, "tummanharmaa", "767676")  # 4.5:1: enough
    _coloured(doc, "iso lihavoitu", "949494", size=14, bold=True)  # 3.0:1, large text: enough
    _coloured(doc, "iso ohut", "949494", size=14)  # 3.0:1, not large: too little
    grey = doc.styles.add_style("Harmaa", WD_STYLE_TYPE.PARAGRAPH)
    grey.font.color.rgb = RGBColor.from_string("BFBFBF")
    doc.add_paragraph("tyylin väri", style="Harmaa")
    # the same colour from another style is another fix: named too (not only after the first
    # is fixed), and once (its second paragraph is not)
    pale = doc.styles.add_style("Vaalea otsikko", WD_STYLE_TYPE.PARAGRAPH)
    pale.font.color.rgb = RGBColor.from_string("BFBFBF")
    doc.add_paragraph("toisen tyylin väri", style="Vaalea otsikko")
    doc.add_paragraph("toisen tyylin väri taas", style="Vaalea otsikko")
    table = doc.add_table(rows=1, cols=3)
    _shaded_cell_text(table.cell(0, 0), "valkoinen", "FFFFFF", "1F3864")  # 11.8:1
    _shaded_cell_text(table.cell(0, 1), "haalea", "FFFFFF", "D9D9D9")  # 1.4:1
    _shaded_cell_text(table.cell(0, 2), "musta", "000000", "D9D9D9")  # 15.4:1
    path = tmp_path / "contrast.docx"
    doc.save(str(path))
    found = [str(i) for i in check_docx(path)]
    assert found == [
        "contrast.docx: paragraph 1: text colour #A6A6A6 on #FFFFFF has a contrast of 2.4:1, "
        "below 4.5:1; use a darker text colour (black) or a lighter background: "
        "'vaaleanharmaa'",
        "contrast.docx: paragraph 5: text colour #949494 on #FFFFFF has a contrast of 3.0:1, "
        "below 4.5:1; use a darker text colour (black) or a lighter background: 'iso ohut'",
        "contrast.docx: paragraph 6: text colour #BFBFBF (style 'Harmaa') on #FFFFFF has a "
        "contrast of 1.8:1, "
        "below 4.5:1; use a darker text colour (black) or a lighter background: "
        "'tyylin väri'",
        "contrast.docx: paragraph 7: text colour #BFBFBF (style 'Vaalea otsikko') on #FFFFFF "
        "has a contrast of 1.8:1, below 4.5:1; use a darker text colour (black) or a lighter "
        "background: 'toisen tyylin väri'",
        "contrast.docx: paragraph 10: text colour #FFFFFF on #D9D9D9 has a contrast of 1.4:1, "
        "below 4.5:1; use a darker text colour (black) or a lighter background: 'haalea'",
    ]


def _png(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (8, 8), "navy").save(path)
    return path


def test_logo_in_the_page_header_needs_alt_text(tmp_path: Path) -> None:
    doc = Document()
    doc.core_properties.title = "Logo"
    doc.add_paragraph("teksti")
    logo = doc.sections[0].header.paragraphs[0].add_run()
    logo.add_picture(str(_png(tmp_path / "logo.png")))
    path = tmp_path / "logo.docx"
    doc.save(str(path))
    assert [str(i) for i in check_docx(path)] == [
        "logo.docx: word/header1.xml: image 1: image without alt text (a logo needs one too: "
        "the organisation's name)"]
    doc_pr = logo.element.xpath(".//wp:docPr")[0]
    doc_pr.set("descr", "Keski-Suomen hyvinvointialue")
    doc.save(str(path))
    assert check_docx(path) == []
    # marked decorative in Word (Alt Text > Mark as decorative): no alt text needed
    del doc_pr.attrib["descr"]
    ext_list = parse_xml(
        '<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
        '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/'
        'decorative" val="1"/></a:ext></a:extLst>')
    doc_pr.append(ext_list)
    doc.save(str(path))
    assert check_docx(path) == []


def test_a_line_break_alone_is_an_empty_paragraph(tmp_path: Path) -> None:
    doc = Document()
    doc.core_properties.title = "Välit"
    doc.add_paragraph("ensimmäinen")
    doc.add_paragraph().add_run().add_break()  # Shift+Enter alone: an empty line
    doc.add_paragraph("toinen")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)  # a page break is layout
    doc.add_paragraph("kolmas")
    assert _findings(doc, tmp_path / "breaks.docx") == _spacing("breaks.docx", 2)


def _findings(doc: Any, path: Path) -> list[str]:
    doc.save(str(path))
    return [str(i) for i in check_docx(path)]


def _spacing(name: str, paragraph: int) -> list[str]:
    """The one finding of an empty paragraph used for spacing."""
    return [f"{name}: paragraph {paragraph}: empty paragraph used for spacing; use paragraph "
            "spacing in the style instead"]


def test_a_cells_or_text_boxs_own_paragraph_is_not_spacing_and_a_text_box_no_image(
        tmp_path: Path) -> None:
    """A table cell and a text box end with a paragraph, which Word requires (empty where the
    value is, e.g. a draft's date); a text box is read out, so it needs no alt text, and its
    paragraphs (saved again as a fallback for old readers) count once, as Word numbers them."""
    doc = Document()
    doc.core_properties.title = "Solut"
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Päivämäärä"  # the cell beside it keeps its one empty paragraph
    box = doc.add_paragraph()
    box._p.append(parse_xml(  # noqa: SLF001 - python-docx has no API for text boxes
        f'<w:r {nsdecls("w", "wp", "a")} '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps">'
        '<w:drawing><wp:anchor><wp:docPr id="1" name="Tekstiruutu 1"/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        "<wps:txbx><w:txbxContent><w:p/></w:txbxContent></wps:txbx></wps:wsp></a:graphicData>"
        "</a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>"
        "<v:textbox><w:txbxContent><w:p/></w:txbxContent></v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"))
    doc.add_paragraph()  # an empty line used for spacing: still told
    doc.add_paragraph("loppu")
    assert _findings(doc, tmp_path / "solut.docx") == _spacing("solut.docx", 5)


@pytest.mark.parametrize("alt", ["", "Kunnan vaakuna"])
def test_a_picture_in_the_older_vml_form_needs_alt_text_too(alt: str, tmp_path: Path) -> None:
    """Many older templates have their logo as a VML picture: it is a picture (not an empty
    paragraph to delete), and needs alt text as any other."""
    doc = Document()
    doc.core_properties.title = "Vaakuna"
    doc.add_paragraph("alku")
    doc.add_paragraph()._p.append(parse_xml(  # noqa: SLF001 - python-docx writes no VML
        f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:o="urn:schemas-microsoft-com:office:office"><w:pict>'
        f'<v:shape style="width:40pt;height:40pt" alt="{alt}"><v:imagedata o:title=""/>'
        "</v:shape></w:pict></w:r>"))
    doc.add_paragraph("loppu")
    expected = [] if alt else ["vml.docx: image 1: image without alt text"]
    assert _findings(doc, tmp_path / "vml.docx") == expected


@pytest.mark.parametrize("example", [pytest.param("keski-suomi", marks=pytest.mark.slow),
                                     "pohjanmaa"])
# every kind of output at once in the quick run (of the bilingual example, which has both
# languages; Keski-Suomi's in the slow run); the plain and the public build alone, as users
# make them, in the slow run
@pytest.mark.parametrize("options", [
    pytest.param(BuildOptions(key=KEY, for_each_party=True, drafts=True, public=True),
                 id="every-kind"),
    pytest.param(BuildOptions(key=KEY), id="plain", marks=pytest.mark.slow),
    pytest.param(BuildOptions(key=KEY, public=True), id="public", marks=pytest.mark.slow)])
def test_every_output_passes(example: str, tmp_path: Path, options: BuildOptions) -> None:
    from yhdyspinta_docs._assets import example_plan_path
    from yhdyspinta_docs.plan._loader import load_plan

    result = build(load_plan(example_plan_path(example)), tmp_path, options)
    files = [p for p in result.paths if p.suffix in (".docx", ".xlsx")]
    assert files
    assert [str(i) for i in check_accessibility(files)] == []


def test_default_templates_pass() -> None:
    from yhdyspinta_docs._assets import TEMPLATE_FILES, bundled_path

    paths = [bundled_path("templates", name) for name in TEMPLATE_FILES.values()]
    present = [p for p in paths if p is not None]
    assert present
    # templates hold Jinja tags, not content: only the properties and structure are judged
    findings = [i for i in check_accessibility(present)
                if "typed list" not in i.what and "empty paragraph" not in i.what]
    assert [str(i) for i in findings] == []


# --- PDF ---------------------------------------------------------------------------------------


def _tagged_pdf(path: Path, kids: list[Any], *, lang: str = "fi-FI", title: str = "Otsikko",
                ua: bool = True) -> Path:
    """A one-page PDF whose structure tree holds `kids` (made with `_element`)."""
    pikepdf = pytest.importorskip("pikepdf")
    pdf = pikepdf.new()
    pdf.add_blank_page()
    document = pdf.make_indirect(pikepdf.Dictionary(
        S=pikepdf.Name.Document, K=pikepdf.Array([pdf.make_indirect(k) for k in kids])))
    pdf.Root.StructTreeRoot = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.StructTreeRoot, K=document))
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    if lang:
        pdf.Root.Lang = pikepdf.String(lang)
    if title:
        pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        if title:
            meta["dc:title"] = title
        if ua:
            meta["pdfuaid:part"] = "1"
    pdf.save(path)
    return path


def _element(kind: str, **keys: Any) -> Any:
    pikepdf = pytest.importorskip("pikepdf")
    return pikepdf.Dictionary(S=pikepdf.Name("/" + kind), **keys)


def test_pdf_findings(tmp_path: Path) -> None:
    pikepdf = pytest.importorskip("pikepdf")
    good = [_element("H1", K=0), _element("P", K=1),
            _element("H2", K=pikepdf.Array([_element("Span", K=2)])),
            _element("Figure", K=3, Alt=pikepdf.String("Kaavio")),
            _element("TH", K=4, A=pikepdf.Dictionary(O=pikepdf.Name.Table,
                                                     Scope=pikepdf.Name.Column))]
    assert check_accessibility([_tagged_pdf(tmp_path / "hyva.pdf", good)]) == []

    bad = [_element("H2", K=0), _element("H3"), _element("Figure", K=1),
           _element("TH", K=2), _element("TH", K=3)]
    path = _tagged_pdf(tmp_path / "huono.pdf", bad, lang="", title="", ua=False)
    assert [str(i) for i in check_accessibility([path])] == [
        "huono.pdf: no document language (/Lang): set the language of the document before "
        "exporting",
        "huono.pdf: no title property: set File > Properties > Title before exporting",
        "huono.pdf: the window shows the file name, not the title (/DisplayDocTitle is not "
        "true)",
        "huono.pdf: no PDF/UA identifier (pdfuaid:part 1 in the XMP metadata); export with the "
        "PDF/UA option",
        "huono.pdf: heading 1: /H2 after /H0 skips a level",
        "huono.pdf: heading 2: empty heading /H3",
        "huono.pdf: figure 1: no alt text (/Alt)",
        "huono.pdf: table header cell 1: /TH without /Scope: screen readers do not know the "
        "row or column it heads",
    ]

    untagged = pikepdf.new()
    untagged.add_blank_page()
    untagged.save(tmp_path / "tagiton.pdf")
    broken = tmp_path / "rikki.pdf"
    broken.write_bytes(b"%PDF-1.4\nei PDF")
    found = [str(i) for i in check_accessibility([tmp_path / "tagiton.pdf", broken])]
    assert found[0].startswith("tagiton.pdf: untagged PDF (no structure tree): export it "
                               "again as a tagged PDF")
    assert found[1].startswith("rikki.pdf: cannot be read as .pdf: ")
    assert len(found) == 2


def test_a_pdf_table_without_a_header_cell_is_found(tmp_path: Path) -> None:
    pikepdf = pytest.importorskip("pikepdf")

    def table(*cells: str) -> Any:
        return _element("Table", K=pikepdf.Array([_element("TR", K=pikepdf.Array(
            [_element(kind, K=n, A=pikepdf.Dictionary(O=pikepdf.Name.Table,
                                                      Scope=pikepdf.Name.Column))
             for n, kind in enumerate(cells)]))]))

    path = _tagged_pdf(tmp_path / "taulut.pdf", [table("TH", "TD"), table("TD", "TD")])
    assert [str(i) for i in check_accessibility([path])] == [
        "taulut.pdf: table 2: no header cell (/TH): screen readers cannot tell what a column "
        "holds; mark the first row as a header row (Word: Table Properties, Repeat as header "
        "row) and export again"]


def test_a_pdf_without_pikepdf_is_not_checked(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    path = tmp_path / "asiakirja.pdf"
    path.write_bytes(b"%PDF-1.7\n")
    monkeypatch.setitem(sys.modules, "pikepdf", None)  # import pikepdf raises ImportError
    assert [str(i) for i in check_accessibility([path])] == [
        "asiakirja.pdf: not checked: checking a PDF needs pikepdf; install it with "
        "pip install 'yhdyspinta-docs[pdf]'"]


HOSTILE_PDF_CHILD = PEAK_PROBE + """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from pathlib import Path
from yhdyspinta_docs.output import check_accessibility
found = [str(i) for i in check_accessibility([Path(sys.argv[1])])]
print(len(found))
print(found[-1])
print(_peak_kib())
"""


# slow run: a bound on time and memory, in a child process
@pytest.mark.slow
def test_a_hostile_structure_tree_ends_in_bounded_time_and_memory(tmp_path: Path) -> None:
    """An array that holds itself, and 20,000 empty headings each inside the one before: the
    walk looks at a bounded number of items, lists 20 findings and counts the rest."""
    import subprocess
    import sys
    import time

    pikepdf = pytest.importorskip("pikepdf")
    pdf = pikepdf.new()
    pdf.add_blank_page()
    loop = pdf.make_indirect(pikepdf.Array())
    loop.append(loop)
    top = current = pdf.make_indirect(_element("H1"))
    for _ in range(20_000):
        inner = pdf.make_indirect(_element("H1"))
        current.K = pikepdf.Array([inner])
        current = inner
    for name, kids in [("silmukka.pdf", [loop, loop]), ("otsikot.pdf", [top])]:
        document = pdf.make_indirect(_element("Document", K=pikepdf.Array(kids)))
        pdf.Root.StructTreeRoot = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructTreeRoot, K=document))
        pdf.save(tmp_path / name)
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-c", HOSTILE_PDF_CHILD, str(tmp_path / name)],
                              capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        assert time.monotonic() - started < 30
        count, last, peak = done.stdout.splitlines()
        assert int(peak) < 300 * 1024  # KiB
        if name == "otsikot.pdf":
            assert last == "otsikot.pdf: 480 more such finding(s) not shown"
            assert int(count) == 5 + 20 + 1  # document-level findings, 20 shown, the rest
        else:
            assert last.startswith("silmukka.pdf: ")  # no structure element found, no hang


def _swedish_docx(path: Path, normal_lang: str | None) -> Path:
    """A Swedish document whose Normal style sets `normal_lang` (None: no language there), as
    a template made in Finnish Word has it."""
    doc = Document()
    doc.core_properties.title = "Beslutsförslag"
    doc.core_properties.language = "sv-FI"
    styles = doc.styles.element
    styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}").set(
        qn("w:val"), "sv-FI")
    if normal_lang is not None:
        normal = doc.styles["Normal"].element
        rpr = normal.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            normal.append(rpr)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), normal_lang)
        rpr.append(lang)
    doc.add_paragraph("Välfärdsområdesstyrelsen beslutar godkänna planen.")
    doc.save(str(path))
    return path


def test_style_language_other_than_the_documents_is_reported(tmp_path: Path) -> None:
    found = [str(i) for i in check_docx(_swedish_docx(tmp_path / "sv.docx", "fi-FI"))]
    assert found == ["sv.docx: style 'Normal' sets the language fi-FI in a sv-FI document: its "
                     "text is read as fi-FI; set the style's language to the document's "
                     "(Modify Style > Format > Language)"]
    assert check_docx(_swedish_docx(tmp_path / "ok.docx", "sv-FI")) == []
    assert check_docx(_swedish_docx(tmp_path / "none.docx", None)) == []


def test_core_language_other_than_the_default_style_is_reported(tmp_path: Path) -> None:
    path = _swedish_docx(tmp_path / "mixed.docx", None)
    doc = Document(str(path))
    doc.core_properties.language = "fi-FI"
    doc.save(str(path))
    found = [str(i) for i in check_docx(path)]
    assert found == ["mixed.docx: the document's language is fi-FI in its properties but sv-FI "
                     "in its default style; set the same language in both"]


def test_chart_without_alt_text_in_a_workbook_is_reported(tmp_path: Path) -> None:
    from openpyxl.chart import BarChart, Reference

    wb = Workbook()
    ws = wb.active
    ws.title = "Yhteenveto"
    wb.properties.title = "Yhteenveto"
    for row in (("Tila", "Rivejä"), ("Valmis", 3), ("Käynnissä", 2)):
        ws.append(row)
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=3), titles_from_data=True)
    ws.add_chart(chart, "D2")
    path = tmp_path / "kaavio.xlsx"
    wb.save(path)
    assert [str(i) for i in check_xlsx(path)] == [
        "kaavio.xlsx: xl/drawings/drawing1.xml: Chart 1: chart without alt text; give it a "
        "description (Alt Text) or mark it decorative"]
