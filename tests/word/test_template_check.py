"""check-template: context types match the real contexts, broken templates are found, the
bundled templates are clean, and docs/templates.md is what the generator writes.

The broken templates are made from the bundled ones by tests/data/templates/make_broken.py.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from helpers import KEY, load_module, paragraph_text
from yhdyspinta_docs.contexts._decision import decision_context
from yhdyspinta_docs.contexts._plan import plan_context
from yhdyspinta_docs.contexts._report import report_context, report_decision_context
from yhdyspinta_docs.contexts._types import (
    CONTEXT_TYPES,
    DecisionContext,
    PlanContext,
    ReportContext,
    hints,
    is_typeddict,
    key_docs,
    mismatches,
    variants,
)
from yhdyspinta_docs.errors import TemplateError
from yhdyspinta_docs.plan._loader import load_plan
from yhdyspinta_docs.plan._model import PlanFile
from yhdyspinta_docs.word._check import (
    check_template,
    ensure_template_ok,
    infer_kind,
    sample_followup,
    synthetic_context,
)

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
EXAMPLES = ["keski-suomi", "pohjanmaa"]


def _load(path: Path, name: str) -> ModuleType:
    return load_module(name, path)


BROKEN = _load(ROOT / "tests" / "data" / "templates" / "make_broken.py", "make_broken")


@pytest.fixture(scope="module", params=EXAMPLES)
def plan(request: pytest.FixtureRequest) -> PlanFile:
    return load_plan(ROOT / "examples" / request.param / "plan.yaml")


def _messages(path: Path, kind: str | None = None) -> str:
    return "\n".join(str(i) for i in check_template(path, kind))


# --- the types are the real contexts ------------------------------------------------------------


def test_decision_contexts_have_exactly_the_documented_keys(plan: PlanFile) -> None:
    parties: list[str | None] = [None, *(p.id for p in plan.parties)]
    for lang in plan.languages:
        for party in parties:
            for public in (False, True):
                ctx = decision_context(plan, party, lang, public=public, allow_drafts=True)
                assert mismatches(ctx, DecisionContext) == [], (party, lang, public)


def test_plan_contexts_have_exactly_the_documented_keys(plan: PlanFile) -> None:
    for lang in plan.languages:
        for public in (False, True):
            assert mismatches(plan_context(plan, lang, public=public), PlanContext) == []


def test_report_contexts_have_exactly_the_documented_keys(plan: PlanFile) -> None:
    current, previous = sample_followup(plan)
    for lang in plan.languages:
        for before in (None, previous):
            ctx = report_context(plan, current, lang, previous=before)
            assert mismatches(ctx, ReportContext) == []
            assert mismatches(report_decision_context(plan, ctx), DecisionContext) == []


def test_approval_round_contexts_have_exactly_the_documented_keys(plan: PlanFile) -> None:
    from yhdyspinta_docs.contexts._minutes import approval_summary_context, minutes_context
    from yhdyspinta_docs.contexts._types_approvals import ApprovalSummaryContext, MinutesContext

    records = plan.decisions.records if plan.decisions else []
    for lang in plan.languages:
        assert mismatches(approval_summary_context(plan, lang), ApprovalSummaryContext) == []
        for i in range(len(records)):
            for public in (False, True):
                ctx = minutes_context(plan, i, lang, public=public)
                assert mismatches(ctx, MinutesContext) == [], (i, lang, public)


def test_mismatches_finds_an_extra_a_missing_and_a_nested_key(example_plan: PlanFile) -> None:
    ctx: dict[str, Any] = plan_context(example_plan)
    ctx["extra"] = 1
    del ctx["region"]
    ctx["measures"][0]["responsibles"] = ctx["measures"][0].pop("responsible")
    found = "\n".join(mismatches(ctx, PlanContext))
    assert ".extra: not in PlanContext" in found and ".region: missing" in found
    assert ".measures[0].responsibles: not in PlanMeasure" in found


def _shapes(tp: Any, seen: set[Any]) -> set[Any]:
    for member in variants(tp):
        if is_typeddict(member) and member not in seen:
            seen.add(member)
            for sub in hints(member).values():
                _shapes(sub, seen)
        for arg in getattr(member, "__args__", ()):
            _shapes(arg, seen)
    return seen


def test_every_key_is_documented() -> None:
    shapes: set[Any] = set()
    for tp in CONTEXT_TYPES.values():
        _shapes(tp, shapes)
    assert len(shapes) >= 15
    for shape in shapes:
        missing = set(hints(shape)) - set(key_docs(shape))
        assert not missing, f"{shape.__name__}: no documentation string after {missing}"
        assert shape.__doc__, shape.__name__


# --- broken templates ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("broken")
    for case in BROKEN.DOCX_CASES:
        BROKEN.make_docx(case, directory)
    for case in BROKEN.XLSX_CASES:
        BROKEN.make_xlsx(case, directory)
    return directory


def test_unknown_variable_with_suggestion_and_its_paragraph(broken: Path) -> None:
    """Located as Word shows it: the paragraph and its text (was: "word/document.xml line 5
    (near …)", a line of the converted template that no one editing it in Word can find)."""
    path = broken / "unknown_variable.docx"
    [issue] = check_template(path)
    assert issue.what == "unknown variable 'titel'; did you mean 'title'?"
    found = re.fullmatch(r"unknown_variable\.docx: paragraph (\d+) \(\"(.*)\"\)", issue.where)
    assert found, issue.where
    assert "{{ titel }}" in found[2] and found[2] == paragraph_text(path, "word/document.xml",
                                                                 int(found[1]))


def test_unknown_attribute_inside_a_loop_is_named_by_its_table_cell(broken: Path) -> None:
    import docx

    path = broken / "unknown_in_loop.docx"
    [issue] = check_template(path)
    assert "unknown variable 'm.responsibles'" in issue.what
    assert "did you mean 'm.responsible'?" in issue.what
    found = re.fullmatch(r"unknown_in_loop\.docx: table (\d+), row (\d+), column (\d+) "
                         r"\(\"\{\{ m\.responsibles or '–' \}\}\"\)", issue.where)
    assert found, issue.where
    table, row, column = (int(n) for n in found.groups())
    cell = docx.Document(str(path)).tables[table - 1].rows[row - 1].cells[column - 1]
    assert cell.text == "{{ m.responsibles or '–' }}"


def test_unknown_variable_in_a_header_is_named_as_word_names_the_header(broken: Path) -> None:
    [issue] = check_template(broken / "unknown_in_header.docx")
    # header2.xml is the header of every page but the first ("Header -Section 1-" in Word)
    assert issue.where == ('unknown_in_header.docx: header of section 1, paragraph 2 '
                           '("{{ bodi }}{{ date }}")')
    assert paragraph_text(broken / "unknown_in_header.docx", "word/header2.xml", 2) == \
        "{{ bodi }}{{ date }}"
    assert "did you mean 'body'?" in issue.what


def test_a_finding_in_a_removed_paragraph_names_that_paragraph(broken: Path) -> None:
    """docxtpl replaces a {%p paragraph by its tag, on the line of the paragraph before:
    the finding named that one ("near {{ b.text }}…"), not the paragraph with the tag."""
    path = broken / "dict_method.docx"
    [issue] = check_template(path)
    found = re.fullmatch(r"dict_method\.docx: paragraph (\d+) "
                         r"\(\"\{%p for line in b\.items %\}\"\)", issue.where)
    assert found, issue.where
    assert paragraph_text(path, "word/document.xml", int(found[1])) == "{%p for line in b.items %}"


def _placed_template(path: Path) -> Path:
    """A plan template with unknown variables in a body paragraph, a removed {%p paragraph,
    the second paragraph of a table cell inside a {%tr loop, a second table, a long
    paragraph, the first-page header and the footer (cells without text are <w:p/>)."""
    import docx

    document = docx.Document()
    document.add_paragraph("Otsikko {{ title }}")
    document.add_paragraph("{%p if bogus %}")
    document.add_paragraph("{{ region }}")
    document.add_paragraph("{%p endif %}")
    table = document.add_table(rows=4, cols=3)
    table.cell(0, 0).text = "{{ labels.number }}"
    table.cell(1, 0).text = "{%tr for m in measures %}"
    table.cell(2, 1).text = "{{ m.title }}"
    table.cell(2, 1).add_paragraph("Vastuu: {{ m.responsibles }}")
    table.cell(3, 0).text = "{%tr endfor %}"
    document.add_paragraph("Välissä")
    document.add_table(rows=1, cols=2).cell(0, 1).text = "{{ perioud }}"
    words = "Pitkä kappale, jossa on paljon tekstiä ennen tunnistetta ja sen jälkeen: "
    document.add_paragraph(words + "{{ versoin }} " + words)
    section = document.sections[0]
    section.footer.paragraphs[0].text = "Sivu {{ pagee }}"
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "{{ organisatio }}"
    document.save(str(path))
    return path


def test_unknown_variables_are_located_as_word_shows_them(tmp_path: Path) -> None:
    path = _placed_template(tmp_path / "suunnitelma.docx")
    found = [i.where for i in check_template(path, "plan") if "unknown variable" in i.what]
    assert found == [
        'suunnitelma.docx: paragraph 2 ("{%p if bogus %}")',
        'suunnitelma.docx: table 1, row 3, column 2, paragraph 2 ("Vastuu: {{ m.responsibles '
        '}}")',
        'suunnitelma.docx: table 2, row 1, column 2 ("{{ perioud }}")',
        # paragraphs are counted as the findings of tag placement count them: those of table
        # cells too (4 + 13 in the first table + 1 + 2 in the second + this one)
        'suunnitelma.docx: paragraph 21 ("…jälkeen: {{ versoin }} Pitkä kappale, jossa on '
        'paljon tekst…")',
        'suunnitelma.docx: first-page header of section 1, paragraph 1 ("{{ organisatio }}")',
        'suunnitelma.docx: footer of section 1, paragraph 1 ("Sivu {{ pagee }}")',
    ]
    assert paragraph_text(path, "word/document.xml", 21).startswith("Pitkä kappale")


def test_a_table_in_a_table_cell_is_named_by_that_cell(tmp_path: Path) -> None:
    """Word shows a table nested in a cell inside that cell, not as a table of its own: the
    part's tables are counted without those nested in them, and a nested one by the cell it
    is in (a table after one with a nested table is table 2, not table 3)."""
    import docx

    document = docx.Document()
    outer = document.add_table(rows=2, cols=2)
    outer.cell(0, 0).text = "Ulompi"
    inner = outer.cell(1, 1).add_table(rows=2, cols=1)
    inner.cell(1, 0).text = "{{ perioud }}"
    document.add_paragraph("Välissä")
    document.add_table(rows=2, cols=2).cell(1, 0).text = "{{ regoin }}"
    path = tmp_path / "suunnitelma.docx"
    document.save(str(path))
    found = [i.where for i in check_template(path, "plan") if "unknown variable" in i.what]
    assert found == [
        'suunnitelma.docx: table 1, row 2, column 2, table 1, row 2, column 1 ("{{ perioud }}")',
        'suunnitelma.docx: table 2, row 2, column 1 ("{{ regoin }}")',
    ]


@pytest.mark.parametrize(("case", "part", "number", "place", "what"), [
    ("syntax_error", "word/document.xml", 2, 'paragraph 2 ("{{ body }{{ date }}")',
     "syntax error: unexpected '}'; correct the tag"),
    # header2.xml is the header of every page but the first
    ("syntax_error_in_header", "word/header2.xml", 1,
     'header of section 1, paragraph 1 ("{{ organisation }}{{ doc_type | }}1 (1)")',
     "syntax error: expected token 'name', got 'end of print statement'; correct the tag "
     "{{ doc_type | }}"),
])
def test_syntax_error_is_located_as_word_shows_it(
        broken: Path, case: str, part: str, number: int, place: str, what: str) -> None:
    """Was "word/document.xml line 4 (near …)", a line of the converted template."""
    [issue] = check_template(broken / f"{case}.docx")
    assert issue.where == f"{case}.docx: {place}"
    assert issue.what == what
    assert paragraph_text(broken / f"{case}.docx", part, number) == place.split('("')[1][:-2]


def test_row_tag_in_a_normal_paragraph(broken: Path) -> None:
    path = broken / "row_tag_in_paragraph.docx"
    first, second = check_template(path)
    assert first.where == 'row_tag_in_paragraph.docx: paragraph 10 ("{%tr if history %}")'
    assert first.what.startswith("{%tr if history %} is not in a table row")
    # the other tag a finding mentions is named the same way
    assert second.where == 'row_tag_in_paragraph.docx: paragraph 12 ("{%p endif %}")'
    assert second.what.startswith("{%p endif %} closes or continues {%tr if history %} "
                                  "(paragraph 10), a tag of another kind")
    assert paragraph_text(path, "word/document.xml", 10) == "{%tr if history %}"
    assert paragraph_text(path, "word/document.xml", 12) == "{%p endif %}"


@pytest.mark.parametrize(("case", "expected"), [
    # tag placement: located as Word shows it (was "word/document.xml paragraph 119 (near …)")
    ("text_beside_p_tag", 'paragraph 10 ("{%p if history %} Käsittely"): {%p if history %} '
                          "must be alone in its paragraph"),
    ("text_in_row_tag_row", 'table 1, row 2, column 1 ("{%tr for m in measures %}"): '
                            "{%tr for m in measures %} must be alone in its table row"),
    ("mixed_tag_kinds", 'table 1, row 4, column 1 ("{%p endfor %}"): {%p endfor %} closes or '
                        "continues {%tr for m in measures %} (table 1, row 2, column 1), a tag "
                        "of another kind"),
    ("percent_in_p_tag", 'paragraph 10 ("{%p if history|length % 2 %}"): \'%\' or \'}\' '
                         "inside '{%p if history|length % 2 %}' breaks docxtpl's {%p tag "
                         "(docxtpl's pattern for these tags stops at the first '%'"),
    ("dict_method", "'b.items' gives the dict method items(), not the value 'items' "
                    "(Jinja finds a dict's methods before its keys); write b['items']"),
    ("leftover_tag", "a template tag is left in the document"),
])
def test_misplaced_tags_and_traps(broken: Path, case: str, expected: str) -> None:
    found = _messages(broken / f"{case}.docx")
    assert expected in found, found
    assert "word/document.xml paragraph" not in found or case == "leftover_tag"


def test_the_table_cells_the_tag_findings_name_hold_those_tags(broken: Path) -> None:
    import docx

    table = docx.Document(str(broken / "mixed_tag_kinds.docx")).tables[0]
    assert table.rows[1].cells[0].text == "{%tr for m in measures %}"
    assert table.rows[3].cells[0].text == "{%p endfor %}"


def _new_document() -> Any:
    import docx

    document = docx.Document()
    document.add_paragraph("Alku")
    return document


def test_a_misplaced_p_tag_in_a_table_cell_is_named_by_table_row_and_column(
        tmp_path: Path) -> None:
    import docx

    document = _new_document()
    document.add_table(rows=1, cols=1).cell(0, 0).text = "Ensimmäinen taulukko"
    cell = document.add_table(rows=3, cols=3).cell(2, 1)
    cell.text = "Vastuu: {%p if region %}"
    for text in ("{{ region }}", "{%p endif %}", "–"):
        cell.add_paragraph(text)
    path = tmp_path / "pohja.docx"
    document.save(str(path))
    [issue] = check_template(path, "plan")
    assert issue.where == ('pohja.docx: table 2, row 3, column 2, paragraph 1 '
                           '("Vastuu: {%p if region %}")')
    assert issue.what.startswith("{%p if region %} must be alone in its paragraph: docxtpl "
                                 "deletes the whole paragraph, including 'Vastuu:'")
    named = docx.Document(str(path)).tables[1].rows[2].cells[1]
    assert named.paragraphs[0].text == "Vastuu: {%p if region %}"


@pytest.mark.parametrize("thing", ["a picture or drawing", "a text box",
                                   "a field (a page number, a date …)"])
def test_a_p_tag_paragraph_holding_a_picture_a_text_box_or_a_field_is_refused(
        thing: str, tmp_path: Path) -> None:
    """docxtpl deletes a {%p paragraph whole: a logo pasted there, a text box Word anchored
    there or a page number field would vanish from every document without a word."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = _new_document()
    document.add_paragraph("{%p if region %}")
    tag = document.add_paragraph("{{ region }}")
    closing = document.add_paragraph("{%p endif %}")
    if thing.startswith("a picture"):
        from PIL import Image

        png = io.BytesIO()
        Image.new("RGB", (4, 4), "blue").save(png, "PNG")
        shape = closing.add_run().add_picture(png)
        shape._inline.docPr.set("descr", "Kunnan logo")  # noqa: SLF001 - alt text: no API
    elif thing == "a text box":
        closing._p.append(parse_xml(  # noqa: SLF001 - python-docx has no API for text boxes
            f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape>'
            "<v:textbox><w:txbxContent><w:p><w:r><w:t>Logo</w:t></w:r></w:p></w:txbxContent>"
            "</v:textbox></v:shape></w:pict></w:r>"))
    else:  # a page number field, its result not yet computed (as Word saves it)
        for run in ('<w:fldChar w:fldCharType="begin"/>', "<w:instrText>PAGE</w:instrText>",
                    '<w:fldChar w:fldCharType="end"/>'):
            closing._p.append(parse_xml(f"<w:r {nsdecls('w')}>{run}</w:r>"))  # noqa: SLF001
    assert tag.text == "{{ region }}"
    path = tmp_path / "pohja.docx"
    document.save(str(path))
    [issue] = check_template(path, "plan")
    assert issue.where.startswith('pohja.docx: paragraph 4 ("{%p endif %}')
    assert issue.what == (
        "{%p endif %} must be alone in its paragraph: docxtpl deletes the whole paragraph, "
        f"including {thing} in it; give the tag a paragraph of its own (in Word, anchor a "
        "text box or a picture to another paragraph)")


def test_a_picture_without_alt_text_is_named_where_word_shows_it(tmp_path: Path) -> None:
    """A logo without alt text is in every document of the template: refused, named by its
    place, with how to give it alt text; with alt text, or marked decorative, it is fine."""
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(png, "PNG")
    document = _new_document()
    header = document.sections[0].header.paragraphs[0]
    shape = header.add_run().add_picture(png)
    shape._inline.docPr.attrib.pop("descr", None)  # noqa: SLF001 - as Word saves a new picture
    path = tmp_path / "logo.docx"
    document.save(str(path))
    [issue] = check_template(path, "plan")
    assert issue.where == "logo.docx: header of section 1, picture 'Picture 1'"
    assert issue.what.startswith("no alt text: a screen reader says nothing of it")
    shape._inline.docPr.set("descr", "Keski-Suomen hyvinvointialue")  # noqa: SLF001
    document.save(str(path))
    assert check_template(path, "plan") == []


def test_an_unknown_variable_in_a_tables_alt_text_is_named_there(tmp_path: Path) -> None:
    """A tag in a table's alt text (its caption, Table Properties → Alt Text) is told as
    there, with its text, not as the paragraph before the table, whose tag is right."""
    from helpers import edited_part

    path = edited_part(TEMPLATES / "plan.docx", tmp_path / "oma.docx", "word/document.xml",
                       '<w:tblCaption w:val="{{ labels.events }}"/>',
                       '<w:tblCaption w:val="{{ labels.event }}"/>')
    [issue] = check_template(path, "plan")
    assert issue.where == ('oma.docx: table 2, alt text (in Word: Table Properties, Alt '
                           'Text) ("{{ labels.event }}")')
    assert issue.what.startswith("unknown variable 'labels.event'")


def test_a_misplaced_p_tag_in_a_header_or_footer_is_named_as_word_names_it(
        tmp_path: Path) -> None:
    document = _new_document()
    header = document.sections[0].header
    header.paragraphs[0].text = "Otsikko"
    words = "Pitkä ylätunnisteen teksti, joka jatkuu ja jatkuu ennen tunnistetta: "
    header.add_paragraph(words + "{%p if title %} " + words)
    header.add_paragraph("{%p endif %}")
    section = document.add_section()
    section.different_first_page_header_footer = True
    footer = section.first_page_footer
    footer.is_linked_to_previous = False  # else python-docx writes section 1's
    footer.paragraphs[0].text = "Sivu {%p if body %}"
    footer.add_paragraph("{%p endif %}")
    path = tmp_path / "pohja.docx"
    document.save(str(path))
    found = [i.where for i in check_template(path, "decision") if "must be alone" in i.what]
    assert found == [
        # shortened around the tag, as the unknown variables are
        'pohja.docx: first-page footer of section 2, paragraph 1 ("Sivu {%p if body %}")',
        'pohja.docx: header of section 1, paragraph 2 ("…nistetta: {%p if title %} Pitkä '
        'ylätunnisteen teksti, joka j…")',
    ]


@pytest.mark.parametrize(("cells", "expected"), [
    # opened in a cell, closed below the table
    ([((1, 1), "{%p if region %}"), ((1, 1), "{{ region }}"), (None, "{%p endif %}")],
     ('paragraph 7 ("{%p endif %}")', "{%p if region %} (table 1, row 2, column 2, paragraph "
      "1) is in a table cell and {%p endif %} (paragraph 7) outside the table: ")),
    # opened above the table, closed in a cell
    ([(None, "{%p if region %}"), ((0, 1), "{%p endif %}"), ((0, 1), "–")],
     ('table 1, row 1, column 2, paragraph 1 ("{%p endif %}")', "{%p if region %} (paragraph "
      "2) is outside the table and {%p endif %} (table 1, row 1, column 2, paragraph 1) in a "
      "table cell: ")),
    # opened in one cell, closed in another
    ([((0, 0), "{%p if region %}"), ((0, 0), "–"), ((1, 1), "{%p endif %}"), ((1, 1), "–")],
     ('table 1, row 2, column 2, paragraph 1 ("{%p endif %}")', "{%p if region %} (table 1, "
      "row 1, column 1, paragraph 1) and {%p endif %} (table 1, row 2, column 2, paragraph 1) "
      "are in different table cells: ")),
], ids=["cell-then-below", "above-then-cell", "cell-then-cell"])
def test_a_block_split_across_cells_names_both_places(
        tmp_path: Path, cells: list[tuple[tuple[int, int] | None, str]],
        expected: tuple[str, str]) -> None:
    document = _new_document()
    before = [text for at, text in cells if at is None and "endif" not in text]
    for text in before:
        document.add_paragraph(text)
    table = document.add_table(rows=2, cols=2)
    for at, text in cells:
        if at is not None:
            cell = table.cell(*at)
            if cell.paragraphs[-1].text:
                cell.add_paragraph(text)
            else:
                cell.paragraphs[-1].text = text
    for at, text in cells:
        if at is None and text not in before:
            document.add_paragraph(text)
    path = tmp_path / "pohja.docx"
    document.save(str(path))
    [issue] = [i for i in check_template(path, "plan") if "table" in i.what]
    assert issue.where == f"pohja.docx: {expected[0]}"
    assert issue.what.startswith(expected[1]), issue.what
    assert "docxtpl would delete or repeat part of the table" in issue.what


def test_row_tags_in_two_tables_name_both_rows(tmp_path: Path) -> None:
    document = _new_document()
    document.add_table(rows=2, cols=2).cell(1, 0).text = "{%tr for m in measures %}"
    document.add_paragraph("Välissä")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "{{ m.title }}"
    table.cell(1, 0).text = "{%tr endfor %}"
    path = tmp_path / "pohja.docx"
    document.save(str(path))
    [issue] = check_template(path, "plan")
    assert issue.where == 'pohja.docx: table 2, row 2, column 1 ("{%tr endfor %}")'
    assert issue.what.startswith("{%tr for m in measures %} (table 1, row 2, column 1) and "
                                 "{%tr endfor %} (table 2, row 2, column 1) are not in rows of "
                                 "the same table: ")


def test_ensure_template_ok_raises_with_every_problem(broken: Path) -> None:
    with pytest.raises(TemplateError) as caught:
        ensure_template_ok(broken / "row_tag_in_paragraph.docx", "decision")
    assert len(caught.value.issues) == 2
    assert "nothing was written" in str(caught.value)
    assert "check-template" in str(caught.value)
    ensure_template_ok(TEMPLATES / "decision.docx")  # no error


def test_a_template_of_the_wrong_kind_is_found() -> None:
    found = _messages(TEMPLATES / "plan.docx", "decision")
    assert "unknown variable 'measures'" in found
    assert "not a Word .docx" in _messages(TEMPLATES / "matrix.xlsx", "decision")
    assert "unknown template kind 'minutes'" in _messages(TEMPLATES / "decision.docx", "minutes")


def test_build_with_a_broken_user_template_writes_nothing(
        broken: Path, tmp_path: Path, example_plan: PlanFile) -> None:
    from yhdyspinta_docs._build import BuildOptions, build

    # docxtpl itself would render this one, silently deleting "Dnro" from the document
    options = BuildOptions(key=KEY, templates={"decision": broken / "text_beside_p_tag.docx"},
                           plan_document=False, matrix=False, drafts=True)
    with pytest.raises(TemplateError, match="must be alone in its paragraph"):
        build(example_plan, tmp_path / "out", options)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_part_that_is_not_well_formed_is_named_by_its_part() -> None:
    """No paragraph of it can be told: the finding names the part, as before."""
    from yhdyspinta_docs.word._check import _check_docx

    out = io.BytesIO()
    with zipfile.ZipFile(TEMPLATES / "decision.docx") as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, data.replace(b"</w:hdr>", b"") if info.filename ==
                         "word/header2.xml" else data)
    first = _check_docx("pohja.docx", out.getvalue(), "decision")[0]
    assert first.where == "pohja.docx: word/header2.xml"
    assert first.what.startswith("not well-formed XML: ")


def test_a_source_that_does_not_fit_its_part_is_named_by_its_line() -> None:
    """Where the compiled source has other paragraphs than the part (it cannot be told which
    paragraph a line is), the finding names the part and the line, as before."""
    from yhdyspinta_docs.word._places import Places
    from yhdyspinta_docs.word._variables import variable_issues

    xml = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
           b'main"><w:body><w:p><w:r><w:t>{{ titel }}</w:t></w:r></w:p></w:body></w:document>')
    source = "<w:body>\n<w:p>{{ title }}</w:p>\n<w:p>{{ titel }}</w:p></w:body>"
    places = Places("t.docx", xml, source)
    assert places.at(3, "titel") is None
    assert Places("t.docx", xml, source.replace("\n<w:p>{{ title }}</w:p>", "")).at(
        2, "titel") == 't.docx: paragraph 1 ("{{ titel }}")'
    [issue] = variable_issues("t.docx", "/word/document.xml", source, DecisionContext,
                              "decision", places)
    assert issue.where == 't.docx: word/document.xml line 3 (near "{{ titel }}")'


# --- {%p blocks in table cells: a restyled decision.docx with the competence row in a table ------


def _competence_in_a_cell(tmp_path: Path, endif_too: bool, spare: bool = False) -> Path:
    """decision.docx with ``{%p if competence %}`` and its label row moved into a one-cell
    table, as a user restyling it does; `endif_too`: its ``{%p endif %}`` too, else that stays
    below the table; `spare`: an empty paragraph stays in the cell after the block."""
    import docx

    document = docx.Document(str(TEMPLATES / "decision.docx"))
    i = next(n for n, p in enumerate(document.paragraphs) if p.text == "{%p if competence %}")
    moved = [p._p for p in document.paragraphs[i:i + (3 if endif_too else 2)]]
    table = document.add_table(rows=1, cols=1)
    moved[0].addprevious(table._tbl)
    last = table.cell(0, 0).paragraphs[0]._p
    for paragraph in moved:
        last.addprevious(paragraph)
    if not spare:
        last.getparent().remove(last)
    path = tmp_path / f"paatos_{endif_too}_{spare}.docx"
    document.save(str(path))
    return path


def test_a_p_block_begun_in_a_cell_and_ended_outside_is_found(
        tmp_path: Path, example_plan: PlanFile) -> None:
    from yhdyspinta_docs._build import BuildOptions, build

    path = _competence_in_a_cell(tmp_path, endif_too=False)
    [issue] = check_template(path)
    found = re.fullmatch(r"paatos_False_False\.docx: paragraph (\d+) \(\"\{%p endif %\}\"\)",
                         issue.where)
    assert found, issue.where
    assert paragraph_text(path, "word/document.xml", int(found[1])) == "{%p endif %}"
    assert issue.what.startswith("{%p if competence %} (table 1, row 1, column 1, paragraph 1) "
                                 f"is in a table cell and {{%p endif %}} (paragraph {found[1]}) "
                                 "outside the table: ")
    assert "put the whole block in one cell" in issue.what
    # found before anything is rendered, not as "produced a broken document" for a party
    # whose proposal has no competence
    options = BuildOptions(key=KEY, templates={"decision": path}, for_each_party=True,
                           drafts=True, matrix=False, plan_document=False)
    with pytest.raises(TemplateError, match="is in a table cell and"):
        build(example_plan, tmp_path / "out", options)
    assert not (tmp_path / "out").exists()


def test_a_cell_whose_every_paragraph_is_in_a_p_block_is_found(tmp_path: Path) -> None:
    [issue] = check_template(_competence_in_a_cell(tmp_path, endif_too=True))
    assert issue.where == ('paatos_True_False.docx: table 1, row 1, column 1, paragraph 1 '
                           '("{%p if competence %}")')
    assert issue.what.startswith("every paragraph of this table cell is inside "
                                 "'{%p if competence %}'")
    assert "which Word cannot open" in issue.what
    # a paragraph kept in the cell outside the block: the cell is never empty
    assert check_template(_competence_in_a_cell(tmp_path, endif_too=True, spare=True)) == []


@pytest.mark.parametrize(("cell", "kept"), [
    (["{%p if competence %}", "{{ competence }}", "{%p else %}", "–", "{%p endif %}"], True),
    (["{%p if preparers %}", "{%p for p in preparers %}", "{{ p }}", "{%p endfor %}",
      "{%p endif %}"], False),
    (["{%p if preparers %}", "{%p for p in preparers %}", "{{ p }}", "{%p endfor %}",
      "{%p else %}", "–", "{%p endif %}"], True),
    (["{%p for p in preparers %}", "{{ p }}", "{%p endfor %}"], False),
    (["{%p for p in preparers %}", "{{ p }}", "{%p endfor %}", "{{ body }}"], True),
])
def test_a_cell_is_kept_when_a_paragraph_shows_whatever_the_data(
        cell: list[str], kept: bool) -> None:
    from yhdyspinta_docs.word._tags import _kept

    assert _kept(cell) is kept


def test_a_template_of_another_kind_is_named_as_such() -> None:
    [first, *rest] = check_template(TEMPLATES / "plan.docx", "decision")
    assert first.what.startswith("uses the variables of the 'plan' template (plan.docx), not "
                                 "those of the 'decision' template: give it as the 'plan' "
                                 "template")
    assert rest and all(i.what.startswith("unknown variable") for i in rest)
    [issue] = check_template(TEMPLATES / "decision.docx", "matrix")
    assert issue.what.startswith("is a Word document, not an Excel .xlsx workbook")
    [issue] = check_template(TEMPLATES / "matrix.xlsx", "decision")
    assert issue.what == "is an Excel workbook, not a Word .docx document: a workbook is the " \
        "'matrix' template"


# --- matrix template ----------------------------------------------------------------------------


def test_renamed_matrix_header_with_suggestion(broken: Path) -> None:
    [issue] = check_template(broken / "renamed_header.xlsx")
    assert issue.where == "renamed_header.xlsx: Seuranta!F1"
    assert issue.what == "column 'Tilanne' is missing; did you mean 'Tilanne' instead of 'Tilane'?"


def test_header_with_a_trailing_space_is_accepted(broken: Path) -> None:
    assert check_template(broken / "header_with_space.xlsx") == []


def test_renamed_sheet_and_defined_name(broken: Path) -> None:
    assert "did you mean to rename sheet 'Seurant' to 'Seuranta'?" in _messages(
        broken / "renamed_sheet.xlsx")
    assert "no defined name 'Tilat'" in _messages(broken / "renamed_defined_name.xlsx")


# --- bundled templates, kinds, docs -------------------------------------------------------------


BUNDLED = [p for p in (TEMPLATES / n for n in ("decision.docx", "plan.docx", "report.docx",
                                               "matrix.xlsx", "approvals.docx", "extract.docx"))
           if p.is_file()]


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_templates_check_clean(path: Path) -> None:
    assert check_template(path) == []


@pytest.mark.parametrize("kind", ["decision", "plan", "report", "approvals", "extract"])
def test_synthetic_context_has_the_shape_of_its_type(kind: str) -> None:
    assert mismatches(synthetic_context(kind), CONTEXT_TYPES[kind]) == []


def test_kind_is_inferred_from_name_title_or_variables(tmp_path: Path) -> None:
    assert infer_kind(TEMPLATES / "decision.docx") == "decision"
    assert infer_kind(TEMPLATES / "matrix.xlsx") == "matrix"
    assert infer_kind(tmp_path / "Seurantaraportti 2026.docx") == "report"
    assert infer_kind(tmp_path / "paatosehdotus_liite.docx") == "decision"
    # no hint in the name or the title: the kind whose variables the template uses
    out = io.BytesIO()
    with zipfile.ZipFile(TEMPLATES / "plan.docx") as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"<dc:title>[^<]*</dc:title>", b"<dc:title></dc:title>", data)
            dst.writestr(info, data)
    (tmp_path / "pohja.docx").write_bytes(out.getvalue())
    assert infer_kind(tmp_path / "pohja.docx") == "plan"


def test_templates_md_is_generated() -> None:
    tool = _load(ROOT / "tools" / "make_template_docs.py", "make_template_docs")
    expected = tool.render()
    assert (ROOT / "docs" / "templates.md").read_text("utf-8") == expected, (
        "docs/templates.md is out of date: run python tools/make_template_docs.py")
    assert tool.main(["--check"]) == 0
    for needle in ("| `title` |", "| `responsible` |", "`{%tr", "check-template",
                   "| Seuranta | Tilanne | yes | the party |", "(`approvals`, approvals.docx)",
                   "(`extract`, extract.docx)", "| `appeal_heading` |", "### ApprovalRow",
                   "--template extract="):
        assert needle in expected


def test_a_mistyped_kind_and_party_get_a_did_you_mean() -> None:
    import yhdyspinta_docs as yd
    from yhdyspinta_docs._assets import example_plan_path

    assert "unknown template kind 'decison' (did you mean 'decision'?); expected one of " \
           "decision, plan" in _messages(TEMPLATES / "decision.docx", "decison")
    with pytest.raises(yd.PlanError, match="unknown party 'jyvaskla'; did you mean "
                                           "'jyvaskyla'\\? Declared are: hyvinvointialue"):
        yd.decision_context(yd.load_plan(example_plan_path()), "jyvaskla")
