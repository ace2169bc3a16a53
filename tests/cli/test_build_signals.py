"""`build --pdf` stopped halfway: Ctrl-C, or SIGTERM/SIGHUP (a closed terminal, a logout)
stop every LibreOffice instance and remove its profile, with a message and no traceback.

LibreOffice is a fake ``soffice`` (tests/helpers.py) that hangs while converting, with a
child process that must be stopped with it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import fake_soffice, process_alive
from yhdyspinta_docs.cli import main
from yhdyspinta_docs.output import _package, _pdf

_STOPPED_BUILD = """
import os, pathlib, signal, sys, time
from yhdyspinta_docs.output import _package, _pdf
_pdf.soffice_path = lambda: {exe!r}
real_finish = _package.PendingPdfs.finish

def finish(self):
    child = pathlib.Path({child!r})
    for _ in range(3000):  # the fake converts, with its child started
        if child.exists() and child.read_text():
            break
        time.sleep(0.01)
    os.kill(os.getpid(), signal.{signal})
    return real_finish(self)

_package.PendingPdfs.finish = finish
from yhdyspinta_docs.cli import main
sys.exit(main(["build", "--pdf", "--key", {key!r}, "--out", {out!r}]))
"""


def test_a_terminated_build_stops_libreoffice_and_removes_its_profiles(tmp_path: Path) -> None:
    log = tmp_path / "soffice.jsonl"
    exe = fake_soffice(tmp_path, "hang", log)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    code = _STOPPED_BUILD.format(exe=str(exe), child=f"{log}.child", signal="SIGTERM",
                                 key=str(tmp_path / "plan.key"), out=str(tmp_path / "out"))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "TMPDIR": str(tmp)}, check=False)
    assert proc.returncode == 143, proc.stderr
    assert "Stopped by a signal; files already written are complete" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not process_alive(int(Path(f"{log}.child").read_text()))
    assert sorted(p.name for p in tmp.iterdir()) == []  # no profile, no PDF folder


def test_ctrl_c_in_a_build_says_what_was_kept(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    exe = fake_soffice(tmp_path, "write", tmp_path / "soffice.jsonl")
    monkeypatch.setattr(_pdf, "soffice_path", lambda: str(exe))

    def interrupted(self: _package.PendingPdfs) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(_package.PendingPdfs, "finish", interrupted)
    code = main(["build", "--pdf", "--key", str(tmp_path / "plan.key"),
                 "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 130
    assert "Interrupted; files already written are complete" in err
    assert "Aborted" not in err
