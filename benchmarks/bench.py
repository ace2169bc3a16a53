#!/usr/bin/env python3
"""The package against the plain libraries doing the same work, side by side.

    python benchmarks/bench.py              # full run, a few minutes; prints the table
    python benchmarks/bench.py --quick      # tiny sizes: checks that every section works
    python benchmarks/bench.py --json       # also write benchmarks/results/<time>.json
    python benchmarks/bench.py --only a,b   # some sections

Every ratio is ours ÷ plain, both measured in this run on this machine, interleaved
(plain, ours, ours, plain, …) and summarised by the median of the repeats, so that a busy
neighbour slows both sides alike. Sections:

a  single build: ``build`` of the Keski-Suomi package (decision proposal, its open data,
   follow-up matrix, manifest; written to disk), against docxtpl loading, rendering and
   saving the same decision template with the same context plus openpyxl loading the
   matrix template, writing the same cell values and saving it (target ≤ 1.5).
b  batch: the decision template compiled once and rendered for every party, against a
   loop that loads, renders and saves a ``DocxTemplate`` per document with the same
   contexts (target ≤ 0.25 per document). A second row times ``make_decisions``, the
   whole batch a build makes (contexts and open data included), against the same loop.
c  collect: ``collect`` of N filled party matrices (read, merge, merged workbook), against
   openpyxl in read-only mode reading the same cells (no target at the example's size: ours
   does more); a last row at a large region's size, 30 parties × 200 measures (6,000 rows),
   target ≤ 1.3. Its floor row: the same plain read, then openpyxl writing the merged
   workbook's values into the template and saving it (no check, merge or style).
d  scale, in a child process: batches of 30 to 300 proposals and matrices of 1,500 to
   6,000 rows; time per document and per row must stay within ±25 %, peak memory < 300 MB.
e  start-up: ``yhdyspinta-docs --help`` and ``import yhdyspinta_docs`` must import none of
   docx, docxtpl, openpyxl, lxml (``-X importtime``); the ratio is the --help time over a
   bare ``import click``.
f  the meeting package with PDFs: ``yhdyspinta-docs build --for-each-party --drafts --public
   --pdf --zip`` of Keski-Suomi as a command, against one ``soffice --convert-to pdf`` call
   (fresh profile) on the same .docx files (target ≤ 1.0: all of the build hidden behind
   the conversion). Needs LibreOffice; skipped without it.
v  validate: ``yhdyspinta-docs validate`` of the Keski-Suomi plan (reading, validating and
   checking the plan) against ``yhdyspinta-docs --help``, both as new processes, median of
   10 interleaved (target ≤ 2.5). Its floor row: ``--help`` after importing pydantic and
   ruamel.yaml and defining one trivial model, against ``--help``.

Our side loads and compiles its templates in every repeat, as a new process does.
The package's modules are byte-compiled before anything is measured, as installing the
package does: a new process then reads their compiled code, as on a user's machine, even
where ``PYTHONDONTWRITEBYTECODE`` is set and an edited module would otherwise be compiled
again in every process.

With ``--quick`` the sizes are tiny and one repeat is made; the script fails (exit 1) if an
operation fails or gives a wrong result, never because of a timing. ``--strict`` also fails
when a target is missed.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import gc
import io
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

HEAVY = ("docx", "docxtpl", "openpyxl", "lxml")


# --- the package's entry points: the only lines to change when they move ----------------------


def compile_template(path: Path) -> Any:
    """The package's template class: a .docx template loaded and compiled once."""
    from yhdyspinta_docs.word import WordTemplate

    return WordTemplate(path.read_bytes(), name=path.name)


def render(template: Any, context: dict[str, Any], title: str, language: str) -> bytes:
    """One document of a compiled `template`: the .docx bytes."""
    from yhdyspinta_docs.word import DocProperties

    return bytes(template.render(context, DocProperties(title=title, language=language,
                                                        created=dt.date(2026, 3, 3))))


