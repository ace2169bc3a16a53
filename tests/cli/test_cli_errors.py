"""Clear errors everywhere: every command, given broken input, says which file (and where in
it) is wrong, exits non-zero and never shows a traceback.

Broken inputs: a missing file, a directory instead of a file, an unreadable file, broken YAML,
wrong types, unknown party ids, damaged files and the wrong kind of file (.docx where an
.xlsx is expected and the other way round). Every case runs through ``main([...])``; a few
also through the installed console script, to see the real process's exit code and stderr.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook

from helpers import column_letter
from hostile import hostile_plans, hostile_workbooks, matrix_bytes
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs._build import BuildOptions, build
from yhdyspinta_docs.cli import main
from yhdyspinta_docs.matrix._signing import default_key_path, load_or_create_key
from yhdyspinta_docs.plan._loader import load_plan

USAGE = 2  # click's exit code for a bad argument or option
PLAN, TEMPLATE, MATRIX, OUTPUT = 2, 3, 4, 6  # errors.py


@dataclass(frozen=True)
class Files:
    plan: Path
    broken: Path  # YAML syntax error
    types: Path  # a word where a year is expected
    party: Path  # an unknown party id in a measure
    latin1: Path  # not UTF-8
    dir: Path
    missing: Path
    unreadable: Path  # chmod 000 (readable anyway when the tests run as root)
    unreadable_xlsx: Path
    docx: Path  # a decision proposal
    xlsx: Path  # a follow-up matrix, as sent
    bad: Path  # a returned matrix with an invalid status and an impossible date
    trunc_docx: Path
    trunc_xlsx: Path
    afile: Path  # a plain file where a directory is needed
    # hostile inputs (tests/test_input_bounds.py makes them and bounds their time and memory)
    fifo: Path  # a named pipe as the plan
    devzero: Path  # /dev/zero as the plan
    loop: Path  # a symbolic link that leads back to itself
    bomb: Path  # aliases of aliases of aliases
    deep: Path  # lists nested 5,000 deep
    number: Path  # a number of 4,400 digits
    fifo_xlsx: Path  # a named pipe as a returned file
    wide: Path  # 40,000 rows, each with one cell in column XFD
    prefixed: Path  # 60,000 rows written <x:row>
    corrupt: Path  # a part whose compressed data is damaged

    def fmt(self, text: str, regex: bool = False) -> str:
        values = {k: str(v) for k, v in vars(self).items()}
        values |= {f"{k}_name": Path(v).name for k, v in values.items()}
        if regex:
            values = {k: re.escape(v) for k, v in values.items()}
        return text.format(**values)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Files:
    d = tmp_path_factory.mktemp("inputs")
    source = example_plan_path().read_text("utf-8")
    plan = d / "plan.yaml"
    plan.write_text(source, "utf-8")

    def variant(name: str, old: str, new: str) -> Path:
        assert old in source
        path = d / name
        path.write_text(source.replace(old, new, 1), "utf-8")
        return path

    latin1 = d / "latin1.yaml"
    latin1.write_bytes(source.replace("kielet: [fi]", "kielet: [fi] # ä").encode("latin-1",
                                                                               "replace"))
    (d / "adir").mkdir()
    built = d / "built"
    # the key file the commands find next to the plan
    key = load_or_create_key(default_key_path(plan))
    build(load_plan(plan), built, BuildOptions(key=key))
    docx = built / "paatosehdotus_hyvinvointialue_fi.docx"
    xlsx = built / "seurantamatriisi.xlsx"
    bad = d / "palautettu.xlsx"
    wb = load_workbook(xlsx)
    ws = wb["Seuranta"]
    head = {c.value: c.column for c in ws[1]}
    ws.cell(2, head["Tilanne"]).value = "ehkä"
    ws.cell(3, head["Päivitetty"]).value = "31.2.2026"
    wb.save(bad)
    trunc_docx, trunc_xlsx = d / "katkennut.docx", d / "katkennut.xlsx"
    trunc_docx.write_bytes(docx.read_bytes()[:3000])
    trunc_xlsx.write_bytes(xlsx.read_bytes()[:3000])
    unreadable, unreadable_xlsx = d / "lukukielto.yaml", d / "lukukielto.xlsx"
    shutil.copy(plan, unreadable)
    shutil.copy(xlsx, unreadable_xlsx)
    for path in (unreadable, unreadable_xlsx):
        path.chmod(0)
    afile = d / "tiedosto"
    afile.write_text("not a directory\n", "utf-8")
    (d / "vihamieliset").mkdir()
    (d / "palautetut").mkdir()
    hostile = hostile_plans(d / "vihamieliset")
    returned = hostile_workbooks(d / "palautetut", matrix_bytes(key))
    return Files(
        plan=plan, broken=variant("rikki.yaml", "kielet: [fi]", "kielet: [fi"),
        types=variant("tyypit.yaml", "kausi: {alkuvuosi: 2026", "kausi: {alkuvuosi: kaksi"),
        party=variant("osapuoli.yaml", "vastuutahot: [kaikki]",
                      "vastuutahot: [jyvaskyla, muurme]"),
        latin1=latin1, dir=d / "adir", missing=d / "puuttuu.yaml", unreadable=unreadable,
        unreadable_xlsx=unreadable_xlsx, docx=docx, xlsx=xlsx, bad=bad, trunc_docx=trunc_docx,
        trunc_xlsx=trunc_xlsx, afile=afile,
        fifo=hostile["fifo"], devzero=hostile["devzero"], loop=hostile["loop"],
        bomb=hostile["bomb"], deep=hostile["deep"], number=hostile["number"],
        fifo_xlsx=returned["fifo"], wide=returned["xfd"], prefixed=returned["prefixed"],
        corrupt=returned["deflate"])


# (argv, exit code, patterns the message must match); {name} is a path of Files,
# {name_name} its file name. A returned matrix is named by its file name in messages.
LINE = r":\d+ "
CELLS = [r"{bad_name}: Seuranta!" + column_letter("Tilanne")
         + r"2: Tilanne: 'ehkä' is not a status",
         r"{bad_name}: Seuranta!" + column_letter("Päivitetty")
         + r"3: Päivitetty: '31\.2\.2026' is not a valid date"]
PLAN_CASES = {
    "missing": ("{missing}", [r"{missing}: no such file"]),
    "directory": ("{dir}", [r"{dir}: is a directory"]),
    "unreadable": ("{unreadable}", [r"{unreadable}: cannot be read \(permission denied\)"]),
    "broken-yaml": ("{broken}", [r"{broken}:\d+: YAML syntax error"]),
    "wrong-type": ("{types}", [r"{types}" + LINE
                               + r"suunnitelma\.kausi\.alkuvuosi: .*whole number"]),
    "unknown-party": ("{party}", [r"{party}" + LINE + r"suunnitelma\.toimenpiteet\[0\]\."
                                  r"vastuutahot\[1\]: unknown party 'muurme'; did you mean "
                                  r"'muurame'\?"]),
    "not-utf8": ("{latin1}", [r"{latin1}:\d+: is not UTF-8 text: byte 0x.. in column \d+ ",
                              "save it as UTF-8"]),
    "docx-as-plan": ("{docx}", [r"{docx}: is an Office file \(Word/Excel\), not a plan file"]),
    "fifo": ("{fifo}", [r"{fifo}: is a named pipe \(FIFO\), not a regular file; give the plan "
                        r"file"]),
    "dev-zero": ("{devzero}", [r"{devzero}: is a device, not a regular file"]),
    "symlink-loop": ("{loop}", [r"{loop}: is a symbolic link that leads back to itself"]),
    "alias-bomb": ("{bomb}", [r"{bomb}:6: the alias \*e repeats a list or mapping that "
                              r"itself repeats others, more than 200,000 values"]),
    "deep-nesting": ("{deep}", [r"{deep}:2: the file nests lists and mappings more than 64 "
                                r"levels deep"]),
    "long-number": ("{number}", [r"{number}" + LINE + r"suunnitelma\.kausi\.alkuvuosi: the "
                                 r"number '7+\.\.\. has 4400 digits"]),
}

CASES: list[tuple[str, list[str], int, list[str]]] = []
for what, (plan, patterns) in PLAN_CASES.items():
    CASES += [
        (f"build-{what}", ["build", plan, "--out", "{dir}/out"], PLAN, patterns),
        (f"validate-{what}", ["validate", plan], PLAN, patterns),
        (f"matrix-{what}", ["matrix", plan, "--out", "{dir}/m.xlsx"], PLAN, patterns),
        (f"collect-{what}", ["collect", plan, "{xlsx}", "--out", "{dir}/c.xlsx"], PLAN,
         patterns),
        (f"report-{what}", ["report", plan, "--followup", "{xlsx}", "--out", "{dir}/r"], PLAN,
         patterns),
        (f"decisions-{what}", ["decisions", plan], PLAN, patterns),
    ]
CASES += [
    # build
    ("build-template-xlsx-as-decision", ["build", "{plan}", "--template", "decision={xlsx}",
                                         "--out", "{dir}/o"], TEMPLATE,
     [r"{xlsx_name}: is an Excel workbook, not a Word \.docx document: a workbook is the "
      r"'matrix' template"]),
    ("build-template-docx-as-matrix", ["build", "{plan}", "--template", "matrix={docx}",
                                       "--out", "{dir}/o"], TEMPLATE,
     [r"{docx_name}: is a Word document, not an Excel \.xlsx workbook: the matrix template "
      r"is an \.xlsx"]),
    ("build-template-damaged", ["build", "{plan}", "--template", "decision={trunc_docx}",
                                "--out", "{dir}/o"], TEMPLATE,
     [r"{trunc_docx_name}: not a Word \.docx document"]),
    ("build-template-missing", ["build", "{plan}", "--template", "decision={missing}",
                                "--out", "{dir}/o"], TEMPLATE, [r"{missing_name}"]),
    ("build-template-unknown-kind", ["build", "{plan}", "--template", "kirje={docx}",
                                     "--out", "{dir}/o"], TEMPLATE,
     [r"unknown document kind 'kirje'"]),
    ("build-template-no-kind", ["build", "{plan}", "--template", "{docx}"], USAGE,
     [r"--template", r"KIND=FILE"]),
    ("build-out-is-a-file", ["build", "{plan}", "--out", "{afile}"], OUTPUT,
     [r"{afile}: is a file"]),
    ("build-out-under-a-file", ["build", "{plan}", "--out", "{afile}/out"], OUTPUT,
     [r"{afile}/out/\S+: cannot write here \({afile} is a file"]),
    ("build-bad-language", ["build", "{plan}", "--lang", "en"], USAGE, [r"--lang", r"'en'"]),
    # schema and init
    ("schema-extra-argument", ["schema", "{plan}"], USAGE, [r"unexpected extra argument"]),
    ("init-into-a-file", ["init", "{afile}"], USAGE, [r"{afile}", r"is a file"]),
    ("init-under-a-file", ["init", "{afile}/uusi"], OUTPUT,
     [r"{afile}/uusi/plan\.yaml: cannot write here \({afile} is a file"]),
    # matrix
    ("matrix-unknown-party", ["matrix", "{plan}", "--out", "{dir}/m.xlsx", "--party", "muurme"],
     MATRIX, [r"unknown party 'muurme'", r"muurame"]),
    ("matrix-party-by-name", ["matrix", "{plan}", "--out", "{dir}/m.xlsx", "--party",
                              "Muuramen  kunta"], MATRIX,
     [r"unknown party 'Muuramen  kunta'; did you mean 'muurame' \(Muuramen kunta\)\? A party "
      r"is named by its tunnus"]),
    ("matrix-merge-from-docx", ["matrix", "{plan}", "--out", "{dir}/m.xlsx", "--merge-from",
                                "{docx}"], MATRIX, [r"{docx_name}: is a Word document"]),
    ("matrix-merge-from-damaged", ["matrix", "{plan}", "--out", "{dir}/m.xlsx", "--merge-from",
                                   "{trunc_xlsx}"], MATRIX, [r"{trunc_xlsx_name}: is a damaged"]),
    ("matrix-merge-from-bad-cells", ["matrix", "{plan}", "--out", "{dir}/m.xlsx",
                                     "--merge-from", "{bad}"], MATRIX, CELLS),
    ("matrix-merge-from-missing", ["matrix", "{plan}", "--out", "{dir}/m.xlsx", "--merge-from",
                                   "{missing}"], USAGE, [r"{missing}", r"does not exist"]),
    ("matrix-merge-from-unreadable", ["matrix", "{plan}", "--out", "{dir}/m.xlsx",
                                      "--merge-from", "{unreadable_xlsx}"], MATRIX,
     [r"{unreadable_xlsx_name}: cannot be read"]),
    ("matrix-merge-from-corrupt-zip", ["matrix", "{plan}", "--out", "{dir}/m.xlsx",
                                       "--merge-from", "{corrupt}"], MATRIX,
     [r"{corrupt_name}: is damaged: its part"]),
    ("matrix-out-under-a-file", ["matrix", "{plan}", "--out", "{afile}/m.xlsx"], OUTPUT,
     [r"{afile}/m\.xlsx: cannot write here \({afile} is a file"]),
    ("matrix-bad-date", ["matrix", "{plan}", "--out", "{dir}/m.xlsx", "--date", "31.2.2026"],
     USAGE, [r"'31\.2\.2026': write the date as year-month-day, e\.g\. 2026-03-02, or as "
             r"2\.3\.2026"]),
    # collect
    ("collect-missing-file", ["collect", "{plan}", "{missing}", "--out", "{dir}/c.xlsx"],
     MATRIX, [r"{missing_name}: no such file"]),
    # a folder stands for the spreadsheet files in it; one without any is told so
    ("collect-directory", ["collect", "{plan}", "{dir}", "--out", "{dir}/c.xlsx"], USAGE,
     [r"the folder {dir} holds no spreadsheet files; give the returned files or the folder"]),
    ("collect-unreadable", ["collect", "{plan}", "{unreadable_xlsx}", "--out", "{dir}/c.xlsx"],
     MATRIX, [r"{unreadable_xlsx_name}: cannot be read"]),
    ("collect-docx", ["collect", "{plan}", "{docx}", "--out", "{dir}/c.xlsx"], MATRIX,
     [r"{docx_name}: is a Word document"]),
    ("collect-yaml", ["collect", "{plan}", "{plan}", "--out", "{dir}/c.xlsx"], MATRIX,
     [r"{plan_name}: is a text file, not an Excel workbook \(\.xlsx\); give the returned"]),
    ("collect-damaged", ["collect", "{plan}", "{trunc_xlsx}", "--out", "{dir}/c.xlsx"], MATRIX,
     [r"{trunc_xlsx_name}: is a damaged or incomplete file"]),
    ("collect-bad-cells", ["collect", "{plan}", "{bad}", "--out", "{dir}/c.xlsx"], MATRIX,
     CELLS),
    ("collect-base-docx", ["collect", "{plan}", "{xlsx}", "--base", "{docx}", "--out",
                           "{dir}/c.xlsx"], MATRIX, [r"{docx_name} \(base\): is a Word"]),
    ("collect-fifo", ["collect", "{plan}", "{fifo_xlsx}", "--out", "{dir}/c.xlsx"], MATRIX,
     [r"{fifo_xlsx_name}: is a named pipe \(FIFO\), not a regular file"]),
    ("collect-xfd-wide", ["collect", "{plan}", "{wide}", "--out", "{dir}/c.xlsx"], MATRIX,
     [r"{wide_name}: Seuranta!XFD1: a cell beyond column GR \(column 200\)"]),
    ("collect-prefixed-rows", ["collect", "{plan}", "{prefixed}", "--out", "{dir}/c.xlsx"],
     MATRIX, [r"{prefixed_name}: has over 50,000 rows on one sheet"]),
    ("collect-corrupt-zip", ["collect", "{plan}", "{corrupt}", "--out", "{dir}/c.xlsx"], MATRIX,
     [r"{corrupt_name}: is damaged: its part xl/worksheets/sheet2\.xml cannot be unpacked"]),
    ("collect-out-is-a-directory", ["collect", "{plan}", "{xlsx}", "--out", "{dir}"], USAGE,
     [r"--out", r"{dir}", r"is a directory"]),
    # decisions (the approval round)
    ("decisions-extracts-without-out", ["decisions", "{plan}", "--extracts"], USAGE,
     [r"--extracts, --public, --pdf and --template write files: give --out DIR"]),
    ("decisions-bad-date", ["decisions", "{plan}", "--as-of", "20/3/2026"], USAGE,
     [r"'20/3/2026': write the date as year-month-day"]),
    ("decisions-out-is-a-file", ["decisions", "{plan}", "--out", "{afile}"], OUTPUT,
     [r"{afile}: is a file"]),
    # resolve (the conflicts of a merged matrix)
    ("resolve-docx", ["resolve", "{plan}", "{docx}", "--out", "{dir}/r.xlsx"], MATRIX,
     [r"{docx_name}: is a Word document"]),
    ("resolve-no-conflicts", ["resolve", "{plan}", "{xlsx}", "--out", "{dir}/r.xlsx"], MATRIX,
     [r"{xlsx_name}: has no unresolved conflicts; use it as it is"]),
    ("resolve-bad-cells", ["resolve", "{plan}", "{bad}", "--out", "{dir}/r.xlsx"], MATRIX,
     CELLS),
    # the plan's key file (a command that reads signed files never creates one)
    ("collect-key-missing", ["collect", "{plan}", "{xlsx}", "--out", "{dir}/c.xlsx", "--key",
                             "{missing}"], MATRIX,
     [r"{missing}: no key file here\. The follow-up matrices of a plan are signed",
      r"--key FILE\. If the key is lost, returned copies cannot be verified"]),
    ("collect-key-not-a-key", ["collect", "{plan}", "{xlsx}", "--out", "{dir}/c.xlsx", "--key",
                               "{plan}"], MATRIX, [r"{plan}: is not a key file"]),
    ("collect-key-directory", ["collect", "{plan}", "{xlsx}", "--out", "{dir}/c.xlsx", "--key",
                               "{dir}"], USAGE, [r"--key", r"is a directory"]),
    ("report-key-missing", ["report", "{plan}", "--followup", "{xlsx}", "--out", "{dir}/r",
                            "--key", "{missing}"], MATRIX, [r"{missing}: no key file here"]),
    ("matrix-merge-from-key-missing", ["matrix", "{plan}", "--out", "{dir}/m.xlsx",
                                       "--merge-from", "{xlsx}", "--key", "{missing}"], MATRIX,
     [r"{missing}: no key file here"]),
    # report
    ("report-followup-missing", ["report", "{plan}", "--followup", "{missing}"], USAGE,
     [r"{missing}", r"does not exist"]),
    ("report-followup-docx", ["report", "{plan}", "--followup", "{docx}", "--out", "{dir}/r"],
     MATRIX, [r"{docx_name}: is a Word document"]),
    ("report-followup-bad-cells", ["report", "{plan}", "--followup", "{bad}", "--out",
                                   "{dir}/r"], MATRIX, CELLS),
    ("report-followup-fifo", ["report", "{plan}", "--followup", "{fifo_xlsx}", "--out",
                              "{dir}/r"], MATRIX, [r"{fifo_xlsx_name}: is a named pipe"]),
    ("report-followup-xfd-wide", ["report", "{plan}", "--followup", "{wide}", "--out",
                                  "{dir}/r"], MATRIX, [r"{wide_name}: Seuranta!XFD1: a cell"]),
    ("report-followup-unreadable", ["report", "{plan}", "--followup", "{unreadable_xlsx}",
                                    "--out", "{dir}/r"], MATRIX,
     [r"{unreadable_xlsx_name}: cannot be read"]),
    ("report-previous-docx", ["report", "{plan}", "--followup", "{xlsx}", "--previous",
                              "{docx}", "--out", "{dir}/r"], MATRIX,
     [r"{docx_name}: is a Word document"]),
    # check-template
    ("check-template-missing", ["check-template", "{missing}"], USAGE,
     [r"{missing}", r"does not exist"]),
    ("check-template-directory", ["check-template", "{dir}"], USAGE, [r"{dir}", "directory"]),
    ("check-template-damaged-docx", ["check-template", "{trunc_docx}"], TEMPLATE,
     [r"{trunc_docx_name}: not a Word \.docx document"]),
    ("check-template-yaml", ["check-template", "{plan}"], TEMPLATE,
     [r"{plan_name}: not a Word \.docx document"]),
    ("check-template-xlsx-as-decision", ["check-template", "{xlsx}", "--kind", "decision"],
     TEMPLATE, [r"{xlsx_name}: is an Excel workbook, not a Word \.docx document: a workbook "
                r"is the 'matrix' template"]),
    ("check-template-docx-as-matrix", ["check-template", "{docx}", "--kind", "matrix"],
     TEMPLATE, [r"{docx_name}: is a Word document, not an Excel \.xlsx workbook: the matrix "
                r"template is an \.xlsx"]),
    ("check-template-damaged-xlsx", ["check-template", "{trunc_xlsx}"], TEMPLATE,
     [r"{trunc_xlsx_name}: not an Excel \.xlsx workbook"]),
    # check-accessibility
    ("check-accessibility-missing", ["check-accessibility", "{missing}"], USAGE,
     [r"{missing}", r"does not exist"]),
    # a folder stands for the documents in it; one without any is told so
    ("check-accessibility-directory", ["check-accessibility", "{dir}"], USAGE,
     [r"the folder {dir} holds no \.docx, \.xlsx or \.pdf files"]),
]

XFAIL_CASES = [
    pytest.param("check-accessibility-yaml", ["check-accessibility", "{plan}"], 1,
                 [r"{plan_name}: not checked"],
                 id="check-accessibility-yaml"),
    pytest.param("check-accessibility-damaged-docx", ["check-accessibility", "{trunc_docx}"], 1,
                 [r"{trunc_docx_name}: cannot be read as \.docx"],
                 id="check-accessibility-damaged-docx"),
    pytest.param("check-accessibility-unreadable", ["check-accessibility", "{unreadable_xlsx}"],
                 1, [r"{unreadable_xlsx_name}"],
                 id="check-accessibility-unreadable"),
    pytest.param("matrix-out-is-a-directory", ["matrix", "{plan}", "--out", "{dir}"], OUTPUT,
                 [r"{dir}: is a directory"], id="matrix-out-is-a-directory"),
]


def _needs_unreadable(argv: list[str], files: Files) -> None:
    if any("unreadable" in a for a in argv) and os.access(files.unreadable, os.R_OK):
        pytest.skip("running as root: chmod 000 does not stop reading")


def _run(files: Files, argv: list[str], capsys: pytest.CaptureFixture[str]
         ) -> tuple[int, str, str]:
    args = [files.fmt(a) for a in argv]
    try:
        code = main(args)
    except BaseException as exc:  # a user would see a traceback
        pytest.fail(f"{args}: uncaught {type(exc).__name__}: {exc}")
    out, err = capsys.readouterr()
    return code, out, err


def _slow(case: str) -> list[pytest.MarkDecorator]:
    """The alias bomb takes every command most of a second to refuse: validate's case in the
    quick run, the other commands' in the slow run."""
    return [pytest.mark.slow] * (case.endswith("-alias-bomb") and case != "validate-alias-bomb")


