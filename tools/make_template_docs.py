"""Write docs/templates.md from the template context types, so the docs cannot drift.

    python tools/make_template_docs.py            # (re)write docs/templates.md
    python tools/make_template_docs.py --check    # exit 1 if it is out of date

The variable tables come from the TypedDicts in ``src/yhdyspinta_docs/contexts/_types*.py``
(key, type, the documentation string after each key) with an example value from the bundled
Keski-Suomi example (a report from made-up follow-up data, the approval round from its
recorded decisions); the matrix section from
``followup.COLUMNS`` and the sheet names. Only :data:`INTRO` is written by hand.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, get_args, get_origin

from yhdyspinta_docs.contexts._types import (
    CONTEXT_TYPES,
    Block,
    hints,
    is_typeddict,
    key_docs,
    mismatches,
    type_label,
    variants,
)
from yhdyspinta_docs.matrix._followup import (
    ARCHIVE_COLUMNS,
    COLUMNS,
    NAME_STATUS_LIST,
    SHEET_ARCHIVE,
    SHEET_DATA,
    SHEET_HELP,
    SHEET_LISTS,
    SHEET_META,
    SHEET_SUMMARY,
    STATUS_CHOICES,
    Status,
)
from yhdyspinta_docs.word._check import sample_context
from yhdyspinta_docs.word._lint import (
    ALLOWED_FUNCTIONS,
    FETCHING_FIELDS,
    MAX_ATTRIBUTES,
    MAX_PART_BYTES,
    MAX_PARTS,
    MAX_TEMPLATE_BYTES,
    MAX_TOTAL_BYTES,
    MAX_XML_PART_BYTES,
    MAX_XML_RUN,
    TEMPLATE_NAMES,
)

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "templates.md"
TITLES = {
    "decision": "Decision proposal (`decision`, decision.docx)",
    "plan": "Plan document (`plan`, plan.docx)",
    "report": "Follow-up report (`report`, report.docx)",
    "approvals": "Approval summary (`approvals`, approvals.docx)",
    "extract": "Minutes extract (`extract`, extract.docx)",
}
EXAMPLES = {
    "report": " with made-up follow-up data.",
    "approvals": " with its recorded decisions (`paatokset`).",
    "extract": ", the extract of its first recorded decision with a Käsittely note.",
}

INTRO = """\
# Your own templates and the variables they can use

A region can use its own Word templates (and its own matrix workbook) instead of the bundled
ones. Everything below the introduction is generated from the data model
(`src/yhdyspinta_docs/contexts/_types*.py`) by `python tools/make_template_docs.py`; a test fails
when it is out of date, so this list is always what the program provides.

## Where a region keeps its templates

Keep them in `templates/` next to the region's `plan.yaml`, named after their kind:

```text
pohjois-savo/
  plan.yaml
  templates/
    decision.docx      päätösehdotus (also the report's "merkitsee tiedoksi" proposal)
    plan.docx          the plan document, the attachment (liite)
    report.docx        the annual follow-up report (seurantaraportti)
    matrix.xlsx        the follow-up matrix (seurantamatriisi)
    approvals.docx     the approval round's summary for the county board (decisions)
    extract.docx       the minutes extract of a recorded decision (pöytäkirjanote)
```

Start from a copy of the bundled file of the same name (`yhdyspinta-docs init DIR --templates`
copies them all into `DIR/templates/`; they are `templates/` in the source and
`yhdyspinta_docs/templates/` in an installed package), and pass each with `--template KIND=FILE`:

```sh
yhdyspinta-docs build pohjois-savo/plan.yaml \\
    --template decision=pohjois-savo/templates/decision.docx \\
    --template plan=pohjois-savo/templates/plan.docx
yhdyspinta-docs report pohjois-savo/plan.yaml --followup koottu.xlsx --out raportti \\
    --template report=pohjois-savo/templates/report.docx
yhdyspinta-docs decisions pohjois-savo/plan.yaml --out hyvaksyminen --extracts \\
    --template approvals=pohjois-savo/templates/approvals.docx \\
    --template extract=pohjois-savo/templates/extract.docx
```

A kind without `--template` uses the bundled template. `build` takes `decision`, `plan`,
`report` and `matrix`; `report` takes `report` (and `decision`); `decisions` takes `approvals`
and `extract` ([decisions.md](decisions.md)).

