"""Rendering the decision template: content, structure, properties, determinism, errors.

Assertions are on content (text, styles, numbering, properties) read back with python-docx
and lxml, not on bytes of a golden file. The LibreOffice test is skipped without soffice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from lxml import etree

from helpers import decision_context_data
from yhdyspinta_docs.errors import ConversionError, TemplateError
from yhdyspinta_docs.output._pdf import convert_to_pdf, soffice_path
from yhdyspinta_docs.word import DocProperties, WordTemplate, template_variables

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "templates" / "decision.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
STRICT = etree.XMLParser(resolve_entities=False, recover=False)


data = decision_context_data()

PROPS = DocProperties(
    title=data.sample_context()["title"],
    subject="Keski-Suomen yhdyspintasuunnitelma 2026–2029",
    author="Lasse Leppä",
    language="fi-FI",
    keywords="Aluehallitus; Esityslista; yhdyspintasuunnitelma",
    created=dt.date(2026, 3, 3),
    category="Esityslista",
)

# context values the template deliberately does not print: the language code, labels whose
# text comes with the value ("Dnro 123/2026") or from the top-level value (doc_type), and
# block kinds
NOT_SHOWN = {"lang", "labels.page", "labels.meeting", "labels.dnro", "labels.doc_type"}


# --- helpers ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compiled() -> WordTemplate:
    return WordTemplate(TEMPLATE)


@pytest.fixture(scope="module")
def sample_docx(compiled: WordTemplate) -> bytes:
    return compiled.render(data.sample_context(), PROPS)


def parts(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return {n: z.read(n) for n in z.namelist()}


def xml(docx: bytes, member: str) -> etree._Element:
    return etree.fromstring(parts(docx)[member], STRICT)


def header_xml(docx: bytes) -> list[etree._Element]:
    return [etree.fromstring(b, STRICT) for n, b in parts(docx).items() if "header" in n]


def body_texts(docx: bytes) -> list[tuple[str, str]]:
    """(style name, text) of every body paragraph."""
    doc = Document(io.BytesIO(docx))
    return [(p.style.name if p.style is not None else "", p.text) for p in doc.paragraphs]


def full_text(docx: bytes) -> str:
    """Body and header text as python-docx reads it (w:br → \\n, w:tab → \\t)."""
    doc = Document(io.BytesIO(docx))
    texts = [p.text for p in doc.paragraphs]
    for section in doc.sections:
        for header in (section.first_page_header, section.header):
            if not header.is_linked_to_previous:
                texts += [p.text for p in header.paragraphs]
    return "\n".join(texts)


def header_text(docx: bytes) -> str:
    doc = Document(io.BytesIO(docx))
    return "\n".join(p.text for p in doc.sections[0].header.paragraphs)


def strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(path, text) of every string in a context."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, f"{path}[{index}]")


def list_blocks(docx: bytes) -> list[tuple[str, list[str]]]:
    """Contiguous list paragraphs as (numId, [texts])."""
    body = xml(docx, "word/document.xml").find("w:body", NS)
    blocks: list[tuple[str, list[str]]] = []
    previous_was_list = False
    for p in body.iterfind("w:p", NS):
        num_id = p.find("w:pPr/w:numPr/w:numId", NS)
        text = "".join(p.itertext())
        if num_id is None:
            previous_was_list = False
            continue
        value = num_id.get(f"{{{W}}}val")
        if previous_was_list and blocks[-1][0] == value:
            blocks[-1][1].append(text)
        else:
            blocks.append((value, [text]))
        previous_was_list = True
    return blocks


# --- content ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make", ["sample_context", "draft_context", "nasty_context"], ids=lambda s: s
)
def test_every_context_value_appears(compiled: WordTemplate, make: str) -> None:
    ctx = getattr(data, make)()
    text = full_text(compiled.render(ctx, PROPS))
    not_shown = NOT_SHOWN if ctx["draft"] else NOT_SHOWN | {"labels.draft"}
    missing = [
        path
        for path, value in strings(ctx)
        if path not in not_shown and not path.endswith(".kind") and value and value not in text
    ]
    assert missing == []


def test_nasty_text_is_verbatim_in_body_and_header(compiled: WordTemplate) -> None:
    docx = compiled.render(data.nasty_context(), PROPS)
    assert f"Keski-Suomen hyvinvointialue {data.NASTY}" in header_text(docx)
    paragraphs = [t for _s, t in body_texts(docx)]
    assert f"§ 80 {data.NASTY} Keski-Suomen yhdyspintasuunnitelma" in paragraphs[3]


def test_item_order_and_label_rows(sample_docx: bytes) -> None:
    texts = [t for _s, t in body_texts(sample_docx)]
    order = [
        "Keski-Suomen hyvinvointialue\tEsityslista\t1 (1)",  # cached field results
        "Aluehallitus\t3.3.2026",
        "\tDnro 123/2026",
        "§ 80 Keski-Suomen yhdyspintasuunnitelma 2026–2029 & kuntien yhteistyösopimus",
        "Aikaisempi käsittely\nAluevaltuusto 4.11.2025 § 80\nAluehallitus 12.1.2026 § 7",
        "Valmistelija\nLasse Leppä, konsernipalveluiden toimialajohtaja, lasse.leppa@hyvaks.fi\n"
        "Anna-Liisa Heiskala, yhteiskuntasuhteiden päällikkö, anna-liisa.heiskala@hyvaks.fi",
        "Selostus asiasta",
        "Yleistä",
    ]
    assert texts[: len(order)] == order
    assert sum("Dnro 123/2026" in t for t in texts) == 1  # page 1 shows it once
    tail = texts[texts.index("Toimivalta\nHallintosääntö 17 §") :]
    assert tail[:3] == [
        "Toimivalta\nHallintosääntö 17 §",
        "Esittelijä\nVt. hyvinvointialuejohtaja Kati Kallimo",
        "Päätösehdotus",
    ]
    assert tail[-4:] == [
        "Liitteet\nLiite 1 Keski-Suomen yhdyspintasuunnitelma 2026–2029\n"
        "Liite 2 Vaihtoehtojen vertailu",
        "Tiedoksi\nKeski-Suomen kunnat\nKeski-Suomen liitto",
        "Muutoksenhaku\nOikaisuvaatimus",
        "Lisätietoja\nKeski-Suomen hyvinvointialue\n"
        "Lasse Leppä, konsernipalveluiden toimialajohtaja, puh. 014 266 0000",
    ]


def test_newline_and_tab_become_break_and_tab(sample_docx: bytes) -> None:
    body = xml(sample_docx, "word/document.xml")
    paragraphs = {"".join(p.itertext()): p for p in body.iter(f"{{{W}}}p")}
    broken = next(p for t, p in paragraphs.items() if t.startswith("Hyvinvointialueesta"))
    assert len(broken.findall(".//w:br", NS)) == 1
    tabbed = next(p for t, p in paragraphs.items() if t.startswith("Seurantaa"))
    assert len(tabbed.findall(".//w:tab", NS)) == 1
    assert "\t" not in "".join(tabbed.itertext())


def test_stray_control_characters_lose_no_text(compiled: WordTemplate) -> None:
    ctx = data.sample_context()
    ctx["presenter"] = "Kati\x0bKallimo & <x>\x00\x07 loppu"  # Word's manual break, NUL, bell
    ctx["organisation"] = "Organisaatio\x0c& <y>"  # header part: parsed strictly by docxtpl
    docx = compiled.render(ctx, PROPS)
    texts = [t for _s, t in body_texts(docx)]
    assert "Esittelijä\nKati\nKallimo & <x> loppu" in texts
    assert texts[-1].startswith("Lisätietoja\n")  # nothing after the bad value was dropped
    assert "Organisaatio\n& <y>" in header_text(docx)
    assert docx == WordTemplate(TEMPLATE).render(ctx, PROPS)


def test_draft_marks_header_and_first_page(compiled: WordTemplate, sample_docx: bytes) -> None:
    docx = compiled.render(data.draft_context(), PROPS)
    assert "LUONNOS" in header_text(docx)
    texts = [t for _s, t in body_texts(docx)]
    assert "LUONNOS\tDnro 123/2026" in texts[:3]
    assert "LUONNOS\nEsittelijä puuttuu\nToimivalta puuttuu" in texts
    assert not any(t.startswith(("Esittelijä\n", "Toimivalta\n")) for t in texts)
    assert "LUONNOS" not in full_text(sample_docx)


def test_empty_parts_are_skipped_without_blank_paragraphs(compiled: WordTemplate) -> None:
    docx = compiled.render(data.minimal_context(), PROPS)
    texts = [t for _s, t in body_texts(docx)]
    assert texts == [
        "Keski-Suomen hyvinvointialue\tEsityslista\t1 (1)",
        "Aluehallitus\t",
        data.sample_context()["title"],
    ]


def test_no_template_markup_left(sample_docx: bytes) -> None:
    text = full_text(sample_docx)
    for marker in ("{{", "}}", "{%", "%}"):
        assert marker not in text


# --- structure -------------------------------------------------------------------------------


@pytest.mark.parametrize("make", ["sample_context", "nasty_context", "minimal_context"])
def test_every_xml_part_parses_strictly(compiled: WordTemplate, make: str) -> None:
    docx = compiled.render(getattr(data, make)(), PROPS)
    for name, blob in parts(docx).items():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(blob, STRICT)  # raises on any error


def test_headings_use_builtin_styles(sample_docx: bytes) -> None:
    styles = dict((t, s) for s, t in body_texts(sample_docx))
    assert styles[data.sample_context()["title"].join(["§ 80 ", ""])] == "Heading 1"
    assert styles["Selostus asiasta"] == "Heading 2"
    assert styles["Yleistä"] == "Heading 2"
    assert styles["Suunnitelman valmistelu"] == "Heading 3"
    assert styles["Strategian liittymäpinnan kuvaus"] == "Heading 3"
    assert styles["Päätösehdotus"] == "Heading 2"
    preparers = "\n".join(data.sample_context()["preparers"])
    assert styles[f"Valmistelija\n{preparers}"] == "Label Row"
    assert styles["Matti Mäkinen, kunnanjohtaja, Hankasalmen kunta"] == "Lines"


def test_each_list_block_restarts_at_one(sample_docx: bytes) -> None:
    blocks = list_blocks(sample_docx)
    assert [texts for _n, texts in blocks] == [
        [
            "kuntakohtaiset neuvottelut syksyllä 2025",
            "yhteinen työpaja ja lausuntokierros tammikuussa 2026",
        ],
        ["hyvinvoinnin ja terveyden edistäminen", "elinvoiman ja turvallisuuden rakentaminen"],
        ["kuntien hyvinvointikertomukset", "alueellinen hyvinvointisuunnitelma"],
        [
            "hyväksyä Keski-Suomen yhdyspintasuunnitelman 2026–2029 liitteen 1 mukaisena ja",
            "esittää aluevaltuustolle, että se merkitsee suunnitelman tiedoksi.",
        ],
    ]
    num_ids = [n for n, _t in blocks]
    assert len(set(num_ids)) == len(num_ids)
    numbering = xml(sample_docx, "word/numbering.xml")
    abstract_of = {}
    for num_id in num_ids:
        num = numbering.find(f"w:num[@w:numId='{num_id}']", NS)
        assert num is not None
        start = num.find("w:lvlOverride[@w:ilvl='0']/w:startOverride", NS)
        assert start is not None
        assert start.get(f"{{{W}}}val") == "1"
        abstract_of[num_id] = num.find("w:abstractNumId", NS).get(f"{{{W}}}val")
    ordered = [num_ids[i] for i in (0, 1, 3)]
    assert len({abstract_of[n] for n in ordered}) == 1  # same list style, restarted
    assert abstract_of[num_ids[2]] != abstract_of[num_ids[0]]  # bullets
    # every w:num element comes after every w:abstractNum (schema order)
    tags = [etree.QName(e).localname for e in numbering]
    assert tags.index("num") > max(i for i, t in enumerate(tags) if t == "abstractNum")


def test_a_paragraph_leading_into_a_list_keeps_with_it(sample_docx: bytes) -> None:
    """"Työryhmän jäsenet ovat:" never ends a page with its members on the next one: a
    paragraph directly before a list or lines block keeps with the next paragraph (in the
    explanation and in the proposal); other paragraphs break freely."""
    body = xml(sample_docx, "word/document.xml").find("w:body", NS)
    paragraphs = body.findall("w:p", NS)

    def style(p: etree._Element) -> str:
        found = p.find("w:pPr/w:pStyle", NS)
        return found.get(f"{{{W}}}val") if found is not None else ""

    keeps: dict[str, bool] = {}
    for p, following in zip(paragraphs, paragraphs[1:], strict=False):
        if style(p) == "BodyText":
            keeps["".join(p.itertext())] = (p.find("w:pPr/w:keepNext", NS) is not None,
                                            style(following))
    leads = {text for text, (_keep, nxt) in keeps.items()
             if nxt in ("Lines", "ListNumber", "ListBullet")}
    assert leads == {"Suunnitelmaa valmistelleen työryhmän jäsenet ovat:",
                     "Suunnitelma on valmisteltu yhdessä alueen 22 kunnan kanssa. Valmistelu "
                     "eteni kahdessa vaiheessa:",
                     "Suunnitelman painopisteet ovat:",
                     # the tab is a w:tab element, which itertext() does not read
                     "Seurantaa varten kootaanmittaritaulukko kerran vuodessa.",
                     "Aluehallitus päättää"}
    assert {text for text, (keep, _nxt) in keeps.items() if keep} == leads


def test_header_has_page_fields(sample_docx: bytes) -> None:
    instructions = []
    for header in header_xml(sample_docx):
        instructions += [t.strip() for t in header.xpath(".//w:instrText/text()", namespaces=NS)]
        for begin in header.iterfind(".//w:fldChar[@w:fldCharType='begin']", NS):
            assert begin is not None
    assert "PAGE" in instructions
    assert "NUMPAGES" in instructions
    body = xml(sample_docx, "word/document.xml")
    first = body.find("w:body/w:p", NS)
    kinds = first.xpath(".//w:fldChar/@w:fldCharType", namespaces=NS)
    assert kinds == ["begin", "separate", "end"] * 2
    assert [t.strip() for t in first.xpath(".//w:instrText/text()", namespaces=NS)] == [
        "PAGE",
        "NUMPAGES",
    ]
    assert "Keski-Suomen hyvinvointialue\tEsityslista\t1 (1)" in header_text(sample_docx)


# --- properties and language -----------------------------------------------------------------


def test_core_properties_set_verbatim(sample_docx: bytes) -> None:
    core = Document(io.BytesIO(sample_docx)).core_properties
    assert core.title == "Keski-Suomen yhdyspintasuunnitelma 2026–2029 & kuntien yhteistyösopimus"
    assert core.author == "Lasse Leppä"
    assert core.last_modified_by == "Lasse Leppä"
    assert core.language == "fi-FI"
    assert core.subject == PROPS.subject
    assert core.keywords == PROPS.keywords
    assert core.category == "Esityslista"
    assert core.revision == 1
    assert core.created == dt.datetime(2026, 3, 3, tzinfo=dt.UTC)
    assert core.modified == dt.datetime(2026, 3, 3, tzinfo=dt.UTC)
    assert "&amp;amp;" not in parts(sample_docx)["docProps/core.xml"].decode()


def test_default_language_in_styles(compiled: WordTemplate, sample_docx: bytes) -> None:
    def default_lang(docx: bytes) -> str | None:
        styles = xml(docx, "word/styles.xml")
        lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
        assert lang is not None
        return lang.get(f"{{{W}}}val")

    assert default_lang(sample_docx) == "fi-FI"
    swedish = DocProperties(title="Titel", author="Beredare", language="sv")
    docx = compiled.render(data.sample_context(), swedish)
    assert default_lang(docx) == "sv-FI"
    assert Document(io.BytesIO(docx)).core_properties.language == "sv-FI"
    # no style or run overrides the document language
    for member in ("word/styles.xml", "word/document.xml"):
        assert len(xml(docx, member).findall(".//w:lang", NS)) == (
            1 if member == "word/styles.xml" else 0
        )


def test_a_template_marked_in_its_authors_language_renders_in_the_documents(
        tmp_path: Path) -> None:
    """A template saved in LibreOffice marks its styles and runs with its author's language
    (``fi-FI``), header and footer too: a Swedish document of it is Swedish throughout, as
    spell-checkers and screen readers read it, and a Finnish one stays Finnish."""
    marked = tmp_path / "marked.docx"
    lang = '<w:lang w:val="fi-FI" w:eastAsia="zh-CN"/></w:rPr>'
    with zipfile.ZipFile(TEMPLATE) as src, zipfile.ZipFile(marked, "w") as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename.startswith(("word/document", "word/header", "word/footer",
                                         "word/styles")):
                blob = blob.replace(b"</w:rPr>", lang.encode())
            dst.writestr(info, blob)
    assert zipfile.ZipFile(marked).read("word/document.xml").count(b'w:val="fi-FI"') > 2
    template = WordTemplate(marked)
    for language, tag in (("sv", "sv-FI"), ("fi", "fi-FI")):
        docx = template.render(data.sample_context(),
                               DocProperties(title="Titel", language=language))
        found = {(name, el.get(f"{{{W}}}val"), el.get(f"{{{W}}}eastAsia"))
                 for name, part in parts(docx).items()
                 if name.startswith("word/") and name.endswith(".xml")
                 for el in etree.fromstring(part).iter(f"{{{W}}}lang")}
        assert {(val, east) for _, val, east in found} <= {(tag, "zh-CN"), (tag, "en-US")}
        assert {name for name, _, _ in found} >= {"word/document.xml", "word/styles.xml"}


def test_bad_language_is_rejected(compiled: WordTemplate) -> None:
    with pytest.raises(ValueError, match="language"):
        compiled.render(data.sample_context(), DocProperties(title="x", language="suomi"))


# --- determinism -----------------------------------------------------------------------------


def test_two_renders_are_byte_identical() -> None:
    first = WordTemplate(TEMPLATE).render(data.sample_context(), PROPS)
    second = WordTemplate(TEMPLATE.read_bytes()).render(data.sample_context(), PROPS)
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert z.namelist()[0] == "[Content_Types].xml"
        assert "docProps/thumbnail.jpeg" not in z.namelist()


@pytest.mark.parametrize(
    "make", ["sample_context", "draft_context", "minimal_context", "nasty_context"]
)
def test_renders_do_not_influence_each_other(compiled: WordTemplate, make: str) -> None:
    # render another context first: nothing may leak from one render to the next
    ctx = getattr(data, make)()
    fresh = WordTemplate(TEMPLATE).render(ctx, PROPS)
    compiled.render(data.nasty_context(), PROPS)
    assert compiled.render(ctx, PROPS) == fresh


# --- errors ----------------------------------------------------------------------------------


def test_undefined_variable_names_it(compiled: WordTemplate) -> None:
    ctx = data.sample_context()
    del ctx["presenter"]
    for render in (
        lambda: compiled.render(ctx, PROPS),
        lambda: WordTemplate(TEMPLATE).render(ctx, PROPS),
    ):
        with pytest.raises(TemplateError, match="'presenter' is undefined") as info:
            render()
        assert info.value.template == "decision.docx"
        # located as Word shows it: the {%p paragraph, which docxtpl moved onto the line of
        # the paragraph before (was "word/document.xml line 46 (near …)")
        assert ('decision.docx: paragraph 48 ("{%p if presenter %}"): \'presenter\' is '
                "undefined") in str(info.value)


def test_missing_label_names_it(compiled: WordTemplate) -> None:
    ctx = data.sample_context()
    del ctx["labels"]["presenter"]
    with pytest.raises(TemplateError, match="no attribute 'presenter'"):
        compiled.render(ctx, PROPS)


def _tiny_template(*paragraphs: str) -> bytes:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_syntax_error_names_the_paragraph_of_the_unclosed_block() -> None:
    broken = _tiny_template("Otsikko", "{% if x %}ei loppua")
    for call in (
        lambda: WordTemplate(broken, name="rikki.docx"),
        lambda: template_variables(broken),
    ):
        with pytest.raises(TemplateError, match="syntax error") as info:
            call()
        # the tag that opens the block, not the end of the part Jinja names
        assert ('paragraph 2 ("{% if x %}ei loppua"): syntax error: {% if x %} opens a block '
                "that is never closed; write {% endif %} where the block ends") in str(info.value)


def test_dict_method_lookup_is_a_template_error() -> None:
    template = _tiny_template("{%p for i in b.items %}", "{{ i }}", "{%p endfor %}")
    with pytest.raises(TemplateError, match="not iterable"):
        WordTemplate(template).render({"b": {"items": ["x"]}}, PROPS)


def test_template_variables_match_the_contract() -> None:
    found = template_variables(TEMPLATE)
    assert found <= set(data.sample_context())
    assert found == set(data.sample_context()) - {"lang"}


# --- the template file itself ----------------------------------------------------------------


def test_template_is_clean_and_sfs_2487_layout() -> None:
    doc = Document(str(TEMPLATE))
    core = doc.core_properties
    assert (core.author, core.title, core.last_modified_by) == (
        "", "Päätösehdotus (asiakirjapohja)", "")
    assert core.created is None
    assert core.modified is None
    names = parts(TEMPLATE.read_bytes())
    assert not any(n.startswith(("customXml/", "docProps/thumbnail")) for n in names)
    assert b"python-docx" not in b"".join(names.values())
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin)
    assert [round(m.mm) for m in margins] == [20, 10, 10, 20]
    assert section.different_first_page_header_footer
    body_text = doc.styles["Body Text"].paragraph_format
    assert round(body_text.left_indent.mm) == 23
    assert body_text.space_after.pt >= 10
    assert doc.styles["Body Text"].font.size is None  # 11 pt from the document defaults
    label = doc.styles["Label Row"].paragraph_format
    assert round(label.left_indent.mm) == 23
    assert round(label.first_line_indent.mm) == -23
    for level in (1, 2, 3):
        heading = doc.styles[f"Heading {level}"]
        assert heading.font.bold
        assert heading.paragraph_format.left_indent in (None, 0)
    assert doc.styles["Heading 1"].font.size.pt == 14
    styles = xml(TEMPLATE.read_bytes(), "word/styles.xml")
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert defaults.find("w:lang", NS).get(f"{{{W}}}val") == "fi-FI"
    assert defaults.find("w:rFonts", NS).get(f"{{{W}}}ascii") == "Arial"
    assert defaults.find("w:sz", NS).get(f"{{{W}}}val") == "22"
    assert styles.findall(".//w:color", NS) == []


# --- LibreOffice -----------------------------------------------------------------------------


def test_convert_without_soffice_gives_install_hint(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    source = tmp_path / "a.docx"
    source.write_bytes(b"x")
    with pytest.raises(ConversionError, match="apt-get install libreoffice-writer-nogui"):
        convert_to_pdf([source], tmp_path)


@pytest.mark.libreoffice  # skipped without soffice by conftest.py (a failure in CI)
@pytest.mark.slow
def test_libreoffice_renders_pdf(tmp_path: Path, sample_docx: bytes) -> None:
    assert soffice_path() is not None, "LibreOffice is required here (CI installs it)"
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    source = tmp_path / "paatosehdotus.docx"
    source.write_bytes(sample_docx)
    broken = tmp_path / "rikki.docx"  # unescaped & in the body: LibreOffice exits 0, no PDF
    with zipfile.ZipFile(io.BytesIO(sample_docx)) as z, zipfile.ZipFile(broken, "w") as out:
        for name in z.namelist():
            blob = z.read(name)
            if name == "word/document.xml":
                blob = blob.replace(b"&amp;", b"&")
            out.writestr(name, blob)

    (pdf,) = convert_to_pdf([source], tmp_path / "pdf", timeout=120)
    assert pdf.is_file()
    assert pdf.stat().st_size > 0
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert "Keski-Suomen yhdyspintasuunnitelma 2026–2029 & kuntien" in text
    assert "1 (2)" in text or "1 (1)" in text
    # each list starts at 1 in the rendered PDF
    for item in ("1. kuntakohtaiset", "1. hyvinvoinnin", "1. hyväksyä"):
        assert item in " ".join(text.split())
    info = subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=False, timeout=60
    ).stdout
    if "Tagged:" in info:
        assert "Tagged:          yes" in info

    with pytest.raises(ConversionError, match="made no PDF for: rikki.docx"):
        convert_to_pdf([broken], tmp_path / "pdf2", timeout=120)


# --- label rows: one form in both languages ------------------------------------------------


def test_label_rows_put_the_value_under_the_label_at_the_body_indent() -> None:
    with zipfile.ZipFile(TEMPLATE) as z:
        document = etree.fromstring(z.read("word/document.xml"))
        styles = etree.fromstring(z.read("word/styles.xml"))
    rows = [p for p in document.iter(f"{{{W}}}p")
            if p.find("w:pPr/w:pStyle[@w:val='LabelRow']", NS) is not None]
    assert len(rows) >= 8
    for row in rows:
        runs = row.findall("w:r", NS)
        assert runs[0].findtext("w:t", namespaces=NS).startswith("{{ labels.")
        assert runs[1].find("w:br", NS) is not None, etree.tostring(row)  # not a tab
        assert row.find(".//w:tab", NS) is None

    def indent(style_id: str) -> etree._Element:
        return styles.find(f"w:style[@w:styleId='{style_id}']/w:pPr/w:ind", NS)

    label, body = indent("LabelRow"), indent("BodyText")
    assert label.get(f"{{{W}}}left") == label.get(f"{{{W}}}hanging") == body.get(f"{{{W}}}left")
    assert styles.find("w:style[@w:styleId='LabelRow']/w:pPr/w:keepLines", NS) is not None


@pytest.mark.libreoffice
def test_swedish_label_values_share_the_body_edge_in_the_pdf(tmp_path: Path) -> None:
    """In the PDF of the Swedish proposal of the bilingual example, every line after a label
    (the value and its continuation lines) starts at the same x as the body text."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    from yhdyspinta_docs._build import BuildOptions, make_decisions
    from yhdyspinta_docs.contexts._formatting import labels
    from yhdyspinta_docs.plan._loader import load_plan

    pf = load_plan(ROOT / "examples" / "pohjanmaa" / "plan.yaml")
    [docx] = [f for f in make_decisions(pf, BuildOptions(languages=("sv",), open_data=False))
              if f.path == "paatosehdotus_hyvinvointialue_sv.docx"]
    source = tmp_path / "sv.docx"
    source.write_bytes(docx.data)
    [pdf] = convert_to_pdf([source], tmp_path)
    subprocess.run(["pdftotext", "-bbox-layout", str(pdf), str(tmp_path / "sv.html")],
                   check=True, timeout=60)
    root = etree.fromstring((tmp_path / "sv.html").read_bytes(),
                          etree.HTMLParser(encoding="utf-8"))
    lines = [(float(line.get("xmin")), " ".join(w.text or "" for w in line.iter("word")))
             for line in root.iter("line")]
    body_x = next(x for x, text in lines if text.startswith("Enligt 14 §"))  # body text
    margin = min(x for x, _t in lines)
    wanted = {labels("sv")[k] for k in ("previous", "preparer", "competence", "presenter",
                                        "attachments", "for_information", "contact")}
    wanted.add("Anvisning om rättelseyrkande")  # the board's own decision: rectification
    found = set()
    for i, (x, text) in enumerate(lines):
        if text not in wanted or abs(x - margin) > 1:
            continue
        found.add(text)
        values = []
        for vx, vtext in lines[i + 1:]:
            if vx < body_x - 1:
                break
            values.append((vx, vtext))
        assert values, text
        assert all(abs(vx - body_x) < 0.5 for vx, _v in values), (text, values)
    assert found == wanted
