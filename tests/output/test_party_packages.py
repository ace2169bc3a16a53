"""Each party's own meeting package: with --for-each-party --zip, every party gets one zip of
the documents its board handles (its proposal, its plan attachment, their web versions and
the proposal's open data) with a manifest of just those; no other party's proposal and no
matrix. A package of an earlier build that no longer holds the documents is warned of."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from helpers import KEY
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs._build import BuildOptions, build
from yhdyspinta_docs.cli import main
from yhdyspinta_docs.errors import OutputError
from yhdyspinta_docs.plan import PlanFile, parse_plan

EVERY = BuildOptions(key=KEY, for_each_party=True, drafts=True, public=True, zip=True)
TYPO = "Uuden sopimuksen valmistelu käynnistyi"


def _plan(fixed: str = "") -> PlanFile:
    source = example_plan_path().read_text("utf-8")
    assert TYPO in source
    return parse_plan(source.replace(TYPO, TYPO + fixed, 1), path=example_plan_path())


def _packed(path: Path) -> tuple[dict[str, bytes], dict[str, object]]:
    with zipfile.ZipFile(path) as z:
        files = {name: z.read(name) for name in z.namelist()}
    return files, json.loads(files.pop("manifest.json"))


def test_every_party_gets_its_own_meeting_package(tmp_path: Path) -> None:
    pf = _plan()
    result = build(pf, tmp_path, EVERY)
    assert sorted(result.party_packages) == sorted(p.id for p in pf.parties)
    files, manifest = _packed(result.party_packages["jamsa"])
    assert result.party_packages["jamsa"] == tmp_path / "kokouspaketit" / (
        "kokouspaketti_jamsa.zip")
    assert sorted(files) == ["avoin-data/paatosehdotus_jamsa_fi.json",
                             "julkinen/paatosehdotus_jamsa_fi.docx",
                             "julkinen/yhdyspintasuunnitelma_jamsa_fi.docx",
                             "paatosehdotus_jamsa_fi.docx", "yhdyspintasuunnitelma_jamsa_fi.docx"]
    listed = manifest["files"]
    assert isinstance(listed, list)
    assert {f["path"]: f["sha256"] for f in listed} == {
        name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    assert {f["party"] for f in listed} == {"jamsa"}
    # the files are those the build wrote into the folder
    assert all((tmp_path / name).read_bytes() == data for name, data in files.items())
    # the county's package holds the county's attachment, made for no party
    county, _ = _packed(result.party_packages[pf.lead.id])
    assert {"paatosehdotus_hyvinvointialue_fi.docx", "yhdyspintasuunnitelma_fi.docx",
            "julkinen/yhdyspintasuunnitelma_fi.docx"} <= set(county)
    assert not [n for n in county if n.endswith(".xlsx") or "jamsa" in n]
    # the same plan, the same packages
    first = {p: path.read_bytes() for p, path in result.party_packages.items()}
    again = build(pf, tmp_path / "again", EVERY)
    assert {p: path.read_bytes() for p, path in again.party_packages.items()} == first


def test_a_build_for_the_county_alone_makes_no_party_packages(tmp_path: Path) -> None:
    result = build(_plan(), tmp_path, BuildOptions(key=KEY, zip=True))
    assert result.party_packages == {}
    assert not (tmp_path / "kokouspaketit").exists()


def test_an_earlier_party_package_that_no_longer_matches_is_warned_of(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert not build(_plan(), out, EVERY).warnings
    jamsa = out / "kokouspaketit" / "kokouspaketti_jamsa.zip"
    county = out / "kokouspaketit" / "kokouspaketti_hyvinvointialue.zip"
    # the county alone, the same documents: its package still holds them (the whole build's
    # package holds more than this build wrote, and is warned of)
    warned = build(_plan(), out, BuildOptions(key=KEY)).warnings
    assert [w for w in warned if "kokouspaketit" in w] == [] and len(warned) == 1
    # the county's proposal changed: its package and the whole build's are stale, Jämsä's
    # (whose documents this build did not make) is not
    warned = build(_plan(" (1)"), out, BuildOptions(key=KEY, zip=True)).warnings
    assert warned == [f"{county}: is hyvinvointialue's meeting package of an earlier build and "
                      "does not hold the documents written now; make it again (--zip), or "
                      "remove it before sending it"]
    assert jamsa.is_file()
    # every party's again, without --zip: every proposal changed, every package is stale
    warned = build(_plan(" (2)"), out, BuildOptions(key=KEY, for_each_party=True,
                                                    drafts=True, public=True)).warnings
    assert any(w.startswith(f"{jamsa}: is jamsa's meeting package") for w in warned)
    assert len(warned) == 1 + len(_plan().parties)  # the whole build's and every party's


def test_a_file_in_a_party_packages_place_is_replaced_only_with_force(tmp_path: Path) -> None:
    target = tmp_path / "kokouspaketit" / "kokouspaketti_jamsa.zip"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"someone's own zip")
    with pytest.raises(OutputError, match="kokouspaketti_jamsa.zip: exists and is not a package"):
        build(_plan(), tmp_path, EVERY)
    assert target.read_bytes() == b"someone's own zip"
    build(_plan(), tmp_path, EVERY, force=True)
    assert zipfile.is_zipfile(target)


def test_the_command_line_lists_every_package(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(example_plan_path().read_text("utf-8"), "utf-8")
    assert main(["build", str(plan), "-o", str(tmp_path / "out"), "--for-each-party",
                 "--drafts", "--zip", "--key", str(tmp_path / "k")]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines()
             if line.startswith("package ")]
    assert lines[0] == f"package   {tmp_path / 'out' / 'kokouspaketti.zip'}"
    assert f"package   {tmp_path / 'out' / 'kokouspaketit' / 'kokouspaketti_jamsa.zip'}" in lines
    assert len(lines) == 1 + len(_plan().parties)