@pytest.mark.parametrize(("case", "argv", "code", "patterns"),
                         [pytest.param(*c, id=c[0], marks=_slow(c[0])) for c in CASES]
                         + XFAIL_CASES)
def test_broken_input_gives_a_clear_error(case: str, argv: list[str], code: int,
                                          patterns: list[str], files: Files,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    _needs_unreadable(argv, files)
    got, out, err = _run(files, argv, capsys)
    message = err + out
    assert got == code, f"{case}: exit code {got}, expected {code}\n{message}"
    assert "Traceback" not in message
    for pattern in patterns:
        assert re.search(files.fmt(pattern, regex=True), message), f"{case}: {message}"
    assert len(message.splitlines()) <= 30, message  # one screen


def test_every_command_is_covered(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    listed = re.findall(r"^  ([a-z][a-z-]+)\s", capsys.readouterr().out, re.M)
    assert len(listed) >= 7
    covered = {c[1][0] for c in CASES}
    assert set(listed) <= covered, set(listed) - covered


def test_nothing_is_written_after_an_error(files: Files, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["build", "{party}", "--out", str(tmp_path / "b")],
                 ["matrix", "{plan}", "--out", str(tmp_path / "m.xlsx"), "--merge-from", "{bad}"],
                 ["collect", "{plan}", "{bad}", "{xlsx}", "--out", str(tmp_path / "c.xlsx")],
                 ["report", "{plan}", "--followup", "{bad}", "--out", str(tmp_path / "r")],
                 ["build", "{plan}", "--template", "decision={trunc_docx}", "--out",
                  str(tmp_path / "t")]):
        code, _, _ = _run(files, argv, capsys)
        assert code != 0
    assert list(tmp_path.iterdir()) == []


def test_collect_checks_every_output_before_writing(files: Files, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    existing = tmp_path / "yhdistetty.json"
    existing.write_text("{}\n", "utf-8")
    code, _, err = _run(files, ["collect", "{plan}", "{xlsx}", "--out",
                                str(tmp_path / "yhdistetty.xlsx"), "--json", str(existing)],
                        capsys)
    assert code == OUTPUT and str(existing) in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["yhdistetty.json"]


# -- the real process: exit code and stderr of the console script -----------------------------


def _console_script() -> list[str]:
    script = Path(sys.executable).parent / "yhdyspinta-docs"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "yhdyspinta_docs"]


# the package of this checkout, also where the installed one is another checkout's (the tests
# run in a directory of their own, so a relative PYTHONPATH would not find it)
ENV = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2] / "src"))


