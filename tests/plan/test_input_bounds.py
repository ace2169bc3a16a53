"""Hostile inputs are refused in bounded time and memory, with one line naming the file.

Plan files: a named pipe (FIFO), ``/dev/zero``, a directory, a loop of symbolic links, an
alias of aliases of aliases (a few hundred bytes that expand to billions of values), the
same with merge keys (``<<: [*a, *a, …]``), 300,000 keys in 3 MB, lists nested thousands
deep, a number of 4,400 digits, a ``!!python/object`` tag. Returned workbooks: a FIFO,
40,000 rows each with one cell in column XFD, rows written with a namespace prefix
(``<x:row>``), damaged compressed data, a wrong CRC, a shared-text index the workbook does
not have, a DTD, cells far down or too many in a row, 150,000 cell styles or defined names,
500,001 shared texts, XML nested 100,000 deep, a number of 5,000 digits, ``NaN`` and
``2026-02-30`` stored as a number and a date.

Each case runs the real command line in a child process limited to 600 MB of address space,
and must end within 30 s, below 300 MB peak memory (the child's own peak resident
memory, VmHWM), with a non-zero exit code, the expected message and no traceback.

The builders of the hostile files (:func:`hostile_plans`, :func:`hostile_workbooks`) are
also used by the error walk of tests/test_cli_errors.py.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import CLI_WITH_PEAK, quick_few
from hostile import (
    KEY,
    MAIN_NS,
    SHEET,
    hostile_plans,
    hostile_workbooks,
    make_zip,
    matrix_bytes,
    parts_of,
    sheet_xml,
    with_sheet,
)
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs._inputs import InputRefused, InputTooLarge, read_regular
from yhdyspinta_docs.errors import MatrixError, PlanError
from yhdyspinta_docs.matrix import _guard as xlsx_guard
from yhdyspinta_docs.matrix._read import read_matrix
from yhdyspinta_docs.matrix._signing import default_key_path, load_or_create_key
from yhdyspinta_docs.plan import load_plan, parse_plan
from yhdyspinta_docs.plan._model import MAX_PARTIES
from yhdyspinta_docs.plan._yaml import MAX_DEPTH, MAX_NODES

SRC = Path(__file__).resolve().parents[2] / "src"
ADDRESS_SPACE = 600 * 1024 * 1024
PEAK = 300 * 1024 * 1024
SECONDS = 30
PLAN, MATRIX = 2, 4  # errors.py exit codes


@dataclass(frozen=True)
class Outcome:
    code: int
    stderr: str
    peak: int  # bytes
    seconds: float


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_bounded(argv: list[str]) -> Outcome:
    """Run ``yhdyspinta-docs argv`` in a child limited to 600 MB; fail after 30 s."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.TemporaryDirectory() as tmp:
        peak_file = Path(tmp) / "peak"
        env = dict(os.environ, PYTHONPATH=str(SRC), PEAK_FILE=str(peak_file))
        started = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-c", CLI_WITH_PEAK, *argv],
                                stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env,
                                preexec_fn=_limit_memory)
        try:
            code = proc.wait(timeout=SECONDS)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            pytest.fail(f"{argv}: still running after {SECONDS} s")
        seconds = time.monotonic() - started
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
        peak = int(peak_file.read_text()) * 1024 if peak_file.exists() else ADDRESS_SPACE
    return Outcome(code, stderr, peak, seconds)


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("plans")
    out = hostile_plans(d)
    out["dir"] = d / "kansio"
    out["dir"].mkdir()
    out["good"] = d / "plan.yaml"
    out["good"].write_text(example_plan_path().read_text("utf-8"), "utf-8")
    return out


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("workbooks")
    plan = d / "plan.yaml"
    plan.write_text(example_plan_path().read_text("utf-8"), "utf-8")
    key = load_or_create_key(default_key_path(plan))  # the key file collect finds
    out = hostile_workbooks(d, matrix_bytes(key))
    out["plan"] = plan
    out["good"] = d / "joutsa.xlsx"
    out["good"].write_bytes(matrix_bytes(key))
    return out


def _line(path: Path, needle: str) -> int:
    text = path.read_text("utf-8")
    return text[:text.index(needle)].count("\n") + 1


