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

from helpers import KEY, fake_soffice
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs._build import BuildOptions, make_documents
from yhdyspinta_docs.errors import ConversionError
from yhdyspinta_docs.output import _pdf
from yhdyspinta_docs.output._package import make_pdfs, start_pdfs
from yhdyspinta_docs.output._pdf import convert_to_pdf, pdf_workers, soffice_path, start_conversion
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


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


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
    assert _alive(child) and all(p.poll() is None for p in processes)
    with pytest.raises(KeyboardInterrupt), conversion:
        raise KeyboardInterrupt  # Ctrl-C while the caller works on something else
    assert all(p.poll() is not None for p in processes)
    for _ in range(100):
        if not _alive(child):
            break
        time.sleep(0.05)
    assert not _alive(child)
    assert all(not Path(i.profile.name).exists() for i in conversion.instances)


def test_the_time_limit_stops_the_instances(monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    _use_fake(monkeypatch, tmp_path, "hang")
    conversion = start_conversion(_docs(tmp_path / "in", ["a.docx"]), tmp_path / "out",
                                  timeout=1, workers=1)
    with pytest.raises(ConversionError, match=r"did not finish converting 1 file\(s\) in 1 s"):
        conversion.wait()
    assert conversion.instances[0].process.poll() is not None


def test_identical_documents_are_converted_once(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    from yhdyspinta_docs.output import OutputFile

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


@pytest.mark.libreoffice
@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice not installed")
def test_pdfs_from_several_instances_equal_those_of_one(tmp_path: Path) -> None:
    pf = load_plan(example_plan_path())
    docs = [d for d in make_documents(pf, BuildOptions(key=KEY, matrix=False, drafts=True))
            if d.path.endswith(".docx")]
    assert len(docs) >= 2
    when = dt.date(2026, 2, 1)
    one = make_pdfs(docs, when, workers=1)
    with start_pdfs(docs, when, workers=2) as pending:
        two = pending.finish()
    assert [p.data for p in one] == [p.data for p in two]  # byte for byte
    for pdf in two:
        assert pdf.data.startswith(b"%PDF") and b"/StructTreeRoot" in pdf.data  # still tagged
