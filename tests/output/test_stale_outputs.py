"""A rebuild after a plan change: no PDF left that disagrees with its .docx, a manifest that
lists only what is on disk, also when the build stops while LibreOffice converts.

LibreOffice is a fake ``soffice`` (tests/helpers.py): ``write`` makes every PDF, ``nothing``
none (exit code 0).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

from helpers import KEY, fake_soffice
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs._build import BuildOptions, build
from yhdyspinta_docs.errors import ConversionError
from yhdyspinta_docs.output import _pdf
from yhdyspinta_docs.plan import PlanFile, parse_plan

PROPOSAL = "paatosehdotus_hyvinvointialue_fi"
PLAN_DOC = "yhdyspintasuunnitelma_fi"
TYPO = "Uuden sopimuksen valmistelu käynnistyi"


def _plan(fixed: str = "") -> PlanFile:
    """The example plan; with `fixed`, a typo fixed in the proposal's explanation (the plan
    document does not show it)."""
    source = example_plan_path().read_text("utf-8")
    assert TYPO in source
    return parse_plan(source.replace(TYPO, TYPO + fixed, 1), path=example_plan_path())


def _use_fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, mode: str) -> None:
    exe = fake_soffice(tmp_path, mode, tmp_path / f"soffice-{mode}.jsonl")
    monkeypatch.setattr(_pdf, "soffice_path", lambda: str(exe))


def _manifest_untrue(out: Path) -> list[str]:
    """The manifest's paths that are missing or hold other bytes than it says."""
    files = json.loads((out / "manifest.json").read_text("utf-8"))["files"]
    return [f["path"] for f in files if not (out / f["path"]).is_file()
            or hashlib.sha256((out / f["path"]).read_bytes()).hexdigest() != f["sha256"]]