def forget_templates() -> None:
    """Drop templates the package keeps between calls, so that every repeat loads and
    compiles as a new process does: the linted-and-scrubbed template bytes and the loaded
    matrix template are forgotten (a compiled template lives as long as its WordTemplate)."""
    from yhdyspinta_docs.matrix import _fill
    from yhdyspinta_docs.word import _lint

    _lint.forget_prepared()
    _fill.forget_loaded()


def package() -> Any:
    """The package's stage functions the benchmarks call, by name."""
    from types import SimpleNamespace

    from yhdyspinta_docs._assets import default_template
    from yhdyspinta_docs._build import BuildOptions, build, make_decisions, make_matrices
    from yhdyspinta_docs.contexts import decision_context
    from yhdyspinta_docs.matrix import collect, write_matrix

    return SimpleNamespace(default_template=default_template, BuildOptions=BuildOptions,
                           build=build, make_decisions=make_decisions,
                           make_matrices=make_matrices, decision_context=decision_context,
                           collect=collect, write_matrix=write_matrix)


@dataclass
class Row:
    """One line of the result table."""

    section: str
    what: str
    ours: float | None = None  # seconds (or MB for memory rows)
    plain: float | None = None
    ratio: float | None = None
    target: str = ""
    ok: bool | None = None
    unit: str = "ms"
    note: str = ""
    samples: dict[str, list[float]] = field(default_factory=dict)


# --- measuring ---------------------------------------------------------------------------------


def _time(fn: Callable[[], Any]) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def side_by_side(ours: Callable[[], Any], plain: Callable[[], Any], repeat: int
                 ) -> tuple[list[float], list[float]]:
    """Interleaved timings (plain, ours, ours, plain, …) of both sides, one warm-up each."""
    ours()
    plain()
    ours_t: list[float] = []
    plain_t: list[float] = []
    for i in range(repeat):
        if i % 2 == 0:
            plain_t.append(_time(plain))
            ours_t.append(_time(ours))
        else:
            ours_t.append(_time(ours))
            plain_t.append(_time(plain))
    return ours_t, plain_t


def compared(section: str, what: str, ours: list[float], plain: list[float], *, per: int = 1,
             target: float | None = None, note: str = "") -> Row:
    o, p = statistics.median(ours) / per, statistics.median(plain) / per
    ratio = o / p
    return Row(section, what, o, p, ratio, f"≤ {target}" if target is not None else "",
               None if target is None else ratio <= target, note=note,
               samples={"ours": ours, "plain": plain})


def check(condition: bool, message: str) -> None:
    """A functional check (exits 1 when it fails, in every mode)."""
    if not condition:
        raise SystemExit(f"bench: FAILED: {message}")


# --- a: single build -------------------------------------------------------------------------


