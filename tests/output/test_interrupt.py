"""Nothing lost on disk: a build killed mid-way, and filled matrices that are never overwritten.

A real ``yhdyspinta-docs build --for-each-party --drafts`` runs in a subprocess into a directory
that holds a complete earlier build and is killed with SIGKILL at different moments. A
``sitecustomize`` hook (only in that subprocess's PYTHONPATH) slows ``os.replace`` down and logs
each call, or stalls in the middle of writing a temporary file, so that the kill, sent from
this test when the log shows the moment, lands mid-way. Afterwards every file under a final
name must be the complete old or the complete new document (by SHA-256, and readable as a
zip with strictly parsing XML), and anything else may only be a temporary ``.*.tmp`` file.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from helpers import KEY, quick_few
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs._build import BuildOptions, build
from yhdyspinta_docs.cli import main
from yhdyspinta_docs.plan._loader import load_plan

OPTIONS = BuildOptions(key=KEY, for_each_party=True, drafts=True)
ARGS = ["--for-each-party", "--drafts"]
TMP_NAME = re.compile(r"^\..+\.tmp$")
STRICT = etree.XMLParser(recover=False, resolve_entities=False)

HOOK = '''
import os, time

_LOG = os.environ.get("YD_HOOK_LOG")
if _LOG:
    _replace, _fdopen = os.replace, os.fdopen
    _stall = int(os.environ.get("YD_STALL_WRITE", "0"))
    _opened = [0]

    def _log(message):
        with open(_LOG, "a", encoding="utf-8") as fh:
            fh.write(message + "\\n")

    _pause = os.environ.get("YD_PAUSE_AT", "")
    _replaces = [0]

    def replace(src, dst, *args, **kwargs):
        _replaces[0] += 1
        if _pause in (str(_replaces[0]), os.path.basename(dst)):
            _log(f"paused before {dst}")
            time.sleep(600)
        _replace(src, dst, *args, **kwargs)
        _log(f"replaced {dst}")

    class _Stalling:
        """Writes half of the data, then waits to be killed."""

        def __init__(self, fh):
            self._fh = fh

        def write(self, data):
            self._fh.write(data[: len(data) // 2])
            self._fh.flush()
            _log(f"half-written {len(data) // 2} of {len(data)}")
            time.sleep(600)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return self._fh.__exit__(*exc)

        def __getattr__(self, name):
            return getattr(self._fh, name)

    def fdopen(fd, *args, **kwargs):
        fh = _fdopen(fd, *args, **kwargs)
        _opened[0] += 1
        return _Stalling(fh) if _opened[0] == _stall else fh

    os.replace, os.fdopen = replace, fdopen
'''


def _console_script() -> list[str]:
    script = Path(sys.executable).parent / "yhdyspinta-docs"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "yhdyspinta_docs"]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _snapshot(outdir: Path) -> dict[str, str]:
    return {p.relative_to(outdir).as_posix(): _sha(p) for p in sorted(outdir.rglob("*"))
            if p.is_file()}


def _check_package(path: Path) -> None:
    """A complete .docx/.xlsx: a zip whose members all read and whose XML parses strictly."""
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None, path
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(z.read(name), STRICT)


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The example (old) and a changed plan (new) whose every document differs."""
    folder = tmp_path_factory.mktemp("plans")
    source = example_plan_path().read_text("utf-8")
    old, new = folder / "old.yaml", folder / "new.yaml"
    old.write_text(source, "utf-8")
    changed = source.replace("otsikko: Asumisen kehittämisen työryhmä",
                             "otsikko: Asumisen kehittämisen työryhmä ja asuntopolitiikka")
    # -- and the status day of the recorded approvals (their open data names nothing else) --
    changed = changed.replace("tilanne: 2026-03-20", "tilanne: 2026-03-21")
    assert changed != source
    new.write_text(changed, "utf-8")
    for plan in (old, new):  # the key files the command line finds: the key of OPTIONS
        plan.with_name(plan.name + ".key").write_text(KEY.hex() + "\n", "ascii")
    return old, new


@dataclass(frozen=True)
class Reference:
    """A complete old build (directory and digests) and the digests of a complete new one."""

    old_dir: Path
    old: dict[str, str]
    new: dict[str, str]