def test_a_failed_conversion_leaves_no_stale_pdf_and_a_true_manifest(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _use_fake(monkeypatch, tmp_path, "write")
    build(_plan(), out, BuildOptions(key=KEY, pdf=True))
    old_proposal = (out / f"{PROPOSAL}.docx").read_bytes()
    _use_fake(monkeypatch, tmp_path, "nothing")
    with pytest.raises(ConversionError) as info:
        build(_plan(" (1)"), out, BuildOptions(key=KEY, pdf=True))
    message = str(info.value)
    # -- the documents as the user knows them, not their copies in a temporary folder --
    named = [name for line in message.splitlines() if "made no PDF for: " in line
             for name in line.split("made no PDF for: ")[1].split(", ")]
    # in whichever order the instances (as many as the machine has idle cores) took them
    assert sorted(named) == [f"{PROPOSAL}.docx", f"{PLAN_DOC}.docx"], message
    assert "0000_" not in message and "yhdyspinta-pdf-" not in message
    assert "were made" not in message and "No PDF was written" not in message  # none made
    assert (out / f"{PROPOSAL}.docx").read_bytes() != old_proposal  # written while converting
    assert not (out / f"{PROPOSAL}.pdf").exists()  # the old PDF would show the typo
    assert (out / f"{PLAN_DOC}.pdf").exists()  # its .docx did not change: it still agrees
    assert _manifest_untrue(out) == []
    # -- the next build after another fix knows every file there as its own --
    _use_fake(monkeypatch, tmp_path, "write")
    result = build(_plan(" (2)"), out, BuildOptions(key=KEY, pdf=True))
    assert f"{PROPOSAL}.pdf" in {e.path for e in result.entries}
    assert _manifest_untrue(out) == []


_FAILS_PROPOSAL = """#!{python}
import pathlib, sys, time
args = sys.argv[1:]
if "--convert-to" not in args:  # an instance started ahead: waits to be stopped
    time.sleep(600)
outdir = pathlib.Path(args[args.index("--outdir") + 1])
for source in args[args.index("--outdir") + 2:]:
    if "paatosehdotus" in source:
        print("Error: source file could not be loaded:", source)
    else:
        (outdir / (pathlib.Path(source).stem + ".pdf")).write_bytes(b"%PDF-1.7\\n")
"""


def test_a_partly_failed_conversion_says_no_pdf_was_written(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    exe = tmp_path / "soffice"
    exe.write_text(_FAILS_PROPOSAL.format(python=sys.executable), "utf-8")
    exe.chmod(0o755)
    monkeypatch.setattr(_pdf, "soffice_path", lambda: str(exe))
    with pytest.raises(ConversionError) as info:
        build(_plan(), tmp_path / "out", BuildOptions(key=KEY, pdf=True))
    message = str(info.value)
    assert f"made no PDF for: {PROPOSAL}.docx\n" in message
    assert f"could not be loaded: {PROPOSAL}.docx\n" in message  # LibreOffice's own words
    assert "No PDF was written." in message and "other PDF(s) were made" not in message
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_a_rebuild_without_pdfs_removes_only_the_pdfs_that_now_disagree(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _use_fake(monkeypatch, tmp_path, "write")
    build(_plan(), out, BuildOptions(key=KEY, pdf=True, public=True))
    own = out / "julkinen" / f"{PROPOSAL}.pdf"
    own.write_bytes(b"%PDF-1.7 someone's own\n")  # changed after the build: not ours to remove
    result = build(_plan(" (1)"), out, BuildOptions(key=KEY, public=True))
    assert not (out / f"{PROPOSAL}.pdf").exists()  # its .docx changed
    assert (out / f"{PLAN_DOC}.pdf").exists()  # its .docx is the same
    assert own.read_bytes() == b"%PDF-1.7 someone's own\n"
    assert not any(e.path.endswith(".pdf") for e in result.entries)
    assert _manifest_untrue(out) == []


def test_files_of_a_larger_earlier_build_stay_known_as_generated(tmp_path: Path) -> None:
    """Every party's files, then a build of the county's alone into the same folder, then
    every party's again after a plan fix: the party files the middle build did not make are
    still known as generated (not refused as changed by someone), and a party file someone
    did change is still refused."""
    import zipfile

    from yhdyspinta_docs.errors import OutputError

    out = tmp_path / "out"
    every = BuildOptions(key=KEY, for_each_party=True, drafts=True, matrix=False)
    build(_plan(), out, every)
    party_doc = "paatosehdotus_joutsa_fi.docx"
    assert (out / party_doc).is_file()
    result = build(_plan(), out, BuildOptions(key=KEY, zip=True, matrix=False))
    doc = json.loads((out / "manifest.json").read_text("utf-8"))
    assert party_doc not in {f["path"] for f in doc["files"]}
    earlier = {f["path"]: f["sha256"] for f in doc["earlier"]}
    assert earlier[party_doc] == hashlib.sha256((out / party_doc).read_bytes()).hexdigest()
    assert result.package is not None  # the package holds this build's files only
    with zipfile.ZipFile(result.package) as z:
        assert "earlier" not in json.loads(z.read("manifest.json"))
        assert party_doc not in z.namelist()
    build(_plan(" (1)"), out, every)  # refused as 'changed after it was generated' before
    assert "earlier" not in json.loads((out / "manifest.json").read_text("utf-8"))
    build(_plan(), out, BuildOptions(key=KEY, matrix=False))
    (out / party_doc).write_bytes((out / party_doc).read_bytes() + b"edited")
    with pytest.raises(OutputError, match=f"{party_doc}: exists and was changed"):
        build(_plan(" (2)"), out, every)


def test_an_earlier_meeting_package_that_no_longer_matches_is_warned_of(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from yhdyspinta_docs.cli import main

    out = tmp_path / "out"
    assert not build(_plan(), out, BuildOptions(key=KEY, zip=True)).warnings
    assert not build(_plan(), out, BuildOptions(key=KEY)).warnings  # the same documents
    warned = build(_plan(" (1)"), out, BuildOptions(key=KEY)).warnings
    assert warned == [f"{out / 'kokouspaketti.zip'}: is the meeting package of an earlier build "
                      "and does not hold the documents written now; make it again (--zip), or "
                      "remove it before sending anything from this folder"]
    capsys.readouterr()
    plan = tmp_path / "plan.yaml"
    plan.write_text(example_plan_path().read_text("utf-8").replace(TYPO, TYPO + " (2)", 1),
                    "utf-8")
    assert main(["build", str(plan), "--out", str(out), "--key", str(tmp_path / "k")]) == 0
    assert "Warning: " + str(out / "kokouspaketti.zip") in capsys.readouterr().err
    assert main(["build", str(plan), "--out", str(out), "--zip", "--key",
                 str(tmp_path / "k")]) == 0
    assert "kokouspaketti.zip: is the meeting package" not in capsys.readouterr().err


def test_a_manifest_that_points_outside_the_folder_is_not_followed(tmp_path: Path) -> None:
    """The output folder's manifest.json is read back by the next build: paths in it that
    lead out of the folder are neither read nor carried over as earlier files."""
    out = tmp_path / "out"
    build(_plan(), out, BuildOptions(key=KEY))
    outside = tmp_path / "outside.txt"
    outside.write_text("not ours", "utf-8")
    sha = hashlib.sha256(outside.read_bytes()).hexdigest()
    doc = json.loads((out / "manifest.json").read_text("utf-8"))
    doc["earlier"] = [{"path": "../outside.txt", "sha256": sha},
                      {"path": str(outside), "sha256": sha}]
    (out / "manifest.json").write_text(json.dumps(doc), "utf-8")
    build(_plan(" (1)"), out, BuildOptions(key=KEY))
    assert "earlier" not in json.loads((out / "manifest.json").read_text("utf-8"))


def test_a_package_with_an_oversized_manifest_is_not_taken_for_ours(tmp_path: Path) -> None:
    """A kokouspaketti.zip whose manifest.json unpacks to more than 20 MB is not read: no
    warning about it, and a build with --zip does not replace it without force."""
    import zipfile

    from yhdyspinta_docs.errors import OutputError

    out = tmp_path / "out"
    out.mkdir()
    with zipfile.ZipFile(out / "kokouspaketti.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", '{"generator": "yhdyspinta-docs", "files": []}'
                   + " " * (21 * 1024 * 1024))
    assert build(_plan(), out, BuildOptions(key=KEY)).warnings == []
    with pytest.raises(OutputError, match="is not a package made by this tool"):
        build(_plan(), out, BuildOptions(key=KEY, zip=True))
