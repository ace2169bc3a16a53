"""Shared by several test modules: loading a module from a file (test data, tools), the texts
of a context, a plan's error and line numbers, fake programs."""

from __future__ import annotations

import functools
import importlib.util
import sys
from collections.abc import Collection, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from yhdyspinta_docs.errors import PlanError
from yhdyspinta_docs.plan import parse_plan

ROOT = Path(__file__).resolve().parent.parent


def quick_few(cases: Iterable[str], quick: Collection[str]) -> list[Any]:
    """`cases` as pytest parameters (each its own id): those named in `quick` run in every
    run, the others only in the slow run (``-m slow``, which .ci/run also runs).

    For families of cases that each start a process or LibreOffice: a few stand for the rest
    where a developer waits, and every case still runs before anything lands."""
    cases = list(cases)
    unknown = set(quick) - set(cases)
    assert not unknown, f"no such case(s): {sorted(unknown)}"
    return [pytest.param(case, id=case, marks=[] if case in quick else [pytest.mark.slow])
            for case in cases]


def process_alive(pid: int) -> bool:
    """Whether the process `pid` still runs (a zombie, ended but not yet reaped, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def load_module(name: str, path: Path) -> ModuleType:
    """Import the Python file `path` as module `name` (tests/data and tools are no packages)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def decision_context_data() -> ModuleType:
    """tests/data/decision_context.py: a sample decision context and its variants."""
    return sys.modules.get("decision_context_data") or load_module(
        "decision_context_data", ROOT / "tests" / "data" / "decision_context.py")


def context_strings(value: object) -> list[str]:
    """Every string in a context (or part of one), in order; the ``labels`` table (one shared
    table of words per language) is left out."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() if k != "labels" for s in context_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in context_strings(v)]
    return []


def context_text(value: object) -> str:
    """:func:`context_strings` of `value`, one per line."""
    return "\n".join(context_strings(value))


def plan_error(source: str) -> PlanError:
    """The PlanError that parsing the plan text `source` raises (the test fails without one)."""
    with pytest.raises(PlanError) as info:
        parse_plan(source)
    return info.value


def edited_part(template: Path, path: Path, part: str, old: str, new: str) -> Path:
    """The Word or Excel `template` saved as `path` with the first `old` in the XML of its
    member `part` replaced by `new` (as someone edits it); `old` must be there."""
    import zipfile

    with zipfile.ZipFile(template) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == part:
                text = data.decode("utf-8")
                assert old in text, (part, old)
                data = text.replace(old, new, 1).encode("utf-8")
            dst.writestr(info, data)
    return path


def paragraph_text(path: Path, part: str, number: int) -> str:
    """The text of paragraph `number` of the XML `part` of the Word file `path`, counted as
    the findings of a template count them (every paragraph of the part, in order)."""
    import zipfile

    from yhdyspinta_docs.word._places import paragraph_texts

    with zipfile.ZipFile(path) as package:
        return paragraph_texts(package.read(part))[number - 1]


def type_cell(path: Path, key: str, header: str, value: object, sheet: str = "Seuranta"
              ) -> None:
    """Type `value` into the cell of row `key` (first column), column `header` of `sheet`
    of the workbook `path` and save it, as a person does in Excel."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    type_rows(wb[sheet], {key: {header: value}})
    wb.save(path)


def column_letter(header: str, ws: Any = None) -> str:
    """The letter of the column headed `header` (the Finnish header of
    :data:`~yhdyspinta_docs.matrix._followup.COLUMNS`) in row 1 of the openpyxl sheet `ws`,
    which may show it in Swedish or in both languages; without `ws`, on the Seuranta sheet of
    the bundled matrix template, and so of every matrix written from it. Tests name a cell of
    the matrix through this, never by a fixed letter (only the key column is always A)."""
    from yhdyspinta_docs.matrix._followup import header_forms, normalize_header

    sheet = _template_data_sheet() if ws is None else ws
    forms = header_forms(header)
    found = [str(c.column_letter) for c in sheet[1]
             if c.value is not None and normalize_header(str(c.value)) in forms]
    assert len(found) == 1, f"{sheet.title}: header {header!r} in column(s) {found}"
    return found[0]


@functools.cache
def _template_data_sheet() -> Any:
    """The Seuranta sheet of the bundled matrix template (read once)."""
    from openpyxl import load_workbook

    from yhdyspinta_docs._assets import default_template

    return load_workbook(default_template("matrix"))["Seuranta"]


def type_rows(ws: Any, edits: dict[str, dict[str, object]]) -> None:
    """Type `edits` {row key: {header as the sheet shows it: value}} into the openpyxl sheet
    `ws` (row keys in its first column, headers in its first row)."""
    heads = {c.value: c.column for c in ws[1]}
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    for key, values in edits.items():
        for header, value in values.items():
            ws.cell(rows[key], heads[header]).value = value


