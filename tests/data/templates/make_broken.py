"""Deliberately broken templates, made from the bundled ones (no binaries committed).

Each Word case copies a bundled template and replaces one piece of text in one XML part; each
matrix case renames something in the bundled workbook. tests/test_template_check.py makes them
in a temporary directory; to try them by hand with the command line::

    python tests/data/templates/make_broken.py /tmp/broken
    yhdyspinta-docs check-template /tmp/broken/unknown_variable.docx
"""

from __future__ import annotations

import io
import sys
import warnings
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
TEMPLATES = ROOT / "templates"

DOCX_CASES: dict[str, tuple[str, str, str, str]] = {
    # name: (bundled template, part, text in the part, replacement)
    "unknown_variable": ("decision.docx", "word/document.xml", "{{ title }}", "{{ titel }}"),
    "unknown_in_loop": ("plan.docx", "word/document.xml", "{{ m.responsible or",
                        "{{ m.responsibles or"),
    "unknown_in_header": ("decision.docx", "word/header2.xml", "{{ body }}", "{{ bodi }}"),
    "syntax_error": ("decision.docx", "word/document.xml", "{{ body }}", "{{ body }"),
    "syntax_error_in_header": ("decision.docx", "word/header2.xml", "{{ doc_type }}",
                               "{{ doc_type | }}"),
    "row_tag_in_paragraph": ("decision.docx", "word/document.xml", "{%p if history %}",
                             "{%tr if history %}"),
    "text_beside_p_tag": ("decision.docx", "word/document.xml", "{%p if history %}",
                          "{%p if history %} Käsittely"),
    "text_in_row_tag_row": ("plan.docx", "word/document.xml", "{# for m in measures #}",
                            "Nro"),
    "mixed_tag_kinds": ("plan.docx", "word/document.xml", "{%tr endfor %}", "{%p endfor %}"),
    "dict_method": ("decision.docx", "word/document.xml", "{%p for line in b['items'] %}",
                    "{%p for line in b.items %}"),
    "percent_in_p_tag": ("decision.docx", "word/document.xml", "{%p if history %}",
                         "{%p if history|length % 2 %}"),
    "leftover_tag": ("decision.docx", "word/document.xml", "{{ title }}",
                     "{% raw %}{{ title }}{% endraw %}"),
}

XLSX_CASES: dict[str, tuple[str, str, str]] = {
    # name: (what: header, sheet or name, old, new)
    "renamed_header": ("header", "Tilanne", "Tilane"),
    "header_with_space": ("header", "Tilanne", "Tilanne "),
    "renamed_sheet": ("sheet", "Seuranta", "Seurant"),
    "renamed_defined_name": ("name", "Tilat", "Tila"),
}


def make_docx(case: str, directory: Path) -> Path:
    """Write the broken Word template `case` into `directory`; return its path."""
    base, part, old, new = DOCX_CASES[case]
    out = io.BytesIO()
    with zipfile.ZipFile(TEMPLATES / base) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == part:
                text = data.decode("utf-8")
                if old not in text:
                    raise ValueError(f"{base}: {part} no longer contains {old!r}; update "
                                     f"case {case!r}")
                data = text.replace(old, new, 1).encode("utf-8")
            dst.writestr(info, data)
    path = directory / f"{case}.docx"
    path.write_bytes(out.getvalue())
    return path


def make_xlsx(case: str, directory: Path) -> Path:
    """Write the broken matrix template `case` into `directory`; return its path."""
    from openpyxl import load_workbook

    what, old, new = XLSX_CASES[case]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(TEMPLATES / "matrix.xlsx")
    if what == "header":
        cell = next(c for c in wb["Seuranta"][1] if c.value == old)
        cell.value = new
    elif what == "sheet":
        wb[old].title = new
    else:
        defined = wb.defined_names[old]
        del wb.defined_names[old]
        defined.name = new
        wb.defined_names[new] = defined
    path = directory / f"{case}.xlsx"
    wb.save(path)
    return path


def main(argv: list[str]) -> int:
    directory = Path(argv[0] if argv else "broken-templates")
    directory.mkdir(parents=True, exist_ok=True)
    for case in DOCX_CASES:
        print(make_docx(case, directory))
    for case in XLSX_CASES:
        print(make_xlsx(case, directory))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