@pytest.fixture(scope="module")
def reference(plans: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Reference:
    dirs = []
    for plan in plans:
        out = tmp_path_factory.mktemp("reference")
        build(load_plan(plan), out, OPTIONS)
        dirs.append(out)
    old, new = (_snapshot(d) for d in dirs)
    assert old.keys() == new.keys() and len(old) > 50
    changed = [p for p in old if old[p] != new[p]]
    assert len(changed) == len(old), "every file must differ, or a kill could hide in it"
    return Reference(dirs[0], old, new)


def _old_build(plan: Path, outdir: Path) -> None:
    assert main(["build", str(plan), "--out", str(outdir), *ARGS]) == 0


def _start(plan: Path, outdir: Path, tmp_path: Path, **hook: str) -> tuple[subprocess.Popen[bytes],
                                                                             Path]:
    hook_dir = tmp_path / "hook"
    hook_dir.mkdir()
    (hook_dir / "sitecustomize.py").write_text(HOOK, "utf-8")
    log = tmp_path / "hook.log"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(hook_dir), *filter(None, [os.environ.get("PYTHONPATH")])]),
        "YD_HOOK_LOG": str(log), **hook}
    proc = subprocess.Popen([*_console_script(), "build", str(plan), "--out", str(outdir), *ARGS],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)  # its own group: the kill takes it all
    return proc, log