@functools.cache
def _made(period: str | None) -> tuple[tuple[tuple[str, bytes], ...], bytes]:
    """Every file ``matrix --for-each-party`` writes for the example (with `period`), and
    the key it made: made once, as bytes (the command is deterministic)."""
    import contextlib
    import io
    import tempfile

    from yhdyspinta_docs.cli import main

    said = io.StringIO()  # not into the output the calling test reads
    with tempfile.TemporaryDirectory() as folder, contextlib.redirect_stdout(said), \
            contextlib.redirect_stderr(said):
        out, key = Path(folder) / "sent", Path(folder) / "suunnitelma.key"
        argv = ["matrix", "--for-each-party", "--out", str(out), "--key", str(key)]
        assert main([*argv, *(["--period", period] if period else [])]) == 0, said.getvalue()
        return (tuple((p.name, p.read_bytes()) for p in sorted(out.iterdir())),
                key.read_bytes())


def sent_copies(folder: Path, key: list[str], period: str | None = None) -> None:
    """Every party's copy in `folder` (and the key at ``key[1]``), as ``yhdyspinta-docs matrix
    --for-each-party --out FOLDER --key KEY`` writes them (the round test runs the command
    itself; the others take its files)."""
    files, key_bytes = _made(period)
    folder.mkdir(parents=True)
    for name, data in files:
        (folder / name).write_bytes(data)
    Path(key[1]).write_bytes(key_bytes)


def line_of(source: str, needle: str) -> int:
    """The line number (from 1) where `needle` first stands in `source`."""
    return source[: source.index(needle)].count("\n") + 1


KEY = bytes(range(32))
"""The plan key the tests sign follow-up matrices with (a real key is random, see signing.py)."""


PEAK_PROBE = """
def _peak_kib():
    # this process's own peak resident memory: VmHWM belongs to the program's memory since it
    # started, whereas ru_maxrss also counts the memory of the (large) test process it was
    # forked from
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
"""
"""Python source defining ``_peak_kib()`` for a child process that reports its peak memory."""

CLI_WITH_PEAK = PEAK_PROBE + """
import atexit, os, runpy, sys

def _write_peak():
    with open(os.environ["PEAK_FILE"], "w") as out:
        out.write(str(_peak_kib()))

atexit.register(_write_peak)
sys.argv[0] = "yhdyspinta-docs"
runpy.run_module("yhdyspinta_docs", run_name="__main__", alter_sys=True)
"""
"""``python -c CLI_WITH_PEAK args…`` runs the command line and writes its peak memory (KiB)
to the file named by the ``PEAK_FILE`` environment variable when it exits."""


_FAKE_SOFFICE = '''#!{python}
"""A stand-in for LibreOffice's soffice in tests: logs its command, then acts by `mode`."""
import json, os, pathlib, subprocess, sys, time
args = sys.argv[1:]
with open({log!r}, "a", encoding="utf-8") as log:
    log.write(json.dumps(args) + "\\n")
if "--convert-to" not in args:  # an instance started ahead: waits to be stopped
    time.sleep(600)
outdir = pathlib.Path(args[args.index("--outdir") + 1])
sources = args[args.index("--outdir") + 2:]
mode = {mode!r}
if mode == "hang":  # a child that must be stopped with its parent, then wait
    child = subprocess.Popen(["sleep", "600"])
    pathlib.Path({log!r} + ".child").write_text(str(child.pid))
    time.sleep(600)
for source in sources:
    if mode in ("write", "launcher") or (mode == "fail-b"
                                         and "b" not in pathlib.Path(source).stem):
        (outdir / (pathlib.Path(source).stem + ".pdf")).write_bytes(b"%PDF-1.7\\n")
if mode == "launcher":  # like LibreOffice's launcher: leaves its office process behind
    child = subprocess.Popen(["sleep", "600"])
    pathlib.Path({log!r} + ".child").write_text(str(child.pid))
print("convert ok" if mode in ("write", "launcher") else
      "Error: source file could not be loaded")
'''


def fake_soffice(folder: Path, mode: str, log: Path) -> Path:
    """Write an executable fake ``soffice`` into `folder` and return its path.

    It appends its arguments as a JSON list to `log`, then by `mode`: ``write`` makes every
    PDF, ``nothing`` makes none (exit code 0, as LibreOffice for a file it cannot load),
    ``fail-b`` makes none for a source whose name contains "b", ``hang`` starts a child
    (its pid written to ``<log>.child``) and sleeps, ``launcher`` makes every PDF and exits,
    leaving a child running in its process group (pid in ``<log>.child``). Started without
    ``--convert-to`` (an instance started ahead), it sleeps until stopped.
    """
    path = folder / f"soffice-{mode}"
    path.write_text(_FAKE_SOFFICE.format(python=sys.executable, log=str(log), mode=mode),
                    "utf-8")
    path.chmod(0o755)
    return path