@pytest.mark.parametrize("case", ["build-missing", "validate-unknown-party", "collect-docx",
                                  "validate-fifo", "validate-dev-zero", "collect-fifo",
                                  "check-template-damaged-docx", "matrix-merge-from-bad-cells",
                                  "build-template-docx-as-matrix"])
def test_console_script_exit_code_and_stderr(case: str, files: Files) -> None:
    _, argv, code, patterns = next(c for c in CASES if c[0] == case)
    done = subprocess.run([*_console_script(), *(files.fmt(a) for a in argv)],
                          capture_output=True, text=True, timeout=120, check=False, env=ENV)
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stderr.startswith(("Error: ", "Usage: "))
    for pattern in patterns:
        assert re.search(files.fmt(pattern, regex=True), done.stderr), done.stderr


def test_debug_shows_the_traceback_only_when_asked(files: Files) -> None:
    done = subprocess.run([*_console_script(), "--debug", "validate", str(files.party)],
                          capture_output=True, text=True, timeout=120, check=False, env=ENV)
    assert done.returncode != 0 and "Traceback" in done.stderr and "PlanError" in done.stderr


def test_accessibility_findings_exit_non_zero(files: Files, tmp_path: Path) -> None:
    """The documented contract of check-accessibility: 'Exits 1 when something is found'."""
    from docx import Document

    doc = Document(str(files.docx))
    doc.core_properties.title = ""
    path = tmp_path / "ilman_otsikkoa.docx"
    doc.save(str(path))
    done = subprocess.run([*_console_script(), "check-accessibility", str(path)],
                          capture_output=True, text=True, timeout=120, check=False, env=ENV)
    assert path.name in done.stdout
    assert done.returncode == 1