PLAN_CASES: dict[str, Callable[[dict[str, Path]], str]] = {
    "fifo": lambda p: re.escape(f"{p['fifo']}: is a named pipe (FIFO), not a regular file; "
                                "give the plan file (plan.yaml)"),
    "devzero": lambda p: re.escape("/dev/zero: is a device, not a regular file; give the plan "
                                   "file (plan.yaml)"),
    "dir": lambda p: re.escape(f"{p['dir']}: is a directory; give the plan file (plan.yaml)"),
    "loop": lambda p: re.escape(f"{p['loop']}: is a symbolic link that leads back to itself "
                                "(a loop of links)"),
    "bomb": lambda p: re.escape(f"{p['bomb']}:") + r"(\d+): the alias \*[a-j] repeats a list "
                      r"or mapping that itself repeats others, more than 200,000 values",
    "deep": lambda p: re.escape(f"{p['deep']}:2: the file nests lists and mappings more than "
                                f"{MAX_DEPTH} levels deep; a plan file needs at most about "
                                "six"),
    "deep_block": lambda p: re.escape(f"{p['deep_block']}:") + r"\d+: the file nests lists "
                            r"and mappings more than 64 levels deep",
    "merge_bomb": lambda p: re.escape(f"{p['merge_bomb']}:5: the merge key '<<' here merges "
                                      "mappings that themselves merge others, more than "
                                      "200,000 keys in all"),
    "many_keys": lambda p: re.escape(f"{p['many_keys']}:200000: the file has more than "
                                     "200,000 values; a plan file has far fewer"),
    "tag": lambda p: re.escape(f"{p['tag']}:14 alue: the YAML tag "
                               "!!python/object/apply:os.system is not used in a plan file"),
    "long_text": lambda p: re.escape(f"{p['long_text']}:{_line(p['long_text'], 'paatosehdotus')}"
                                     " asia.kasittely.paatosehdotus: the text is 155,999 "
                                     "characters long; a text of a plan file has at most "
                                     "100,000"),
    "number": lambda p: re.escape(f"{p['number']}:{_line(p['number'], 'alkuvuosi')} "
                                  "suunnitelma.kausi.alkuvuosi: the number '777") +
                        r"7*\.\.\. has 4400 digits; numbers in a plan file have at most 30",
}


# each case starts the command line in a child process: three in the quick run
@pytest.mark.parametrize("case", quick_few(PLAN_CASES, {"fifo", "bomb", "tag"}))
def test_hostile_plan_is_refused_in_bounded_time_and_memory(case: str,
                                                            plans: dict[str, Path]) -> None:
    done = run_bounded(["validate", str(plans[case])])
    assert done.code == PLAN, done.stderr
    assert "Traceback" not in done.stderr
    assert re.search(PLAN_CASES[case](plans), done.stderr), done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert done.peak < PEAK, f"{case}: {done.peak / 1048576:.0f} MB"


def test_a_plan_whose_matrix_would_be_too_big_is_refused_before_building(
        plans: dict[str, Path], tmp_path: Path) -> None:
    """3,000 measures for every party: the combined matrix's 72,120 rows ran out of memory
    (a MemoryError traceback at 450 MB) after 17 s of building."""
    done = run_bounded(["build", str(plans["many_rows"]), "--drafts", "--out",
                        str(tmp_path / "out"), "--key", str(tmp_path / "k.key")])
    assert done.code == PLAN, done.stderr
    assert "Traceback" not in done.stderr
    line = _line(plans["many_rows"], "  toimenpiteet:\n")
    assert re.search(re.escape(f"{plans['many_rows']}:{line} suunnitelma.toimenpiteet: the "
                               "measures and the parties responsible for them make 72,120 "
                               "rows of the follow-up matrix; a matrix has at most 10,000"),
                     done.stderr), done.stderr
    assert done.peak < PEAK
    assert not (tmp_path / "out").exists()


def test_the_alias_bomb_names_the_line_of_the_outermost_alias(plans: dict[str, Path]) -> None:
    with pytest.raises(PlanError) as info:
        load_plan(plans["bomb"])
    [issue] = info.value.issues
    # a has 10 values, b 91, c 820, d 7,381, e 66,430: the 200,000 run out in f: [*e, …]
    assert issue.where == f"{plans['bomb']}:6"
    assert issue.what.startswith("the alias *e repeats")


