"""Every PDF of both examples, in both languages, passes the machine-checkable part of PDF/UA-1.

Checked with pikepdf on the PDFs a build writes (decision proposals of every party, their web
versions, the plan document, the follow-up report and its decision): a structure tree and
/MarkInfo /Marked; /Lang of the document's language; the title shown in the window
(/DisplayDocTitle) and present; the PDF/UA identifier in the XMP metadata; every /Figure
with alt text; headings /H1–/H6 with text and no level skipped; every table header cell /TH
with its /Scope; no standard structure type remapped in /RoleMap; every font embedded;
captions tagged /Caption. Where the `pdfua` package is installed, its checks must find
nothing either.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from helpers import KEY
from pdf_tags import structure_elements
from yhdyspinta_docs._build import BuildOptions, make_decisions, make_plan_documents, make_report
from yhdyspinta_docs.output._files import OutputFile
from yhdyspinta_docs.output._package import make_pdfs
from yhdyspinta_docs.plan._loader import load_plan
from yhdyspinta_docs.word._check import sample_followup

pikepdf = pytest.importorskip("pikepdf")

pytestmark = pytest.mark.libreoffice

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ["keski-suomi", "pohjanmaa"]
# PDF 1.7 standard structure types (ISO 32000-1, 14.8.4); /RoleMap must not remap them
STANDARD = {
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
    "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl",
    "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note",
    "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT",
    "WP", "Figure", "Formula", "Form",
}


@cache
def _pdfs(example: str) -> dict[str, OutputFile]:
    pf = load_plan(ROOT / "examples" / example / "plan.yaml")
    options = BuildOptions(for_each_party=True, drafts=True, public=True, open_data=False,
                           languages=("fi", "sv") if "sv" in pf.languages else ("fi",), key=KEY)
    docs = make_decisions(pf, options) + make_plan_documents(pf, options)
    now, previous = sample_followup(pf)
    docs += [f for f in make_report(pf, now, options, previous=previous)
             if f.path.endswith(".docx")]
    return {f.path: f for f in make_pdfs(docs, pf.plan.date or pf.agreement.valid_from)}


def _cases() -> list[Any]:
    """Keski-Suomi in Finnish, the bilingual example in both languages. The bilingual
    example's PDFs (a build with PDFs of its own, about 8 s) only in the slow run."""
    return [pytest.param(example, lang, marks=[pytest.mark.slow] * (example == "pohjanmaa"))
            for example in EXAMPLES
            for lang in (("fi", "sv") if example == "pohjanmaa" else ("fi",))]


def _fonts(pdf: Any) -> Iterator[tuple[str, Any]]:
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            yield str(font.get("/BaseFont", "?")), font
            for descendant in font.get("/DescendantFonts", []):
                yield str(descendant.get("/BaseFont", "?")), descendant


HEADINGS = {f"/H{n}" for n in range(1, 7)}


def _marks_content(element: Any) -> bool:
    """True if the element or one below it marks page content: a heading with text.

    The `pdfua` package's own empty-heading rule (UA-14-001) is not evaluated on these files
    (pdfua 0.1.3 stops on a /K array with a ValueError and skips the rule), so the test does
    what the rule would: an /MCID number, an /MCR dictionary, or such a kid further down.
    """
    kid = element.get("/K")
    kids = list(kid) if isinstance(kid, pikepdf.Array) else [kid]
    for k in kids:
        if isinstance(k, int) and not isinstance(k, bool):
            return True
        if isinstance(k, pikepdf.Dictionary) and (
                k.get("/Type") == pikepdf.Name.MCR or ("/S" in k and _marks_content(k))):
            return True
    return False


def _attributes(element: Any) -> set[str]:
    """The attribute names of a structure element's /A (one dictionary or an array of them)."""
    owners = element.get("/A")
    owners = list(owners) if isinstance(owners, pikepdf.Array) else [owners]
    return {str(key) for owner in owners if isinstance(owner, pikepdf.Dictionary)
            for key in owner.keys()}


def ua_findings(data: bytes, lang: str) -> list[str]:
    """What keeps the PDF `data` from the machine-checkable PDF/UA-1 subset; empty: nothing."""
    out: list[str] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        tree = root.get("/StructTreeRoot")
        if tree is None:
            return ["no structure tree (untagged PDF)"]
        if not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
            out.append("/MarkInfo /Marked is not true")
        if str(root.get("/Lang", "")) != f"{lang}-FI":
            out.append(f"/Lang is {root.get('/Lang')!r}, not {lang}-FI")
        if not bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)):
            out.append("the window does not show the document title (/DisplayDocTitle)")
        meta = pdf.open_metadata()
        if not str(meta.get("dc:title", "")).strip():
            out.append("no dc:title in the XMP metadata")
        if str(meta.get("pdfuaid:part", "")) != "1":
            out.append("no PDF/UA identifier (pdfuaid:part 1) in the XMP metadata")
        for standard in map(str, tree.get("/RoleMap", {}).keys()):
            if standard.lstrip("/") in STANDARD:
                out.append(f"/RoleMap remaps the standard type {standard}")
        elements = list(structure_elements(tree.get("/K")))
        if not elements:
            out.append("the structure tree is empty")
        level = 0
        for element in elements:
            if str(element.S) in ("/Figure", "/Formula") and not (
                    str(element.get("/Alt", "")).strip()
                    or str(element.get("/ActualText", "")).strip()):
                out.append(f"{element.S} without /Alt or /ActualText")
            if str(element.S) in HEADINGS:
                number = int(str(element.S)[2])
                if number > level + 1:
                    out.append(f"{element.S} after /H{level} skips a level")
                level = number
                if not _marks_content(element):
                    out.append(f"empty heading {element.S}")
            if str(element.S) == "/TH" and "/Scope" not in _attributes(element):
                out.append("/TH without /Scope (row or column)")
        for name, font in _fonts(pdf):
            if str(font.get("/Subtype")) in ("/Type0", "/Type3"):
                continue  # a composite font is embedded through its descendant
            descriptor = font.get("/FontDescriptor", {})
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                out.append(f"font {name} is not embedded")
    return sorted(set(out))