## Checking a template

```sh
yhdyspinta-docs check-template pohjois-savo/templates/decision.docx
yhdyspinta-docs check-template omat/pohja.docx --kind plan
```

The kind (`decision`, `plan`, `report`, `matrix`, `approvals`, `extract`) is taken from
`--kind`, else from the file: an `.xlsx` is a matrix; otherwise words in the file name or the
document title (*pöytäkirjanote*, *protokollsutdrag* → extract; *hyväksyminen*, *godkännande*
→ approvals; *päätös*, *esitys* → decision; *raportti*, *seuranta* → report; *suunnitelma*,
*liite*, *plan* → plan), else the kind whose variables the template uses. The check
reports a variable, a misplaced tag, a syntax error or a render error where Word shows it:
the paragraph, the table cell by table, row and column (a table nested in a cell by that
cell: `table 1, row 2, column 2, table 1, row 1, column 1`), a text box or footnote, or the
header or footer as Word names it, with the paragraph's text, e.g. `table 1, row 3, column 3
("{{ m.responsibles or '–' }}")`, `header of section 1, paragraph 2 ("{%p if title %} {{
title }}")`. A syntax error is named at the tag that causes it, a block that is never closed
at the tag that opens it (`paragraph 3 ("{%p if draft or dnro %}"): syntax error: {%p if
draft or dnro %} opens a block that is never closed; write {%p endif %} where the block
ends`); a render error (also one that only the plan's own data causes in a `build`) at the
tag that names what it quotes (`'history' is undefined`). Jinja sees a paragraph and the
`{%p` paragraphs after it as one line, so a render error that quotes nothing (`TypeError:
'int' object is not iterable`) there names each of those paragraphs whose tag can fail:
`paragraph 17 ("{{ labels.explanation }}") or paragraph 19 ("{%p for s in explanation %}")
or …`. Where no paragraph can be told (a rendered part that is too long, rendered XML that is
not well-formed), an error names the part (`word/document.xml`, `word/header2.xml` …) and,
where known, the line of the template as converted for Jinja. It reports:

* Jinja syntax errors: the first of each part (Jinja stops there), of the body, every header
  and footer and the footnotes at once;
* every variable the data of that kind does not provide, with a suggestion
  (`unknown variable 'titel'; did you mean 'title'?`), also inside loops
  (`m.responsibles` in `{%tr for m in measures %}` → `m.responsible`);
* `b.items` where `b['items']` is meant (Jinja finds the dict method `items` first);
* `{%p`, `{%tr`, `{%tc` tags that are not alone in their paragraph, table row or cell (docxtpl
  deletes the whole paragraph, row or cell, with any other text, picture, text box anchored
  there or field in it), two of them in one paragraph, a `{%tr` outside a table, `%` or `}`
  inside such a tag, a block opened with one kind of tag and closed with another
  (`{%tr for %}` … `{%p endfor %}`);
* a picture (a logo in the page header) without alt text and not marked decorative: it is in
  every document of the template, and a screen reader says nothing of it;
* a `{%p` block whose tags are not all in one table cell, one row or all outside the table
  (a `{%p if %}` in a cell closed below the table), and a cell that a `{%p` block can leave
  without a paragraph when its condition is false (Word does not open such a file);
* then the template is rendered with the Keski-Suomi example and with a sample in which every
  value is filled: an error, or a `{{`/`{%` left in the result, is reported.

A template that passes is then checked for what its documents need for a screen reader, as
`check-accessibility` checks a build's documents: the document it makes with the Keski-Suomi
example is checked, and each finding is a warning (the exit code stays 0), e.g.
`Warning: suunnitelma.docx (the document it makes): table 1: a data table without a title
(alt text) …`. LibreOffice drops every table's title when it saves a .docx: after restyling
a template there, set each data table's title again in Word (Table Properties → Alt Text →
Title). In Python: `yhdyspinta_docs.word.template_accessibility(path)`. `build --template`
warns of the same findings after it has built (and `build()` lists them in its `warnings`).