def test_a_good_plan_passes_within_the_same_bounds(plans: dict[str, Path]) -> None:
    done = run_bounded(["validate", str(plans["good"])])
    assert done.code == 0, done.stderr
    assert done.peak < PEAK


@pytest.mark.parametrize(("written", "first"), [
    # a party's name where its id belongs, 20,000 times: "Kunta X0", "Kunta X1" …
    ('"Kunta X{}"', "'Kunta X0' is not an id; ids use lower-case letters"),
    # 20,000 ids no party has: kx0, kx1 … (the "did you mean" search for each; slow run)
    pytest.param("kx{}", "unknown party 'kx0'; declared are: ", marks=pytest.mark.slow),
])
def test_thousands_of_wrong_references_are_reported_in_bounded_time(
        tmp_path: Path, written: str, first: str) -> None:
    """Each wrong reference among 900 parties could be compared with every party's id and
    name for a "did you mean" (and the problems with each other, to list each once): minutes
    for a plan written to hurt. Only the first problems get a hint; all are counted."""
    source = example_plan_path().read_text("utf-8")
    parties = "".join(f"  - tunnus: p{i}\n    nimi: Kunta numero {i}\n    tyyppi: kunta\n"
                      for i in range(900))
    refs = ", ".join(written.format(i) for i in range(20_000))
    assert "osapuolet:\n" in source and "vastuutahot: [kaikki]" in source
    plan = tmp_path / "plan.yaml"
    plan.write_text(source.replace("osapuolet:\n", "osapuolet:\n" + parties, 1)
                    .replace("vastuutahot: [kaikki]", f"vastuutahot: [{refs}]", 1), "utf-8")
    done = run_bounded(["validate", str(plan)])
    assert done.code == PLAN and "Traceback" not in done.stderr, done.stderr[-2000:]
    lines = done.stderr.strip().splitlines()
    assert first in lines[1], lines[1]
    assert lines[-1] == "... and 19980 more", lines[-1]
    assert done.peak < PEAK


WORKBOOK_CASES: dict[str, str] = {
    "fifo": "{fifo_name}: is a named pipe (FIFO), not a regular file; give the returned "
            "workbook (.xlsx) itself",
    "xfd": "{xfd_name}: Seuranta!XFD1: a cell beyond column GR (column 200); a follow-up "
           "matrix has about a dozen columns",
    "prefixed": "{prefixed_name}: has over 50,000 rows on one sheet (xl/worksheets/sheet2.xml)",
    "deflate": "{deflate_name}: is damaged: its part xl/worksheets/sheet2.xml cannot be "
               "unpacked (Error -3 while decompressing data: invalid block type)",
    "crc": "{crc_name}: is damaged: its part xl/worksheets/sheet2.xml cannot be unpacked (Bad "
           "CRC-32",
    "shared": "{shared_name}: Seuranta!F2: the cell refers to shared text number 7, but the "
              "workbook has 0 shared texts (no shared texts): the file is damaged",
    "doctype": "{doctype_name}: Seuranta: contains XML entity or DTD declarations",
    "far_down": "{far_down_name}: Seuranta!A1048576: a cell in row 1,048,576, beyond row "
                "100,000",
    "past_sheet": "{past_sheet_name}: Seuranta!1048577: row 1,048,577 is not a row of a sheet "
                  "(1–1,048,576): the file is damaged",
    "wide_row": "{wide_row_name}: Seuranta!A1: row 1 has more than 200 cells",
    "styles": "{styles_name}: xl/styles.xml: has more than 100,000 XML elements; the part of "
              "a follow-up matrix has far fewer",
    "names": "{names_name}: xl/workbook.xml: has more than 100,000 XML elements",
    "many_shared": "{many_shared_name}: xl/sharedStrings.xml: has more than 500,000 shared "
                   "texts",
    "nan": "{nan_name}: Seuranta!I2: the cell holds 'NaN', which is not a number as Excel "
           "stores one: the file is damaged",
    "long_number": "{long_number_name}: Seuranta!F2: the cell holds a number of more than "
                   "400 characters ('99999999999999999999…')",
    "bad_date": "{bad_date_name}: Seuranta!I2: the cell holds '2026-02-30', which is not a "
                "date (year-month-day) as Excel stores one",
    "deep": "{deep_name}: Seuranta: nests XML elements more than 64 deep",
    "content_types": "{content_types_name}: [Content_Types].xml: has more than 100,000 XML "
                     "elements, far more than a matrix has",
    "merged_cells": "{merged_cells_name}: Seuranta: has more than 100,000 XML elements besides "
                    "its rows; the part of a follow-up matrix has far fewer",
    "rich_shared": "{rich_shared_name}: xl/sharedStrings.xml: has more than 1,500,000 XML "
                   "elements, far more than a matrix has",
}


