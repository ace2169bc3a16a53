"""PDF conversion by several LibreOffice instances working in the background.

Most cases use a fake ``soffice`` (tests/helpers.py) that logs its command line, so the split
of files over instances, the error that names the files without a PDF and the stopping of
every instance on Ctrl-C are checked without LibreOffice; the last cases run the real one.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import zipfile
from pathlib import Path

import pytest

from helpers import KEY, fake_soffice, process_alive
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs._build import BuildOptions, make_documents
from yhdyspinta_docs.errors import ConversionError
from yhdyspinta_docs.output import OutputFile, _package, _pdf
from yhdyspinta_docs.output._package import make_pdfs, start_pdfs
from yhdyspinta_docs.output._pdf import (
    convert_to_pdf,
    pdf_workers,
    soffice_path,
    start_conversion,
    start_office,
)
from yhdyspinta_docs.plan import load_plan


def _docs(folder: Path, names: list[str], sizes: list[int] | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, name in enumerate(names):
        path = folder / name
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>" + "x" * (sizes[i] if sizes else 0))
        paths.append(path)
    return paths


def _use_fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, mode: str) -> Path:
    log = tmp_path / "soffice.jsonl"
    exe = fake_soffice(tmp_path, mode, log)
    monkeypatch.setattr(_pdf, "soffice_path", lambda: str(exe))
    return log


def _commands(log: Path) -> list[list[str]]:
    return [json.loads(line) for line in log.read_text("utf-8").splitlines()]


def _sources(command: list[str]) -> list[str]:
    return [Path(a).name for a in command[command.index("--outdir") + 2:]]


def test_files_are_split_evenly_over_instances_with_own_profiles(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    log = _use_fake(monkeypatch, tmp_path, "write")
    docs = _docs(tmp_path / "in", [f"d{i}.docx" for i in range(5)], sizes=[10, 500, 20, 30, 40])
    pdfs = convert_to_pdf(docs, tmp_path / "out", workers=2)
    assert [p.name for p in pdfs] == [f"d{i}.pdf" for i in range(5)]  # the order of the input
    commands = _commands(log)
    assert len(commands) == 2
    groups = [_sources(c) for c in commands]
    assert sorted(sum(groups, [])) == sorted(d.name for d in docs)  # each file exactly once
    assert sorted(map(len, groups)) == [1, 4]  # the big file alone, the four small ones together
    profiles = {next(a for a in c if a.startswith("-env:UserInstallation=")) for c in commands}
    assert len(profiles) == 2
    assert all(_pdf.TAGGED_PDF_FILTER in c for c in commands)


def test_never_more_instances_than_files(monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    log = _use_fake(monkeypatch, tmp_path, "write")
    convert_to_pdf(_docs(tmp_path / "in", ["a.docx"]), tmp_path / "out", workers=4)
    assert len(_commands(log)) == 1
    assert 1 <= pdf_workers(1) <= 1
    assert 1 <= pdf_workers(100) <= _pdf.MAX_WORKERS


def test_a_failed_instance_names_its_files_and_keeps_the_others_pdfs(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _use_fake(monkeypatch, tmp_path, "fail-b")
    docs = _docs(tmp_path / "in", ["a1.docx", "b1.docx", "a2.docx", "b2.docx"])
    with pytest.raises(ConversionError) as info:
        convert_to_pdf(docs, tmp_path / "out", workers=2)
    message = str(info.value)
    assert "made no PDF for" in message and "b1.docx" in message and "b2.docx" in message
    assert "a1.docx" not in message and "The 2 other PDF(s) were made." in message
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a1.pdf", "a2.pdf"]


def test_an_interrupt_stops_every_instance_and_its_children(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    log = _use_fake(monkeypatch, tmp_path, "hang")
    docs = _docs(tmp_path / "in", ["a.docx", "b.docx"])
    conversion = start_conversion(docs, tmp_path / "out", workers=2)
    processes = [i.process for i in conversion.instances]
    child_file = Path(f"{log}.child")
    for _ in range(200):  # the fake has started its child
        if child_file.exists() and child_file.read_text():
            break
        time.sleep(0.05)
    child = int(child_file.read_text())
    assert process_alive(child) and all(p.poll() is None for p in processes)
    with pytest.raises(KeyboardInterrupt), conversion:
        raise KeyboardInterrupt  # Ctrl-C while the caller works on something else
    assert all(p.poll() is not None for p in processes)
    for _ in range(100):
        if not process_alive(child):
            break
        time.sleep(0.05)
    assert not process_alive(child)
    assert all(not Path(i.profile.name).exists() for i in conversion.instances)


def test_the_time_limit_stops_the_instances(monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    _use_fake(monkeypatch, tmp_path, "hang")
    conversion = start_conversion(_docs(tmp_path / "in", ["a.docx"]), tmp_path / "out",
                                  timeout=1, workers=1)
    with pytest.raises(ConversionError, match=r"did not finish converting 1 file\(s\) in 1 s"):
        conversion.wait()
    assert conversion.instances[0].process.poll() is not None


def test_a_slow_conversion_is_told_once_then_stopped_at_the_limit(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A hanging LibreOffice in a command whose stderr is a log: it says, once, that the
    conversion still runs, and the time limit still stops it."""
    import yhdyspinta_docs.output._pdf as pdf

    _use_fake(monkeypatch, tmp_path, "hang")
    monkeypatch.setattr(pdf, "SLOW_NOTICE", 0.3)
    told: list[float] = []
    conversion = start_conversion(_docs(tmp_path / "in", ["a.docx", "b.docx"]), tmp_path / "out",
                                  timeout=1.5, workers=2)
    conversion.on_slow = told.append
    with pytest.raises(ConversionError, match=r"did not finish converting 2 file\(s\) in 1.5 s"):
        conversion.wait()
    assert len(told) == 1 and 0.3 <= told[0] < 1.5, told