Every `build`, `report` or `decisions` with `--template` runs the same check first and stops,
writing nothing, if the template has any problem. Before all of this, and before every render of any
template, the file is inspected for what a template may not contain (macros, embedded
objects, links and fields that fetch from outside, tracked changes, formulas outside an
allow-list …; see [What a template may not contain](#what-a-template-may-not-contain)), and
its comments and personal properties are removed.

A template is treated as untrusted input (it may come from another region): it is compiled
and rendered in a sandbox and can only show the values it is given. It may use `if`, `for`,
`set`, macros, filters, `range`, `dict`, `namespace`, `loop` and a few methods of text, lists
and dicts (`lower`, `split`, `get`, `items` …); an attribute starting with `_`, any other
object's attributes or methods, and the globals `cycler`, `joiner` and `lipsum` are refused,
naming the paragraph or table cell of the tag. Work and size are bounded: one document may
take at most 2,000,000 loop rounds and calls and 30 seconds, `range()` at most 100,000
numbers, one text it makes at most 1,000,000 characters, a rendered part at most 20,000,000,
a whole number 4,096 bits, `round` 1,000 digits; a template going over a limit is refused,
as is one whose macros call each other more than 64 levels deep, and one that shows a
method, class or macro as text instead of calling it (`{{ title.encode }}`).

Apart from that, a template renders as docxtpl renders it. `tests/word/test_docxtpl_cases.py`
checks this with docxtpl's own test templates: every case docxtpl's test scripts render
(tables, loops, merged cells, RichText, Listing, images, headers, footers, footnotes …; not the
two with sub-documents, which this program does not take) is rendered by plain docxtpl and by
this program's render, and the two documents are compared part by part (the XML
pretty-printed). Allowed, and named in the case, are only the documented differences: the
template's comments and personal data removed first, alt texts on pictures, `&amp;` in a Jinja
string read once, control characters in a text sanitised, every list starting at 1, the
document's default language and core properties; a template that calls a function or uses a
value the context lacks is refused with a message. docxtpl's package on PyPI has no tests, so
the test reads a copy of its repository from `$DOCXTPL_SOURCE` or `.cache/docxtpl-src` (which
`.ci/run` fills from GitHub's archive of a fixed commit) and is skipped without one; run it
with `python -m pytest tests/word/test_docxtpl_cases.py`. Where that copy cannot be had,
`tests/word/test_docxtpl_equal.py` still compares the two on templates it makes itself, one
for each kind of tag, and requires equal documents.

## Layout of the bundled templates

The bundled templates follow SFS 2487: headings at the left margin, body text, lists and every
labelled value at the 2.3 cm body indent.

* **Labelled rows** (Valmistelija, Esittelijä, Liitteet, Tiedoksi, Lisätietoja, Aikaisempi
  käsittely, Muutoksenhaku … in the decision proposal) all have one form, style *Label Row*:
  the label on its own line at the margin, the value below it at 2.3 cm, every further line
  of the value on the same edge (a hanging indent of 2.3 cm, the value after a line break).
  The longest labels are wider than a 2.3 cm column (in Arial 11 pt "Sökande av ändring"
  3.45 cm, "Tidigare behandling" and "Aikaisempi käsittely" 3.39 cm, "Mer information"
  2.7 cm, "Föredragande" 2.44 cm), so a label beside its value would push some values off the
  body edge; above the value every label fits in both languages. A label row keeps its lines
  on one page. In your own template, write `{{ labels.presenter }}`, a line break
  (Shift+Enter), then `{{ presenter }}`.
* **Page 1** shows the record number (Dnro/Dnr) once, in the metadata block at the top right,
  which the page header repeats from page 2. Page 1 has a header of its own, left empty
  (Layout → "Different First Page"): a logo meant for every page goes into both headers, the
  first page's and the other pages'.
* **The plan document** is headed as the attachment it is: "Liite 1" / "Bilaga 1" (`attachment`)
  in place of the document type, then the item it belongs to (`item`: body, meeting date, §)
  and that item's record number (`dnro`), then the plan's own date (each party's attachment,
  made with `build --for-each-party`, has its own: the party in `organisation`, its body,
  meeting and record number); the header from page 2
  repeats the mark and the record number. A chapter of the agreement is cited
  ("Sopimuksen kohta 7.1 ”Sopimusasiakirjat”", `c.reference`, style *Agreement Reference*),
  not shown as a numbered heading of the plan. The stages of preparation are a table
  (Ajankohta | Vaihe), "–" where a stage has no date.
* **Headings** keep with the next paragraph; so do a measure's lead-party line (with its theme)
  and "Tavoitteet:" (with its list), and in the decision proposal every paragraph that leads
  into a list or lines ("Työryhmän jäsenet ovat:", "Aluehallitus päättää"), so that it does not
  end a page without them (the first branch of the loop below). Word keeps them together;
  LibreOffice (and so `--pdf`) can still leave such a paragraph at the foot of a page in some
  layouts: look at the PDF before sending it.
* **Style names and tagged PDF**: LibreOffice exports a paragraph style named like a PDF
  structure type as that element, so the report's picture paragraph style is *Kuvio*, not
  *Figure* (a /Figure element needs alt text; the picture inside it has it), and the caption
  style is named *Caption*, which becomes /Caption. `check-accessibility` reports a paragraph
  style named Figure, Formula or Form.

## Restyling in Word without breaking the tags

* Change the look through styles (Home → Styles → Modify), page layout, headers and the logo;
  leave the text of the tags alone. Keep the text dark enough to read: a contrast of at least
  4.5:1 against its background (3:1 for text of 18 pt, or 14 pt bold), so no light-grey labels
  or white text on a light shading; give the logo alt text (the organisation's name) or mark
  it decorative (`check-template` refuses a picture without either).
  `yhdyspinta-docs check-accessibility` reports a colour with too little
  contrast, in the body and in the page headers and footers (once per style that gives it,
  named: `text colour #BBBBBB (style 'Heading 2') on #FFFFFF …`), and a picture there without
  alt text. Word often stores a tag in several pieces (after a
  spelling mark or a format change inside it); that is harmless, the pieces are joined. Accept
  all tracked changes and turn tracking off before using a template.
* Curly quotes that AutoCorrect types inside a tag (`’paragraph’`) are straightened when
  rendering, as Jinja needs them (`'paragraph'`); so are quotation marks you meant to print
  (`{{ '”' ~ title ~ '”' }}` prints `"`): put such marks outside the tag, in the text.
* A `{%p … %}` tag stays alone in its own paragraph, a `{%tr … %}` alone in its own table row
  (other cells of that row may hold only `{# comments #}`), `{{ chart }}` alone in its
  paragraph. Put nothing else in these paragraphs, no picture or text box either (Word
  anchors a text box to the paragraph where the cursor was): they are deleted when rendering.
* Every table cell keeps at least one paragraph that is not a `{%p` tag, whatever the
  conditions of the blocks in it, and a block's tags stay together: all in one cell, or all
  outside the table.
* Tables carry tags in their alt text too (Table Properties → Alt Text: the measure table's
  `{{ labels.measure_table_caption }}`, each report table's
  `{{ words.table }} {{ loop.index }}. {{ m.title }}`): it is the caption a screen reader
  announces and that the PDF tags. Keep it in step with the loop around the table. LibreOffice
  Writer does not keep a table's alt text when it saves a .docx, so after restyling these
  templates in Writer, type it again in Word, or the tables lose their captions
  (`check-accessibility` of the documents made reports a data table without one).
* A value that is empty in a draft (`section`, `date`, `dnro` before the meeting) is best
  written inside a condition, as the bundled templates do: `{% if section %}{{ section }}
  {% endif %}{{ title }}`, so that no stray space or separator is left.
* `labels` are in the document's language only. A layout that shows both languages at once
  writes the other language's words in the template itself, or chooses by `lang`
  (`{% if lang == 'sv' %}…{% else %}…{% endif %}`); so does a sentence built on the Finnish
  case forms of a name (`body_forms.allative`), which in Swedish are the name itself.
* Lists of text come as *blocks*; show them with the loop the bundled templates use:

```text
{%p for b in proposal %}
{%p if b.kind == 'paragraph' and not loop.last and loop.nextitem.kind != 'paragraph' %}
{{ b.text }}                     (paragraph setting "Keep with next": it leads into a list)
{%p elif b.kind == 'paragraph' %}
{{ b.text }}
{%p elif b.kind == 'lines' %}
{%p for line in b['items'] %}
{{ line }}
{%p endfor %}
{%p else %}
{%p for item in b['items'] %}
{{ item }}                       (a paragraph in a numbered or bulleted list style)
{%p endfor %}
{%p endif %}
{%p endfor %}
```

* Every variable always exists: an optional value is `""` or `[]`, so test it with
  `{%p if competence %}`. Values are already formatted (`3.3.2026`, `§ 80`); texts may
  contain line breaks (`\\n`), which become line breaks in Word.
"""


def _links(tp: Any) -> str:
    """The type label with the shapes documented below linked."""
    if get_origin(tp) is list:
        return f"list of {_links(get_args(tp)[0])}"
    if tp is Block or is_typeddict(tp):
        name = type_label(tp)
        return f"[{name}](#{name.lower()})"
    return type_label(tp).replace("|", "\\|")


def _shapes(tp: Any, found: list[Any]) -> list[Any]:
    """Every TypedDict (and Block) reachable from `tp`, in order of first use."""
    if get_origin(tp) is list:
        return _shapes(get_args(tp)[0], found)
    if tp is Block or is_typeddict(tp):
        if tp not in found:
            found.append(tp)
            for member in variants(tp):
                for sub in hints(member).values():
                    _shapes(sub, found)
    return found


def _collect(value: Any, tp: Any, out: dict[Any, dict[str, Any]]) -> None:
    """The first non-empty example of every key of every shape in `value`."""
    if len(variants(tp)) > 1:
        tp = next(v for v in variants(tp) if not mismatches(value, v))
    if get_origin(tp) is list:
        for item in value:
            _collect(item, get_args(tp)[0], out)
    elif is_typeddict(tp):
        seen = out.setdefault(tp, {})
        for key, sub in hints(tp).items():
            if key not in seen or (seen[key] in ("", []) and value[key] not in ("", [])):
                seen[key] = value[key]
            _collect(value[key], sub, out)


def _example(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        text = " ".join(value.replace("\n", " ⏎ ").split())
        text = text if len(text) <= 50 else text[:49] + "…"
        return f'"{text}"'.replace("|", "\\|")
    if isinstance(value, list):
        if not value:
            return "[]"
        first = _example(value[0]) if isinstance(value[0], str) else "{…}"
        return f"[{first}{', …' if len(value) > 1 else ''}] ({len(value)})"
    if isinstance(value, dict):
        return "{…}"
    return f"image, alt text {_example(getattr(value, 'alt', ''))}"


def _table(tp: Any, examples: dict[str, Any]) -> list[str]:
    docs = key_docs(tp)
    rows = ["| Variable | Type | Meaning | Example |", "|---|---|---|---|"]
    for key, sub in hints(tp).items():
        example = _example(examples[key]) if key in examples else ""
        rows.append(f"| `{key}` | {_links(sub)} | {docs.get(key, '')} | {example} |")
    return rows


def _shape_section(tp: Any, examples: dict[Any, dict[str, Any]],
                   used_in: dict[Any, list[str]]) -> list[str]:
    lines = [f"### {type_label(tp)}", ""]
    lines += [(tp.__doc__ or "").strip() if tp is not Block else
              "One block of text, one of the three shapes below: test `b.kind` first.", ""]
    lines += [f"Used in: {', '.join(f'`{u}`' for u in used_in.get(tp, []))}.", ""]
    for member in variants(tp):
        if tp is Block:
            lines += [f"`{member.__name__}`: {(member.__doc__ or '').strip()}", ""]
        lines += [*_table(member, examples.get(member, {})), ""]
    return lines


def render() -> str:
    """The text of docs/templates.md."""
    examples: dict[Any, dict[str, Any]] = {}
    for kind, tp in CONTEXT_TYPES.items():
        _collect(sample_context(kind), tp, examples)
    per_kind = {k: _shapes(tp, [])[1:] for k, tp in CONTEXT_TYPES.items()}
    used_in: dict[Any, list[str]] = {}
    for shape in [tp for tps in per_kind.values() for tp in tps] + list(CONTEXT_TYPES.values()):
        for member in variants(shape):
            for key, sub in hints(member).items():
                for target in _shapes(sub, [])[:1]:  # the shape used directly
                    name = f"{member.__name__}.{key}"
                    if name not in used_in.setdefault(target, []):
                        used_in[target].append(name)
    shared = [tp for tp in dict.fromkeys(t for tps in per_kind.values() for t in tps)
              if sum(tp in tps for tps in per_kind.values()) > 1]
    lines = [INTRO.rstrip(), "", "<!-- Everything below is generated by "
             "tools/make_template_docs.py; edit contexts/_types*.py instead. -->", ""]
    for kind, tp in CONTEXT_TYPES.items():
        lines += [f"## {TITLES[kind]}", "", (tp.__doc__ or "").strip(),
                  "Example values: the Keski-Suomi example" + EXAMPLES.get(kind, "."), "",
                  *_table(tp, examples.get(tp, {})), ""]
        for shape in per_kind[kind]:
            if shape not in shared:
                lines += _shape_section(shape, examples, used_in)
    lines += ["## Shapes used by several documents", ""]
    for shape in shared:
        lines += _shape_section(shape, examples, used_in)
    lines += _matrix_section()
    lines += _lint_section()
    return "\n".join(lines).rstrip() + "\n"


def _matrix_section() -> list[str]:
    sheets = [SHEET_HELP, SHEET_DATA, SHEET_SUMMARY, SHEET_LISTS, SHEET_META]
    lines = ["## Matrix template (`matrix`, matrix.xlsx)", "",
             "Restyle it in Excel (fonts, colours, widths, help text, column order); the "
             "program finds columns by their header text in row 1. It needs the sheets "
             + ", ".join(f"`{s}`" for s in sheets) + f" (`{SHEET_ARCHIVE}` is optional), an "
             f"Excel table named `{SHEET_DATA}`, the statuses {STATUS_CHOICES} in "
             f"`{SHEET_LISTS}!A2:A{len(Status) + 1}` with the defined name "
             f"`{NAME_STATUS_LIST}`, and these columns:", "",
             "| Sheet | Header | Required | Filled in by |", "|---|---|---|---|"]
    who = {"key": "the program (row key)", "plan": "the program", "input": "the party"}
    for sheet, spec in ((SHEET_DATA, COLUMNS), (SHEET_ARCHIVE, ARCHIVE_COLUMNS)):
        for column in spec:
            lines.append(f"| {sheet} | {column.header} | {'yes' if column.required else 'no'} "
                         f"| {who[column.kind]} |")
    lines += ["", f"Row 2 of `{SHEET_DATA}` and `{SHEET_ARCHIVE}` is the style row: every row "
              "written gets, column by column, the look of its cell (font, fill, border, "
              "alignment, date format, locked or not). Its cells have only the named styles "
              "`YP Tunnus`, `YP Lukittu`, `YP Lukittu päivämäärä`, `YP Syöte` (the party's "
              "cells, unlocked, in the number format Text, so that Excel and Calc keep what is "
              "typed as typed: a phone number's leading 0, \"50 %\") and `YP Syöte "
              "päivämäärä`: restyle those cell styles and every "
              "row follows, written fastest. A style-row cell given formatting of its own is "
              "copied too, only more slowly."]
    return [*lines, ""]


def _lint_section() -> list[str]:
    """What src/yhdyspinta_docs/template_lint.py refuses and removes, with its lists."""
    mb = 1024 * 1024
    fields = ", ".join(f"`{f}`" for f in FETCHING_FIELDS)
    names = ", ".join(f"`{n}`" for n in sorted(TEMPLATE_NAMES))
    functions = ", ".join(f"`{f}`" for f in sorted(ALLOWED_FUNCTIONS))
    return ["## What a template may not contain", "",
            "A template travels between regions, and what it carries reaches every party, so "
            "a template is read as hostile input. `check-template`, and every `build`, "
            "`report`, `matrix` or `collect` that uses a template (the bundled ones too), "
            "inspect the file as a zip of XML parts before anything opens it, and refuse it, "
            "naming the file, the part and what to do, if it contains any of these:", "",
            "* **Macros**: a VBA project (`vbaProject.bin`, a macro-enabled .docm, .dotm or "
            ".xlsm file) or an Excel 4.0 macro sheet. Save the file as a Word Document "
            "(.docx) or an Excel Workbook (.xlsx).",
            "* **Embedded or linked objects**: OLE objects (a workbook or document inside the "
            "template), embedded files, ActiveX controls, imported document parts "
            "(`altChunk`), subdocuments.",
            "* **Links that are fetched when the file is opened** (relationships with "
            "`TargetMode=\"External\"`): linked pictures and objects, an attached template, "
            "frames, a mail-merge data source, links to other workbooks. Links to web pages "
            "(hyperlinks) are allowed: they are visible in the text and followed only when "
            "someone clicks them, so read them before you adopt a template.",
            f"* **Word fields that fetch or run something**: {fields}, whether the field is "
            "stored in one piece or split over several runs, and also inside another field. "
            "Select the field and press Ctrl+Shift+F9 to turn it into plain text. Fields such "
            "as `PAGE`, `NUMPAGES`, `DATE`, `REF` and `HYPERLINK` are fine.",
            "* **Tracked changes**: accept or reject them all (Review → Accept → Accept All "
            "Changes) and turn Track Changes off.",
            "* **A template tag its paragraph never closes** (`{{ title` without `}}`, "
            "`{% if x` without `%}`, `{# …` without `#}`): the render would delete everything "
            "up to the next closing mark of the part, the paragraphs in between included, "
            "without a word. Close the tag in the same paragraph.",
            "* **In a matrix workbook**: a formula (in a cell, a data validation, a conditional "
            "format, a table, a chart or a defined name) that uses a function outside the list "
            "below (such as `WEBSERVICE`, `FILTERXML`, `ENCODEURL`, `IMAGE`, `RTD`, `CALL`, "
            "`REGISTER`, `EXEC`, `INDIRECT`, `CELL`, `INFO` or a macro's own function), that "
            "refers to another workbook (`[1]Taul1!A1`, `'C:\\…\\[x.xlsx]Taul1'!A1`) or "
            "calls another program (`cmd|' /C calc'!A0`); `HYPERLINK` to anything but a place "
            "in the workbook (`HYPERLINK(\"#Ohjeet!A1\"; \"Ohjeisiin\")` is fine); a defined "
            f"name other than {names} (`Auto_Open`, `Auto_Close` and their kin run macros); a "
            f"very hidden sheet other than the program's own `{SHEET_META}`; data "
            "connections, query tables and links to other workbooks.",
            f"* **Sizes**: a template is at most {MAX_TEMPLATE_BYTES // mb} MB, with at most "
            f"{MAX_PARTS} parts, none unpacking to more than {MAX_PART_BYTES // mb} MB "
            f"({MAX_XML_PART_BYTES // mb} MB for an XML part such as the document's text) or "
            f"far more than its packed size, and {MAX_TOTAL_BYTES // mb} MB unpacked in all; "
            f"no text and no element's attributes longer than {MAX_XML_RUN:,} characters, no "
            f"element with more than {MAX_ATTRIBUTES} attributes; an encrypted file, a part "
            "with a document type declaration (`<!DOCTYPE`, `<!ENTITY`) or XML that is not "
            "well-formed is refused too, and so is a part whose name points outside the "
            "package (`../x`, `/x`, `C:`, a backslash).", "",
            "Functions a formula in a matrix template may use:", "", functions + ".", "",
            "### What is removed from every template", "",
            "The documents' properties (title, author, subject, keywords, category, language, "
            "dates) come from the plan. A proposal's title names the body, the meeting and the "
            "item (`Kunnanhallitus 16.3.2026 § 42: …`); a draft's begins with `LUONNOS – ` "
            "(`UTKAST – `), since a browser tab, a search hit and a screen reader give the "
            "title first. A keyword of several words (`hyvinvointialuelaki 14 "
            "§`) is written with no-break spaces, since LibreOffice reads keywords as words "
            "and would list each word as a keyword of the PDF. "
            "Before a template is opened for rendering, these are "
            "removed from it, so they never reach a document, a matrix or a web version under "
            "`julkinen/`: comments (with their marks in the text, their authors and Word's "
            "list of people), Excel comments, threaded comments and their persons, custom "
            "properties (`docProps/custom.xml`), the thumbnail picture, the core properties "
            "description, identifier, version, content status, category and last printed, "
            "`Company`, `Manager`, `HyperlinkBase` and the lists of titles and links in "
            "`docProps/app.xml`, a template name other than `Normal.dotm`, Word's editing "
            "session ids (`w:rsid…`) and document variables. A template without any of these "
            "is used exactly as it is.", ""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if docs/templates.md is out of date")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = OUT.read_text("utf-8") if OUT.is_file() else ""
        if current != text:
            print(f"{OUT.relative_to(ROOT)} is out of date: run python tools/make_template_docs.py")
            return 1
        return 0
    OUT.write_text(text, "utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