# each case starts collect in a child process: three in the quick run
@pytest.mark.parametrize("case", quick_few(WORKBOOK_CASES, {"doctype", "far_down", "nan"}))
def test_hostile_workbook_is_refused_in_bounded_time_and_memory(
        case: str, workbooks: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "yhdistetty.xlsx"
    done = run_bounded(["collect", str(workbooks["plan"]), str(workbooks[case]),
                        "--out", str(out)])
    assert done.code == MATRIX, done.stderr
    assert "Traceback" not in done.stderr
    names = {f"{k}_name": v.name for k, v in workbooks.items()}
    # collect's header line, then one line for the file
    header, line = done.stderr.strip().splitlines()
    assert header.startswith("Error: 1 file(s) cannot be collected; nothing was collected")
    assert line.startswith(WORKBOOK_CASES[case].format(**names)), done.stderr
    assert done.peak < PEAK, f"{case}: {done.peak / 1048576:.0f} MB"
    assert not out.exists()


def test_a_good_workbook_passes_within_the_same_bounds(workbooks: dict[str, Path],
                                                       tmp_path: Path) -> None:
    done = run_bounded(["collect", str(workbooks["plan"]), str(workbooks["good"]), "--out",
                        str(tmp_path / "yhdistetty.xlsx")])
    assert done.code == 0, done.stderr
    assert done.peak < PEAK


def test_texts_from_a_returned_file_reach_the_terminal_as_visible_escapes(
        workbooks: dict[str, Path], tmp_path: Path) -> None:
    """A party's text is quoted in collect's warnings: a C1 control (``\\x9b`` starts an
    escape sequence on many terminals) is shown escaped, not acted on; a right-to-left
    override (which reverses what follows on screen) is removed from what a party typed
    before anything shows or stores it."""
    parts = parts_of(workbooks["good"].read_bytes())
    sent = b"Asumisen kehitt&#228;misen ty&#246;ryhm&#228;"
    assert sent in parts[SHEET]
    parts[SHEET] = parts[SHEET].replace(sent, "Muutettu&#155;2J\u202etxt.exe".encode(), 1)
    changed = tmp_path / "joutsa.xlsx"
    changed.write_bytes(make_zip(parts))
    done = run_bounded(["collect", str(workbooks["plan"]), str(changed), "--out",
                        str(tmp_path / "yhdistetty.xlsx")])
    assert done.code == 0, done.stderr
    assert "Toimenpide says 'Muutettu\\x9b2Jtxt.exe' in the file" in done.stderr
    assert not re.search("[\x9b\u202e]", done.stderr), done.stderr


def test_debug_still_shows_the_traceback(plans: dict[str, Path]) -> None:
    done = run_bounded(["--debug", "validate", str(plans["bomb"])])
    assert done.code != 0
    assert "Traceback" in done.stderr and "PlanError" in done.stderr


# -- in-process details --------------------------------------------------------------------


def test_the_size_limit_holds_for_what_is_read_not_what_the_file_says() -> None:
    """Files under /proc say they are 0 bytes long; reading stops one byte past the limit."""
    maps = Path("/proc/self/maps")
    if not maps.exists():
        pytest.skip("no /proc")
    assert maps.stat().st_size == 0
    with pytest.raises(InputTooLarge) as info:
        read_regular(maps, 10)
    assert info.value.size is None and info.value.what == "is over 10 bytes"
    assert len(read_regular(maps, 10_000_000)) > 10


def test_a_plan_over_the_limit_is_refused(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from yhdyspinta_docs.plan import _loader as loader

    path = tmp_path / "iso.yaml"
    path.write_text("alue: x\n" * 20, "utf-8")
    monkeypatch.setattr(loader, "MAX_PLAN_BYTES", 100)
    with pytest.raises(PlanError, match=re.escape(f"{path}: is 160 bytes; a plan file is at "
                                                  "most 100 bytes")):
        load_plan(path)


def test_missing_file_and_a_file_as_directory() -> None:
    with pytest.raises(InputRefused, match="^no such file$"):
        read_regular(Path("/nonexistent/plan.yaml"), 100)
    with pytest.raises(InputRefused, match=r"a part of the path is a file"):
        read_regular(Path("/etc/hostname/plan.yaml"), 100)


def test_deep_nesting_is_refused_at_the_limit_and_not_below() -> None:
    def nested(levels: int) -> str:  # the root mapping is the first level
        return "alue: x\nosapuolet: " + "[" * (levels - 1) + "]" * (levels - 1) + "\n"

    with pytest.raises(PlanError) as info:
        parse_plan(nested(MAX_DEPTH + 1))
    assert str(info.value).startswith("plan.yaml:2: the file nests lists and mappings more "
                                      f"than {MAX_DEPTH} levels deep")
    with pytest.raises(PlanError) as info:
        parse_plan(nested(MAX_DEPTH))
    assert "levels deep" not in str(info.value)  # refused by the plan's model instead


def test_aliases_are_counted_each_time_they_are_expanded() -> None:
    small = "x: &x [" + ", ".join(["v"] * 999) + "]\ny: [" + ", ".join(["*x"] * 100) + "]\n"
    with pytest.raises(PlanError) as info:
        parse_plan(small)  # 100,000 values: within the bound, refused only by the model
    assert "alias" not in str(info.value)
    big = small.replace("[*x", "[" + "*x, " * 150 + "*x")
    with pytest.raises(PlanError) as info:
        parse_plan(big)
    assert str(info.value).startswith(f"plan.yaml:2: the alias *x repeats a list or mapping "
                                      f"that itself repeats others, more than {MAX_NODES:,}")


@pytest.mark.parametrize(("written", "message"), [
    ("0x" + "f" * 40, "the number '0xffff"),
    ("-" + "1" * 31, "has 31 digits"),
    ("1." + "5" * 40 + "e3", "has 42 digits"),
])
def test_long_numbers_are_refused_with_line_and_field(example_source: str, written: str,
                                                      message: str) -> None:
    source = example_source.replace("alkuvuosi: 2026", f"alkuvuosi: {written}", 1)
    line = source[:source.index("alkuvuosi")].count("\n") + 1
    with pytest.raises(PlanError) as info:
        parse_plan(source)
    [issue] = info.value.issues
    assert issue.where == f"plan.yaml:{line} suunnitelma.kausi.alkuvuosi"
    assert message in issue.what


def test_a_value_the_yaml_library_cannot_convert_is_left_to_the_model(
        example_source: str) -> None:
    """``2026-02-30`` looks like a date but is none: the field's own message, with its line."""
    source = example_source.replace("voimassa_alkaen: 2026-01-01",
                                    "voimassa_alkaen: 2026-02-30", 1)
    with pytest.raises(PlanError) as info:
        parse_plan(source)
    line = source[:source.index("voimassa_alkaen")].count("\n") + 1
    assert f"plan.yaml:{line} sopimus.voimassa_alkaen: '2026-02-30'" in str(info.value)
    for tagged in ("!!int abc", "!!float abc", "!!bool abc"):
        source = example_source.replace("alkuvuosi: 2026", f"alkuvuosi: {tagged}", 1)
        with pytest.raises(PlanError, match=r"suunnitelma\.kausi\.alkuvuosi: .*whole number"):
            parse_plan(source)


@pytest.mark.parametrize(("source", "message"), [
    ("{[a, {b: c}]: 1}", "plan.yaml: a key is a list or mapping; the keys of a plan file are "
                         "plain names"),
    ("&a [1, *a]\n", "plan.yaml:1: the alias *a is inside the list or mapping &a it "
                        "repeats"),
    ("a: !<tag:yaml.org,2002:int> 0x\n", "missing required key 'alue'"),
    ("a: !!binary zzz\n", "plan.yaml:1 a: the YAML tag !!binary is not used in a plan file"),
])
def test_odd_yaml_ends_in_a_plan_error(source: str, message: str) -> None:
    with pytest.raises(PlanError) as info:
        parse_plan(source)
    assert message in str(info.value)


def _shared_texts(matrix: bytes) -> tuple[dict[str, bytes], int]:
    """The parts of `matrix` with the Seuranta sheet's texts moved to shared texts (as Excel
    saves them), and how many shared texts there are."""
    parts = parts_of(matrix)
    texts: list[bytes] = []

    def shared(found: re.Match[bytes]) -> bytes:
        texts.append(found[1])
        return b't="s"><v>%d</v>' % (len(texts) - 1)

    parts[SHEET] = re.sub(rb't="inlineStr"><is><t[^>]*>(.*?)</t></is>', shared, parts[SHEET])
    parts["xl/sharedStrings.xml"] = (
        f'<sst xmlns="{MAIN_NS}" count="{len(texts)}" uniqueCount="{len(texts)}">'.encode() +
        b"".join(b"<si><t>%s</t></si>" % text for text in texts) + b"</sst>")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxml'
        b'formats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdJaetut" Type="http://schemas.openxml'
        b'formats.org/officeDocument/2006/relationships/sharedStrings" '
        b'Target="sharedStrings.xml"/></Relationships>')
    return parts, len(texts)


def test_shared_texts_are_counted_in_the_workbook(tmp_path: Path) -> None:
    """With shared texts (as Excel saves): read in full; the last index is a known text, one
    past it is refused, naming the cell."""
    pf = load_plan(example_plan_path())
    matrix = matrix_bytes()
    parts, count = _shared_texts(matrix)
    assert count > 10
    path = tmp_path / "jaetut.xlsx"
    path.write_bytes(make_zip(parts))
    sent = tmp_path / "lahetetty.xlsx"
    sent.write_bytes(matrix)
    assert read_matrix(path, pf, key=KEY) == read_matrix(sent, pf, key=KEY)
    sheet = parts[SHEET]
    first = re.search(rb'<c r="A2"[^>]*t="s"><v>(\d+)</v>', sheet)
    assert first is not None
    for index in (count - 1, count):
        parts[SHEET] = sheet.replace(first[0], first[0].replace(b"<v>" + first[1],
                                                                b"<v>%d" % index), 1)
        path = tmp_path / f"jaetut{index}.xlsx"
        path.write_bytes(make_zip(parts))
        with pytest.raises(MatrixError) as info:
            read_matrix(path, pf, key=KEY)
        if index < count:  # the Tunnus is now another text: refused by the reader, not here
            assert "shared text" not in str(info.value)
        else:
            assert str(info.value) == (
                f"jaetut{index}.xlsx: Seuranta!A2: the cell refers to shared text number "
                f"{index}, but the workbook has {count} shared texts (xl/sharedStrings.xml): "
                f"the file is damaged; {xlsx_guard.SAVE_AS}")


@pytest.mark.parametrize(("rows", "message"), [
    # every child of a row is a cell to openpyxl, whatever its name
    (b'<row r="1"><foo r="XFD1"/></row>', "Seuranta!XFD1: a cell beyond column GR"),
    # cells without a reference take the next column
    (b'<row r="1">' + b"<c/>" * 201 + b"</row>", "Seuranta!GS1: a cell beyond column GR"),
    # a cell whose reference is in row 1 of a row numbered 1,000,000 (openpyxl reads it so)
    (b'<row r="1_000_000"><c r="A1"/></row>', "Seuranta!A1: a cell in row 1,000,000, beyond"),
    # an empty row may be anywhere on the sheet (Calc writes its last row), but not beyond it
    (b'<row r="1"><c r="A1"/></row><row r="1048576"/>', None),
    (b'<row r="1048577"/>', "Seuranta!1048577: row 1,048,577 is not a row of a sheet"),
    (b'<row r="0"/>', "Seuranta!0: row 0 is not a row of a sheet"),
    # openpyxl skips a row numbered below the one before it: its entries would be lost
    (b'<row r="1048576"/><row r="2"><c r="A2"/></row>',
     "Seuranta!2: row 2 comes after row 1,048,576, out of order: the file is damaged"),
    (b'<row r="5"/><row r="2"><c r="A2"/></row>', "Seuranta!2: row 2 comes after row 5"),
    (b'<row r="2"/><row r="2"><c r="A2"/></row>', "Seuranta!2: row 2 comes after row 2"),
    (b'<row r="1"><c r="A1_000"/></row>', "Seuranta!A1_000: 'A1_000' is not a cell reference"),
    (b'<row r="1"><c r="A1" t="s"><v>-1</v></c></row>',
     "Seuranta!A1: the cell refers to shared text number -1, but the workbook has 0"),
    (b'<row r="1"><row/><c r="XFD1"/></row>', "Seuranta!XFD1: a cell beyond column GR"),
    (b'<row r="1"><c r="A1" t="s"/><c r="B1" t="s"><v></v></c></row>', None),
    (b'<row r="1"><c r="GR1"/></row><row r="100000"><c r="A100000"/></row>', None),
])
def test_rows_and_cells_are_found_as_openpyxl_finds_them(tmp_path: Path, rows: bytes,
                                                         message: str | None) -> None:
    path = tmp_path / "rivit.xlsx"
    path.write_bytes(with_sheet(matrix_bytes(), sheet_xml(rows)))
    if message is None:
        assert xlsx_guard.check_xlsx(path, "rivit.xlsx") == path.read_bytes()
        return
    with pytest.raises(xlsx_guard.XlsxRefused) as info:
        xlsx_guard.check_xlsx(path, "rivit.xlsx")
    assert str(info.value).startswith(f"rivit.xlsx: {message}")


def test_the_limits_leave_room_for_the_largest_matrix() -> None:
    assert xlsx_guard.MAX_ROWS > 200 * 30
    assert xlsx_guard.MAX_CELLS > 200 * 30 * 20
    assert xlsx_guard.MAX_COLUMN >= 12 * 10


@pytest.mark.parametrize("command", ["check-template", "build-template", "collect-key"])
def test_a_fifo_as_template_or_key_file_is_refused_without_waiting(command: str,
                                                                    tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.docx"
    os.mkfifo(fifo)
    plan = str(example_plan_path())
    argv = {"check-template": ["check-template", str(fifo)],
            "build-template": ["build", plan, "--template", f"decision={fifo}", "--out",
                               str(tmp_path / "out"), "--drafts"],
            "collect-key": ["collect", plan, str(tmp_path / "a.xlsx"), "--key", str(fifo),
                            "--out", str(tmp_path / "k.xlsx")]}[command]
    done = run_bounded(argv)
    assert done.code != 0
    assert "Traceback" not in done.stderr
    assert f"{fifo}: is a named pipe (FIFO), not a regular file" in done.stderr


def _with_parties(count: int) -> str:
    """The example plan with `count` parties in all, the added ones responsible for nothing
    (so the follow-up matrix stays small)."""
    source = example_plan_path().read_text("utf-8")
    marker = "  # Keski-Suomen 22 kuntaa.\n"
    assert marker in source and "vastuutahot: [kaikki]" in source
    source = source.replace("vastuutahot: [kaikki]", "vastuutahot: [hyvinvointialue]")
    have = len(parse_plan(source).parties)
    added = "".join(f"  - {{tunnus: lisa{i}, nimi: Lisäkunta {i}, tyyppi: kunta}}\n"
                    for i in range(count - have))
    return source.replace(marker, marker + added, 1)


def test_a_thousand_parties_validate_and_one_more_is_refused() -> None:
    assert len(parse_plan(_with_parties(MAX_PARTIES)).parties) == MAX_PARTIES
    source = _with_parties(MAX_PARTIES + 1)
    with pytest.raises(PlanError) as info:
        parse_plan(source)
    line = source[:source.index("osapuolet:\n")].count("\n") + 1
    assert [str(i) for i in info.value.issues] == [
        f"plan.yaml:{line} osapuolet: the plan has 1,001 parties; a plan has at most 1,000 "
        "(one region's municipalities, county and regional council are a few dozen, all of "
        "Finland has 308 municipalities): list only the parties of the agreement, one plan "
        "per region"]


@pytest.mark.slow  # about 6 s; the message itself is pinned by the test above
def test_a_plan_of_tens_of_thousands_of_parties_is_refused_in_bounded_time_and_memory(
        tmp_path: Path) -> None:
    """49,000 parties responsible for nothing (as many as the 200,000 values allow): the plan
    validated and `build --for-each-party` ran for hours."""
    plan = tmp_path / "osapuolet.yaml"
    plan.write_text(_with_parties(49_000), "utf-8")
    done = run_bounded(["build", str(plan), "--for-each-party", "--drafts", "--out",
                        str(tmp_path / "out"), "--key", str(tmp_path / "k.key")])
    assert done.code == PLAN, done.stderr
    assert "Traceback" not in done.stderr
    line = _line(plan, "osapuolet:\n")
    assert re.search(re.escape(f"{plan}:{line} osapuolet: the plan has 49,000 parties; a plan "
                               "has at most 1,000"), done.stderr), done.stderr
    assert done.peak < PEAK, f"{done.peak / 1048576:.0f} MB"
    assert not (tmp_path / "out").exists()


def test_a_text_of_many_identity_codes_with_invisible_characters_is_read_in_bounded_time(
        tmp_path: Path) -> None:
    """Personal data hidden by an invisible character is looked for in the text read
    without such characters, and each find checked against those found as written: the
    thousands of identity codes of a text are one pass each, never every one against every
    other (which took a minute for this plan)."""
    source = example_plan_path().read_text("utf-8")
    anchor = "        - |-\n          Keski-Suomen kunnilla, Keski-Suomen liitolla"
    assert source.count(anchor) == 1
    # a text holds at most 100,000 characters: 40 of them, each 8,000 codes and two hidden
    codes = "\u200b" + " ".join(["010190-123A"] * 8_000) + " 0101\u200b90-123B"
    plan = tmp_path / "plan.yaml"
    plan.write_text(source.replace(anchor, f"        - |-\n          {codes}\n" * 40 + anchor),
                    "utf-8")
    done = run_bounded(["validate", str(plan)])
    assert done.code == 0, done.stderr[-2000:]
    assert "the text contains '010190-123A', a Finnish personal identity code" in done.stderr
    assert "the text contains '0101\\u200b90-123B', a Finnish personal identity code" in \
        done.stderr
    assert done.peak < PEAK


def test_hundreds_of_long_marked_names_are_looked_for_in_bounded_time(tmp_path: Path) -> None:
    """A name's pattern (a class of invisible characters between each two letters, any hyphen,
    surname first too) is slow to compile: one pattern of 300 names of 250 characters took
    minutes and a gigabyte for one text. Only the names whose first word and surname stem a
    text has are compiled for it; the names are still found."""
    source = example_plan_path().read_text("utf-8")
    anchor = "        - |-\n          Keski-Suomen kunnilla, Keski-Suomen liitolla"
    assert source.count(anchor) == 1
    names = ", ".join(f"Aaaa{i}-Bbbb{i} Cccc{i}-Dddd{'x' * 230}" for i in range(300))
    text = "Aaaa1-Bbbb1 " * 3000 + f"Aaaa7-Bbbb7 Cccc7-Dddd{'x' * 230}"
    plan = tmp_path / "plan.yaml"
    plan.write_text(source.replace("kielet: [fi]", f"kielet: [fi]\nhenkilotiedot: [{names}]", 1)
                    .replace(anchor, f"        - |-\n          {text}\n" + anchor), "utf-8")
    assert "henkilotiedot:" in plan.read_text("utf-8")
    done = run_bounded(["validate", str(plan)])
    assert done.code == 0, done.stderr[-2000:]
    assert "the text contains 'Aaaa7-Bbbb7 Cccc7-Dddd" in done.stderr
    assert "plan.yaml:14 henkilotiedot[7]; public versions replace it" in done.stderr
    assert done.peak < PEAK