def _wait_for(log: Path, proc: subprocess.Popen[bytes], ready: object, timeout: float = 120
              ) -> list[str]:
    """Poll the hook's log until `ready(lines)`; fail if the build ends first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lines = log.read_text("utf-8").splitlines() if log.exists() else []
        if ready(lines):  # type: ignore[operator]
            return lines
        if proc.poll() is not None:
            err = proc.stderr.read().decode() if proc.stderr else ""
            pytest.fail(f"the build ended (rc={proc.returncode}) before the kill: {err}")
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    pytest.fail("the build did not reach the moment of the kill")


def _kill(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGKILL)  # the group of the build this test started
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    if proc.stderr:
        proc.stderr.close()


def _logged(prefix: str) -> object:
    return lambda lines: any(line.startswith(prefix) for line in lines)


MOMENTS = {
    # hook setting → the subprocess stops there and logs it; the test then kills it
    "after-first-file": {"YD_PAUSE_AT": "2"},  # 1 file replaced, the 2nd's temp file complete
    "half-way": {"YD_PAUSE_AT": "37"},
    "before-manifest": {"YD_PAUSE_AT": "manifest.json"},  # every document replaced
    "writing-a-temp-file": {"YD_STALL_WRITE": "20"},  # a temp file half-written
}


# each moment starts a build of the example and kills it (about 5 s): one in the quick run
@pytest.mark.parametrize("moment", quick_few(MOMENTS, {"half-way"}))
def test_killed_build_leaves_every_file_complete(moment: str, plans: tuple[Path, Path],
                                                 reference: Reference, tmp_path: Path) -> None:
    _, new_plan = plans
    old, new = reference.old, reference.new
    outdir = tmp_path / "out"
    shutil.copytree(reference.old_dir, outdir)  # a complete earlier build
    assert _snapshot(outdir) == old

    proc, log = _start(new_plan, outdir, tmp_path, **MOMENTS[moment])
    lines = _wait_for(log, proc, _logged("half-written" if "STALL" in str(MOMENTS[moment])
                                         else "paused"))
    _kill(proc)

    after = _snapshot(outdir)
    final = {p: d for p, d in after.items() if not TMP_NAME.match(Path(p).name)}
    leftovers = sorted(set(after) - set(final))
    assert final.keys() == old.keys(), "a file is missing, or a temp file has a final name"
    mixed = {p: ("new" if d == new[p] else "old") for p, d in final.items()
             if d in (old[p], new[p])}
    assert mixed.keys() == final.keys(), [p for p in final if p not in mixed]
    for rel in final:
        if rel.endswith((".docx", ".xlsx")):
            _check_package(outdir / rel)
        elif rel.endswith(".json"):
            json.loads((outdir / rel).read_text("utf-8"))
    replaced = {Path(line.split(" ", 1)[1]).relative_to(outdir).as_posix()
                for line in lines if line.startswith("replaced ")}
    assert {p for p, state in mixed.items() if state == "new"} == replaced
    assert mixed["manifest.json"] == "old"
    # the temp file of the file being written when killed, under its temp name only
    assert len(leftovers) == 1, leftovers
    if moment == "before-manifest":
        assert len(replaced) == len(old) - 1
    else:
        assert 0 < len(replaced) < len(old) - 1

    # the next build (no --force needed: every file is one this program wrote) completes
    assert main(["build", str(new_plan), "--out", str(outdir), *ARGS]) == 0
    done = {p: d for p, d in _snapshot(outdir).items() if not TMP_NAME.match(Path(p).name)}
    assert done == new


# -- filled matrices are never overwritten without --force -----------------------------------


def _fill(path: Path) -> str:
    """Type a status and a description into the first row, as a coordinator would."""
    wb = load_workbook(path)
    ws = wb["Seuranta"]
    head = {c.value: c.column for c in ws[1]}
    ws.cell(2, head["Tilanne"]).value = "Käynnissä"
    ws.cell(2, head["Tilannekuvaus"]).value = "Työryhmä on koottu."
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())
    return _sha(path)


# slow run: three builds for every party (tests/cli/test_build.py keeps an edited file too)
@pytest.mark.slow
def test_build_never_overwrites_a_filled_matrix(plans: tuple[Path, Path], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    old_plan, new_plan = plans
    outdir = tmp_path / "out"
    _old_build(old_plan, outdir)
    filled = outdir / "seuranta" / "seurantamatriisi_muurame.xlsx"
    _fill(filled)
    before = _snapshot(outdir)
    capsys.readouterr()

    code = main(["build", str(new_plan), "--out", str(outdir), *ARGS])
    err = capsys.readouterr().err
    assert code == 6
    assert str(filled) in err and "--force" in err and "Traceback" not in err
    assert _snapshot(outdir) == before  # checked before the first write: nothing written

    assert main(["build", str(new_plan), "--out", str(outdir), *ARGS, "--force"]) == 0
    assert _sha(filled) != before["seuranta/seurantamatriisi_muurame.xlsx"]


def test_matrix_and_collect_never_overwrite_a_file(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the bundled example's key file is made here
    plan = str(example_plan_path())
    single = tmp_path / "matriisi.xlsx"
    assert main(["matrix", plan, "--out", str(single), "--date", "2026-03-02"]) == 0
    digest = _fill(single)

    parties = tmp_path / "parties"
    assert main(["matrix", plan, "--for-each-party", "--out", str(parties)]) == 0
    filled_party = parties / "seurantamatriisi_joutsa.xlsx"
    party_digest = _fill(filled_party)
    others = {p.name: _sha(p) for p in parties.iterdir() if p != filled_party}
    (parties / "seurantamatriisi_laukaa.xlsx").unlink()  # one missing: still nothing written
    del others["seurantamatriisi_laukaa.xlsx"]
    capsys.readouterr()

    attempts = [
        (["matrix", plan, "--out", str(single)], single),
        (["matrix", plan, "--for-each-party", "--out", str(parties)],
         parties / "seurantamatriisi_hyvinvointialue.xlsx"),  # the first existing one
        (["collect", plan, str(filled_party), "--out", str(single)], single),
        (["collect", plan, str(filled_party), "--out", str(tmp_path / "new.xlsx"), "--json",
          str(single)], single),  # JSON over a workbook: refused even with --force
    ]
    for argv, target in attempts:
        code = main(argv)
        err = capsys.readouterr().err
        assert code == 6, (argv, err)
        how = "ending in .json" if "--json" in argv else "--force"
        assert str(target) in err and how in err and "Traceback" not in err, err
        assert _sha(single) == digest and _sha(filled_party) == party_digest
        assert {p.name: _sha(p) for p in parties.iterdir() if p != filled_party} == others
        assert not (parties / "seurantamatriisi_laukaa.xlsx").exists()

    assert main(["matrix", plan, "--out", str(single), "--force"]) == 0
    assert _sha(single) != digest


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    from yhdyspinta_docs.output import write_atomic

    private = tmp_path / "koottu.xlsx"
    private.write_bytes(b"old")
    private.chmod(0o600)  # personal data: the coordinator's eyes only
    write_atomic(private, b"new", force=True)
    assert (private.read_bytes(), private.stat().st_mode & 0o777) == (b"new", 0o600)
    fresh = tmp_path / "uusi.xlsx"
    write_atomic(fresh, b"new")
    assert fresh.stat().st_mode & 0o777 == 0o644