def test_identical_documents_are_converted_once(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    log = _use_fake(monkeypatch, tmp_path, "write")
    data = _docs(tmp_path / "in", ["x.docx"])[0].read_bytes()
    other = _docs(tmp_path / "in2", ["y.docx"], sizes=[3])[0].read_bytes()
    docs = [OutputFile("paatos.docx", "decision", data),
            OutputFile("julkinen/paatos.docx", "decision", data),
            OutputFile("suunnitelma.docx", "plan", other),
            OutputFile("seurantamatriisi.xlsx", "matrix", b"not converted")]
    pdfs = make_pdfs(docs, dt.date(2026, 2, 1), workers=2)
    assert [p.path for p in pdfs] == ["paatos.pdf", "julkinen/paatos.pdf", "suunnitelma.pdf"]
    assert sum(len(_sources(c)) for c in _commands(log)) == 2


# slow run: converts the package three times over (one, several and early-started instances)
@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice not installed")
def test_pdfs_of_several_instances_or_ones_started_ahead_equal_those_of_one(
        tmp_path: Path) -> None:
    pf = load_plan(example_plan_path())
    docs = [d for d in make_documents(pf, BuildOptions(key=KEY, matrix=False, drafts=True))
            if d.path.endswith(".docx")]
    assert len(docs) >= 2
    when = dt.date(2026, 2, 1)
    one = make_pdfs(docs, when, workers=1)
    with start_pdfs(docs, when, workers=2) as pending:
        two = pending.finish()
    with start_office(workers=2) as office:  # started ahead, the files handed over later
        time.sleep(1)
        ahead = start_pdfs(docs, when, office=office).finish()
    assert [p.data for p in one] == [p.data for p in two] == [p.data for p in ahead]
    for pdf in ahead:
        assert pdf.data.startswith(b"%PDF") and b"/StructTreeRoot" in pdf.data  # still tagged


def _profile(command: list[str]) -> str:
    return next(a for a in command if a.startswith("-env:UserInstallation="))


def test_instances_started_ahead_get_the_files_with_their_own_profiles(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    log = _use_fake(monkeypatch, tmp_path, "write")
    office = start_office(workers=3)
    servers = [s.process for s in office.servers]
    docs = _docs(tmp_path / "in", ["a.docx", "b.docx"])
    for _ in range(200):  # the three have started (logged their command lines)
        if log.exists() and len(_commands(log)) == 3:
            break
        time.sleep(0.05)
    with office:
        pdfs = office.convert(docs, tmp_path / "out").wait()
    assert [p.name for p in pdfs] == ["a.pdf", "b.pdf"]
    commands = _commands(log)
    ahead = [c for c in commands if "--convert-to" not in c]
    calls = [c for c in commands if "--convert-to" in c]
    assert len(ahead) == 3 and len(calls) == 2  # two files: two calls, the third instance idle
    assert {_profile(c) for c in calls} < {_profile(c) for c in ahead}  # handed to those ahead
    assert len({_profile(c) for c in ahead}) == 3
    assert all(p.poll() is not None for p in servers)  # all three stopped, the idle one too
    assert not office.servers


def test_an_interrupt_before_the_documents_exist_stops_the_instances_started_ahead(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _use_fake(monkeypatch, tmp_path, "write")
    office = start_office(workers=2)
    servers = [s.process for s in office.servers]
    profiles = [Path(s.profile.name) for s in office.servers]
    assert all(p.poll() is None for p in servers)
    with pytest.raises(KeyboardInterrupt), office:
        raise KeyboardInterrupt  # Ctrl-C while the plan is read
    assert all(p.poll() is not None for p in servers)
    assert not any(p.exists() for p in profiles)


def test_a_failed_call_names_its_files_when_handed_to_an_instance_started_ahead(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _use_fake(monkeypatch, tmp_path, "fail-b")
    office = start_office(workers=2)
    docs = _docs(tmp_path / "in", ["a1.docx", "b1.docx"])
    with office, pytest.raises(ConversionError, match=r"made no PDF for: b1\.docx"):
        office.convert(docs, tmp_path / "out").wait()
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["a1.pdf"]


def test_a_build_writes_its_documents_while_libreoffice_converts(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from yhdyspinta_docs._build import build

    _use_fake(monkeypatch, tmp_path, "write")
    seen: list[list[str]] = []
    real_finish = _package.PendingPdfs.finish

    def finish(self: _package.PendingPdfs) -> list[OutputFile]:
        seen.append(sorted(p.name for p in (tmp_path / "out").rglob("*") if p.is_file()))
        return real_finish(self)

    monkeypatch.setattr(_package.PendingPdfs, "finish", finish)
    pf = load_plan(example_plan_path())
    result = build(pf, tmp_path / "out", BuildOptions(key=KEY, pdf=True))
    docx = sorted(Path(e.path).name for e in result.entries if e.path.endswith(".docx"))
    assert docx and set(docx) <= set(seen[0])  # on disk before the PDFs were waited for
    assert not any(name.endswith(".pdf") for name in seen[0])
    assert {Path(e.path).name for e in result.entries} >= {n[:-5] + ".pdf" for n in docx}


def test_a_pdf_no_build_wrote_keeps_every_file_unwritten_until_its_content_is_known(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from yhdyspinta_docs._build import build
    from yhdyspinta_docs.errors import OutputError

    _use_fake(monkeypatch, tmp_path, "write")
    pf = load_plan(example_plan_path())
    out = tmp_path / "out"
    out.mkdir()
    (out / "yhdyspintasuunnitelma_fi.pdf").write_bytes(b"%PDF-1.7 someone's own\n")
    with pytest.raises(OutputError, match=r"yhdyspintasuunnitelma_fi\.pdf: exists and was "
                                          r"changed after it was generated"):
        build(pf, out, BuildOptions(key=KEY, pdf=True))
    assert [p.name for p in out.iterdir()] == ["yhdyspintasuunnitelma_fi.pdf"]  # nothing else


def test_nothing_the_launcher_started_outlives_the_conversion(monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: Path) -> None:
    """LibreOffice's launcher can exit while the office process it started (or restarted
    after making a new profile) still runs in its group: that process is stopped too."""
    log = _use_fake(monkeypatch, tmp_path, "launcher")
    pdfs = convert_to_pdf(_docs(tmp_path / "in", ["a.docx"]), tmp_path / "out", workers=1)
    assert [p.name for p in pdfs] == ["a.pdf"]
    child = int(Path(f"{log}.child").read_text())
    for _ in range(100):
        if not process_alive(child):
            break
        time.sleep(0.05)
    assert not process_alive(child)