@pytest.mark.parametrize(("example", "lang"), _cases())
def test_every_pdf_passes_the_pdf_ua_checks(example: str, lang: str) -> None:
    pdfs = {p: f for p, f in _pdfs(example).items() if f.lang == lang}
    kinds = {f.kind for f in pdfs.values()}
    assert {"decision", "plan", "report"} <= kinds
    assert any(p.startswith("julkinen/") for p in pdfs)
    found = {path: ua_findings(f.data, lang) for path, f in pdfs.items()}
    assert {p: f for p, f in found.items() if f} == {}


@pytest.mark.parametrize(("example", "lang"), _cases())
def test_pdfua_package_finds_nothing(example: str, lang: str, tmp_path: Path) -> None:
    pdfua = pytest.importorskip("pdfua")
    for path, file in _pdfs(example).items():
        if file.lang != lang:
            continue
        target = tmp_path / Path(path).name
        target.write_bytes(file.data)
        report = pdfua.validate(str(target))
        assert [f"{f.rule_id}: {f.message}" for f in report.findings] == [], path


@pytest.mark.parametrize(("example", "lang"), _cases())
def test_check_accessibility_finds_nothing_in_the_built_pdfs(example: str, lang: str,
                                                             tmp_path: Path) -> None:
    """`yhdyspinta-docs check-accessibility` on the PDFs a build writes: no finding."""
    from yhdyspinta_docs.output import check_accessibility

    paths = []
    for path, file in _pdfs(example).items():
        if file.lang == lang:
            paths.append(tmp_path / path.replace("/", "_"))
            paths[-1].write_bytes(file.data)
    assert len(paths) > 2
    assert [str(i) for i in check_accessibility(paths)] == []


def _types(data: bytes) -> list[str]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [str(e.S) for e in structure_elements(pdf.Root.StructTreeRoot.get("/K"))]


@pytest.mark.slow  # the bilingual example's PDFs
def test_report_figure_and_captions_are_tagged_as_such() -> None:
    pdfs = _pdfs("pohjanmaa")
    report = _types(pdfs["seurantaraportti_2026_sv.pdf"].data)
    assert report.count("/Figure") == 1  # the chart itself, with its alt text
    assert "/Caption" in report and "/caption" not in report
    plan = _types(pdfs["yhdyspintasuunnitelma_fi.pdf"].data)
    assert "/Caption" in plan


def test_a_keyword_of_several_words_stays_one_keyword_in_the_pdf() -> None:
    # LibreOffice reads the keywords of a document as words; the plan's legal basis is one
    pf = load_plan(ROOT / "examples" / "keski-suomi" / "plan.yaml")
    [plan] = make_plan_documents(pf, BuildOptions(key=KEY))
    [made] = make_pdfs([plan], pf.plan.date or pf.agreement.valid_from)
    pdf = pikepdf.open(io.BytesIO(made.data))
    keywords = [k.strip() for k in str(pdf.docinfo["/Keywords"]).split(",")]
    assert keywords == ["yhdyspintasuunnitelma", "hyvinvointialuelaki\u00a014\u00a0§"]


def test_the_check_finds_a_figure_without_alt_text() -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    figure = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.Figure))
    empty_heading = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.H2))
    header_cell = pdf.make_indirect(pikepdf.Dictionary(
        S=pikepdf.Name.TH, K=0, A=pikepdf.Dictionary(O=pikepdf.Name.Layout)))
    document = pdf.make_indirect(pikepdf.Dictionary(
        S=pikepdf.Name.Document, K=pikepdf.Array([figure, empty_heading, header_cell])))
    pdf.Root.StructTreeRoot = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.StructTreeRoot, K=pikepdf.Array([document]),
        RoleMap=pikepdf.Dictionary(Figure=pikepdf.Name.P)))
    pdf.Root.Lang = pikepdf.String("fi-FI")
    out = io.BytesIO()
    pdf.save(out)
    found = ua_findings(out.getvalue(), "sv")
    assert "/Figure without /Alt or /ActualText" in found
    assert "/RoleMap remaps the standard type /Figure" in found
    assert any(f.startswith("/Lang is") and f.endswith("not sv-FI") for f in found)
    assert "/MarkInfo /Marked is not true" in found
    assert "no PDF/UA identifier (pdfuaid:part 1) in the XMP metadata" in found
    assert "/H2 after /H0 skips a level" in found
    assert "empty heading /H2" in found
    assert "/TH without /Scope (row or column)" in found