def plain_matrix(template: Path, values: list[list[Any]], path: Path, *,
                 styled: bool = False) -> None:
    """openpyxl: the matrix template loaded, the same cell values written, saved.

    With `styled`, every cell written below the style row also gets that row's named style
    (``cell.style = name``), as the rows of our matrix do: the same cells with the same look.
    """
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(template)
    ws = wb["Seuranta"]
    looks = [cell.style for cell in ws[2]]
    for r, row in enumerate(values, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(r, c)
            cell.value = value
            if styled and r > 2:
                cell.style = looks[c - 1]
    wb.save(path)


def plain_docx(template: Path, context: dict[str, Any], target: Path | io.BytesIO) -> None:
    """docxtpl as documented: load, render (autoescape, as ours), save."""
    import jinja2
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(template)
    tpl.render(context, jinja_env=jinja2.Environment(autoescape=True))
    tpl.save(target)


def matrix_values(data: bytes) -> list[list[Any]]:
    """The cell values of the Seuranta sheet below the header, as we wrote them."""
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(io.BytesIO(data), read_only=True)
    rows = [list(r) for r in wb["Seuranta"].iter_rows(min_row=2, values_only=True)]
    wb.close()
    return rows


def section_a(repeat: int, tmp: Path) -> list[Row]:
    from synthetic import KEY, example_plan

    yd = package()
    pf = example_plan()
    options = yd.BuildOptions(key=KEY, plan_document=False)
    ctx = yd.decision_context(pf, None, pf.languages[0])
    values = matrix_values(yd.make_matrices(pf, options)[0].data)
    check(len(values) == len(pf.parties) * len(pf.plan.measures), "matrix rows")
    decision_t, matrix_t = yd.default_template("decision"), yd.default_template("matrix")
    runs = iter(range(10**6))

    def ours(options: Any) -> Callable[[], Any]:
        def run() -> None:
            forget_templates()
            result = yd.build(pf, tmp / f"a-ours-{next(runs)}", options)
            kinds = {e.kind for e in result.entries}
            check({"decision", "matrix"} <= kinds, f"build made {sorted(kinds)}")
        return run

    def plain_run(styled: bool) -> Callable[[], None]:
        def run() -> None:
            out = tmp / f"a-plain-{next(runs)}"
            out.mkdir()
            plain_docx(decision_t, ctx, out / "paatosehdotus.docx")
            plain_matrix(matrix_t, values, out / "seurantamatriisi.xlsx", styled=styled)
        return run

    plain = plain_run(False)
    whole = yd.BuildOptions(key=KEY, plan_document=True)
    full, plain_t = side_by_side(ours(whole), plain, repeat)
    return [compared("a", "single build (decision + matrix)", *side_by_side(ours(options), plain,
                     repeat), target=1.5),
            compared("a", "single build, plain styling its rows as ours",
                     *side_by_side(ours(options), plain_run(True), repeat),
                     note="plain also gives each cell its style row's named style"),
            compared("a", "single build, whole package (+ plan document)", full, plain_t,
                     note="ours also renders the plan document")]


# --- b: batch --------------------------------------------------------------------------------


def section_b(repeat: int, sizes: Sequence[int]) -> list[Row]:
    from synthetic import example_plan, synthetic_plan

    rows = []
    for parties in sizes:
        pf = example_plan() if parties == 24 else synthetic_plan(parties)
        rows += batch_rows(pf, repeat, "Keski-Suomi" if parties == 24 else "synthetic plan")
    return rows


def batch_rows(pf: Any, repeat: int, what: str) -> list[Row]:
    yd = package()
    template = yd.default_template("decision")
    options = yd.BuildOptions(for_each_party=True, drafts=True)
    lead = pf.item.handling.party
    pids = [None, *(p.id for p in pf.parties if p.id != lead)]
    contexts = [yd.decision_context(pf, pid, lang, allow_drafts=True)
                for lang in pf.languages for pid in pids]
    n = len(contexts)

    def compile_once() -> None:
        forget_templates()
        compiled = compile_template(template)
        docs = [render(compiled, c, c["title"], f"{c['lang']}-FI") for c in contexts]
        check(len(docs) == n and all(d[:2] == b"PK" for d in docs), "render")

    def make_decisions() -> None:
        forget_templates()
        docs = [f for f in yd.make_decisions(pf, options) if f.kind == "decision"]
        check(len(docs) == n, f"make_decisions made {len(docs)} proposals, not {n}")

    def plain() -> None:
        for c in contexts:
            plain_docx(template, c, io.BytesIO())

    render_t, plain_t = side_by_side(compile_once, plain, repeat)
    batch_t, plain2_t = side_by_side(make_decisions, plain, repeat)
    return [compared("b", f"batch of {n} proposals, compiled once ({what})", render_t, plain_t,
                     per=n, target=0.25, note="per document; plain: load, render, save each"),
            compared("b", f"batch of {n}, make_decisions (+ contexts, open data)", batch_t,
                     plain2_t, per=n, note="per document")]


# --- c: collect ------------------------------------------------------------------------------


def plain_read(paths: Sequence[Path]) -> int:
    """openpyxl read-only: every cell of the Seuranta and Tiedot sheets of every file."""
    from openpyxl import load_workbook

    cells = 0
    for path in paths:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(path, read_only=True, data_only=True)
        for sheet in ("Seuranta", "Tiedot"):
            for row in wb[sheet].iter_rows(values_only=True):
                cells += len(row)
        wb.close()
    return cells


def section_c(repeat: int, sizes: Sequence[int], tmp: Path, full: bool = False) -> list[Row]:
    from synthetic import example_plan, synthetic_plan

    rows = []
    for files in sizes:
        pf = example_plan() if files <= 24 else synthetic_plan(files)
        rows += collect_rows(pf, files, repeat, tmp / f"c{files}")
    if full:  # the size of a large region: 30 parties, 200 measures each (6,000 rows)
        rows += collect_rows(synthetic_plan(30, 200), 30, max(3, repeat // 2), tmp / "c30x200",
                             target=1.3)
    return rows


def collect_rows(pf: Any, files: int, repeat: int, tmp: Path,
                 target: float | None = None) -> list[Row]:
    from synthetic import KEY, fill_matrices

    yd = package()
    paths = fill_matrices(pf, tmp, files)
    rows_expected = len(pf.plan.measures) * len(pf.parties)

    def ours() -> None:
        forget_templates()  # as a new process: the merged matrix's template loaded anew
        result = yd.collect(pf, paths, key=KEY, date=dt.date(2026, 6, 1))
        changed = sum(1 for r in result.data.rows if r.status is not None)
        check(changed == len(pf.plan.measures) * files, f"collect read {changed} filled rows")
        check(len(result.data.rows) == rows_expected, "merged rows")

    def plain() -> None:
        check(plain_read(paths) > 0, "plain read")

    what = ("Keski-Suomi" if len(pf.parties) == 24 else
            f"synthetic plan, {len(pf.plan.measures)} measures")
    rows = [compared("c", f"collect {files} filled matrices ({what})",
                     *side_by_side(ours, plain, repeat), target=target,
                     note="ours also checks, merges and writes the merged workbook")]
    if target is not None:
        merged = yd.collect(pf, paths, key=KEY, date=dt.date(2026, 6, 1)).workbook
        cells = sheet_values(merged, ("Seuranta", "Tiedot"))
        template = yd.default_template("matrix")

        def floor() -> None:
            plain()
            plain_write(template, cells)

        rows.append(compared("c", "  floor: plain read + openpyxl writing the merged cells",
                             *side_by_side(floor, plain, repeat),
                             note="no check, merge or style: what any collect through "
                             "openpyxl costs at least"))
    return rows


def sheet_values(data: bytes, sheets: Sequence[str]) -> dict[str, list[tuple[Any, ...]]]:
    """The cell values of `sheets` of the workbook `data`, row by row."""
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(io.BytesIO(data), read_only=True)
    values = {name: list(wb[name].iter_rows(values_only=True)) for name in sheets}
    wb.close()
    return values


def plain_write(template: Path, cells: dict[str, list[tuple[Any, ...]]]) -> None:
    """openpyxl: the matrix template loaded, `cells` written where they are, saved."""
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(template)
    for name, rows in cells.items():
        ws = wb[name]
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(r, c).value = value
    wb.save(io.BytesIO())


# --- d: scale (child process) ----------------------------------------------------------------


def scale_child(docs: Sequence[int], matrix: Sequence[tuple[int, int]]) -> dict[str, Any]:
    """Run in a fresh process: batches of `docs` proposals, matrices of measures × parties."""
    from synthetic import KEY, synthetic_plan

    yd = package()
    out: dict[str, Any] = {"docs": [], "matrix": []}
    options = yd.BuildOptions(for_each_party=True, drafts=True)
    yd.make_decisions(synthetic_plan(6), options)  # warm-up: imports, first compile
    for n in docs:
        pf = synthetic_plan(n)
        times = []
        for _ in range(2):
            forget_templates()
            start = time.perf_counter()
            made = yd.make_decisions(pf, options)
            times.append(time.perf_counter() - start)
            del made
        count = n * len(pf.languages)
        out["docs"].append({"n": count, "seconds": min(times), "per_doc": min(times) / count})
    for measures, parties in matrix:
        pf = synthetic_plan(parties, measures)
        start = time.perf_counter()
        result = yd.write_matrix(pf, key=KEY, date=dt.date(2026, 1, 15))
        seconds = time.perf_counter() - start
        rows = len(result.followup.rows)
        out["matrix"].append({"rows": rows, "seconds": seconds, "per_row": seconds / rows,
                              "bytes": len(result.data)})
        del result
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    out["peak_mb"] = usage * scale / 1048576
    out["children_peak_mb"] = children * scale / 1048576
    return out


def section_d(docs: Sequence[int], matrix: Sequence[tuple[int, int]]) -> list[Row]:
    arg = json.dumps({"docs": list(docs), "matrix": [list(m) for m in matrix]})
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--scale-child", arg],
                          capture_output=True, text=True, check=False)
    check(proc.returncode == 0, f"scale child failed:\n{proc.stderr}")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    first, last = res["docs"][0], res["docs"][-1]
    doc_ratio = last["per_doc"] / first["per_doc"]
    m0, m1 = res["matrix"][0], res["matrix"][-1]
    row_ratio = m1["per_row"] / m0["per_row"]
    peak = max(res["peak_mb"], res["children_peak_mb"])
    detail_docs = ", ".join(f"{d['n']}: {d['per_doc'] * 1000:.2f}" for d in res["docs"])
    detail_rows = ", ".join(f"{m['rows']}: {m['per_row'] * 1e6:.0f} µs" for m in res["matrix"])
    return [
        Row("d", f"time per document, {first['n']} → {last['n']} proposals",
            last["per_doc"], first["per_doc"], doc_ratio, "0.75–1.25",
            0.75 <= doc_ratio <= 1.25, note=f"ms per document: {detail_docs}"),
        Row("d", f"time per matrix row, {m0['rows']} → {m1['rows']} rows", m1["per_row"],
            m0["per_row"], row_ratio, "0.75–1.25", 0.75 <= row_ratio <= 1.25,
            note=f"per row: {detail_rows}; {m1['rows']} rows in {m1['seconds']:.2f} s"),
        Row("d", f"peak memory, {last['n']} proposals + {m1['rows']}-row matrix", peak, 300.0,
            peak / 300.0, "< 300 MB", peak < 300, unit="MB",
            note="peak of the child process and its children; plain column = the limit"),
    ]


# --- e: start-up -----------------------------------------------------------------------------


def imported_modules(code: str) -> set[str]:
    """Top-level names of every module `code` imports (``-X importtime``)."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True,
                          text=True, check=False)
    check(proc.returncode == 0, f"{code!r} failed:\n{proc.stderr[-2000:]}")
    names = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name and name != "imported package":
                names.add(name.split(".")[0])
    return names


HELP = "import sys; from yhdyspinta_docs.cli import main; sys.exit(main(['--help']))"


def _wall(args: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def section_e(repeat: int) -> list[Row]:
    rows = []
    for what, code in (("yhdyspinta-docs --help", HELP), ("import yhdyspinta_docs",
                                                          "import yhdyspinta_docs")):
        heavy = sorted(set(HEAVY) & imported_modules(code))
        ours = _wall([sys.executable, "-c", code], repeat)
        floor = _wall([sys.executable, "-c", "import click"], repeat)
        rows.append(Row("e", f"{what}: heavy modules imported", ours, floor, ours / floor,
                        "none imported", not heavy,
                        note=f"imported: {', '.join(heavy) or 'none'}; plain = import click"))
    return rows


# --- f: meeting package with PDFs ------------------------------------------------------------


def _soffice_once(sources: Sequence[Path], outdir: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-lo-") as profile:
        subprocess.run(["soffice", f"-env:UserInstallation={Path(profile).as_uri()}",
                        "--headless", "--norestore", "--convert-to", "pdf", "--outdir",
                        str(outdir), *map(str, sources)], capture_output=True, check=True,
                       cwd=profile)
    check(len(list(outdir.glob("*.pdf"))) == len(sources), "soffice made every PDF")


def section_f(repeat: int, tmp: Path, quick: bool) -> list[Row]:
    import shutil

    if shutil.which("soffice") is None:
        print("f: skipped, LibreOffice (soffice) not found")
        return []
    plan = ROOT / "examples" / "keski-suomi" / "plan.yaml"
    work = tmp / "f"
    shutil.copytree(plan.parent, work / "plan")
    args = ["--drafts", "--public", "--pdf", "--zip"]
    if not quick:
        args.insert(0, "--for-each-party")
    runs = iter(range(10**6))
    command = [sys.executable, "-m", "yhdyspinta_docs", "build", str(work / "plan" / "plan.yaml")]

    def ours() -> Path:
        out = work / f"ours-{next(runs)}"
        subprocess.run([*command, "--out", str(out), *args], capture_output=True, check=True,
                       cwd=work)
        return out

    first = ours()
    docx = sorted(first.rglob("*.docx"))
    check(len(list(first.rglob("*.pdf"))) == len(docx), "the build made a PDF of every .docx")
    flat = work / "docx"
    flat.mkdir()
    for i, path in enumerate(docx):  # one folder, unique names, as one call needs them
        shutil.copyfile(path, flat / f"{i:03d}_{path.name}")
    sources = sorted(flat.iterdir())

    def plain() -> None:
        _soffice_once(sources, work / f"plain-{next(runs)}")

    ours_t, plain_t = side_by_side(ours, plain, repeat)
    return [compared("f", f"build --pdf --zip ({len(docx)} documents) vs one soffice call",
                     ours_t, plain_t, target=1.0,
                     note="ours: the whole command (Python start-up, documents, matrices, "
                          "PDFs, zip); plain: soffice converting the same .docx files")]


# --- report ----------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    def run(args: list[str]) -> str:
        try:
            return subprocess.run(args, capture_output=True, text=True, check=False).stdout
        except OSError:
            return ""

    model = next((line.split(":", 1)[1].strip() for line in run(["lscpu"]).splitlines()
                  if line.startswith("Model name")), platform.processor())
    commit = run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]).strip()
    dirty = bool(run(["git", "-C", str(ROOT), "status", "--porcelain", "src"]).strip())
    return {"nproc": os.cpu_count(), "cpu": model, "python": platform.python_version(),
            "platform": platform.platform(), "load_average": list(os.getloadavg()),
            "commit": commit + ("+dirty" if dirty else ""),
            "when": dt.datetime.now().isoformat(timespec="seconds")}


def show(rows: Sequence[Row]) -> None:
    def num(value: float | None, unit: str) -> str:
        if value is None:
            return "–"
        return f"{value:.1f} MB" if unit == "MB" else f"{value * 1000:.2f} ms"

    print(f"{'':2} {'what':54} {'ours':>11} {'plain':>11} {'ratio':>7}  {'target':10} ok")
    for r in rows:
        ok = {True: "yes", False: "NO", None: ""}[r.ok]
        print(f"{r.section:2} {r.what[:54]:54} {num(r.ours, r.unit):>11} "
              f"{num(r.plain, r.unit):>11} {r.ratio:7.2f}  {r.target:10} {ok}")
        if r.note:
            print(f"{'':3} {r.note}")


def byte_compile() -> None:
    """Byte-compile the package's modules, as ``pip install`` does (see the module text)."""
    import yhdyspinta_docs

    for folder in yhdyspinta_docs.__path__:
        compileall.compile_dir(folder, quiet=1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one repeat (CI)")
    parser.add_argument("--repeat", type=int, help="repeats per measurement (default 7; 1 quick)")
    parser.add_argument("--only", default="abcdefv", help="sections, e.g. 'b,c'")
    parser.add_argument("--json", nargs="?", const="", metavar="FILE",
                        help="write the results as JSON (default benchmarks/results/<time>.json)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--scale-child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.scale_child:
        spec = json.loads(args.scale_child)
        print(json.dumps(scale_child(spec["docs"], [tuple(m) for m in spec["matrix"]])))
        return 0
    repeat = args.repeat or (1 if args.quick else 7)
    sections = set(args.only.replace(",", ""))
    info = machine()
    print(f"yhdyspinta-docs benchmarks ({'quick' if args.quick else 'full'}, {repeat} repeats): "
          f"{info['cpu']}, {info['nproc']} CPUs, Python {info['python']}, load "
          f"{', '.join(f'{x:.2f}' for x in info['load_average'])}, commit {info['commit']}")
    rows: list[Row] = []
    started = time.perf_counter()
    byte_compile()
    with tempfile.TemporaryDirectory(prefix="yhdyspinta-bench-") as tmp:
        if "a" in sections:
            rows += section_a(repeat, Path(tmp))
        if "b" in sections:
            rows += section_b(repeat, [24] if args.quick else [24, 120])
        if "c" in sections:
            rows += section_c(repeat, [3] if args.quick else [24, 72], Path(tmp),
                              full=not args.quick)
        if "d" in sections:
            if args.quick:
                rows += section_d([6, 12], [(4, 6), (8, 6)])
            else:
                rows += section_d([30, 100, 300], [(50, 30), (100, 30), (200, 30)])
        if "e" in sections:
            rows += section_e(1 if args.quick else 5)
        if "f" in sections:
            rows += section_f(repeat if not args.quick else 1, Path(tmp), args.quick)
        if "v" in sections:
            rows += section_v(1 if args.quick else 10)
    show(rows)
    print(f"took {time.perf_counter() - started:.1f} s; load average at the end "
          f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.json is not None:
        path = Path(args.json) if args.json else (
            HERE / "results" / f"{dt.datetime.now():%Y%m%d-%H%M%S}.json")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"machine": info, "quick": args.quick, "repeat": repeat,
                                    "rows": [asdict(r) for r in rows]}, indent=2) + "\n")
        print(f"wrote {path}")
    if args.strict and any(r.ok is False for r in rows):
        return 1
    return 0


# --- v: validate against --help (at the end: other sections are edited in parallel) --------


def section_v(repeat: int) -> list[Row]:
    """``validate`` of the Keski-Suomi plan against ``--help``: new processes, interleaved."""
    plan = ROOT / "examples" / "keski-suomi" / "plan.yaml"
    code = "import sys; from yhdyspinta_docs.cli import main; sys.exit(main(sys.argv[1:]))"

    def run(*args: str, before: str = "") -> Callable[[], None]:
        def once() -> None:
            proc = subprocess.run([sys.executable, "-c", before + code, *args],
                                  capture_output=True, text=True, check=False)
            check(proc.returncode == 0, f"{args} failed:\n{proc.stderr[-2000:]}")
        return once

    ours, plain = side_by_side(run("validate", str(plan)), run("--help"), repeat)
    # what validating through pydantic and ruamel.yaml costs before a model of ours is built:
    # the libraries imported and one trivial model (its first model imports most of pydantic)
    libraries = "import pydantic, ruamel.yaml\nclass M(pydantic.BaseModel):\n    a: int = 0\n"
    floor, help_t = side_by_side(run("--help", before=libraries), run("--help"), repeat)
    return [compared("v", "validate Keski-Suomi plan vs --help", ours, plain, target=2.5,
                     note="plain = yhdyspinta-docs --help"),
            compared("v", "  floor: --help after pydantic, ruamel.yaml, a model",
                     floor, help_t, note="what validating with these libraries costs before "
                     "a model of ours")]


if __name__ == "__main__":
    sys.exit(main())
