"""Nothing is written through a symbolic link inside the output folder: a link placed there
beforehand (a folder of the outputs, a document, the manifest, the meeting package) is refused
naming it, before anything is written, and the place it points to stays as it was. The
output folder itself may be a link (the user chose it), and so may a file the user names:
the file it points to is replaced and the link stays."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import KEY
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs._build import BuildOptions, build
from yhdyspinta_docs.cli import main
from yhdyspinta_docs.errors import OutputError
from yhdyspinta_docs.plan import PlanFile
from yhdyspinta_docs.plan._loader import load_plan

OPTIONS = BuildOptions(matrix=False, plan_document=False)
DOCUMENT = "paatosehdotus_hyvinvointialue_fi.docx"


@pytest.fixture(scope="module")
def plan() -> PlanFile:
    return load_plan(example_plan_path("keski-suomi"))


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def _message(link: Path, to: Path) -> str:
    return (f"{link}: is a symbolic link inside the output folder (it points to {to}), and "
            "nothing is written through a link there; remove the link, or choose another "
            "outdir")


def test_a_linked_folder_inside_the_output_folder_is_refused(plan: PlanFile,
                                                             tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "muualla"
    out.mkdir()
    elsewhere.mkdir()
    (out / "avoin-data").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(OutputError) as err:
        build(plan, out, OPTIONS)
    assert str(err.value) == _message(out / "avoin-data", elsewhere)
    assert list(elsewhere.iterdir()) == []
    assert sorted(p.name for p in out.iterdir()) == ["avoin-data"]  # nothing written


@pytest.mark.parametrize("name", [DOCUMENT, "manifest.json"])
@pytest.mark.parametrize("force", [False, True])
def test_a_linked_file_inside_the_output_folder_is_refused(plan: PlanFile, tmp_path: Path,
                                                           name: str, force: bool) -> None:
    out, other = tmp_path / "out", tmp_path / "x"
    out.mkdir()
    other.write_bytes(b"muu tiedosto\n")
    (out / name).symlink_to(other)
    with pytest.raises(OutputError) as err:
        build(plan, out, OPTIONS, force=force)
    assert str(err.value) == _message(out / name, other)
    assert other.read_bytes() == b"muu tiedosto\n"
    assert (out / name).is_symlink()
    assert sorted(p.name for p in out.iterdir()) == [name]


def test_a_linked_meeting_package_is_refused(plan: PlanFile, tmp_path: Path) -> None:
    out, other = tmp_path / "out", tmp_path / "paketti.zip"
    out.mkdir()
    other.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip of someone else
    (out / "kokouspaketti.zip").symlink_to(other)
    with pytest.raises(OutputError) as err:
        build(plan, out, BuildOptions(matrix=False, plan_document=False, zip=True),
              force=True)
    assert str(err.value) == _message(out / "kokouspaketti.zip", other)
    assert other.read_bytes() == b"PK\x05\x06" + bytes(18)
    assert (out / "kokouspaketti.zip").is_symlink()
    assert sorted(p.name for p in out.iterdir()) == ["kokouspaketti.zip"]  # nothing written


def test_a_dangling_link_is_refused_too(plan: PlanFile, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "avoin-data").symlink_to(tmp_path / "ei-ole")
    with pytest.raises(OutputError, match="avoin-data: is a symbolic link inside the output"):
        build(plan, out, OPTIONS)
    assert not (tmp_path / "ei-ole").exists()


def test_the_output_folder_itself_may_be_a_link(plan: PlanFile, tmp_path: Path) -> None:
    real = tmp_path / "oikea"
    real.mkdir()
    (tmp_path / "out").symlink_to(real, target_is_directory=True)
    result = build(plan, tmp_path / "out", OPTIONS)
    assert sorted(_tree(real)) == sorted([*(e.path for e in result.entries), "manifest.json"])


def test_the_command_line_says_it_in_one_line(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    out, elsewhere = tmp_path / "out", tmp_path / "muualla"
    out.mkdir()
    elsewhere.mkdir()
    os.symlink(elsewhere, out / "seuranta", target_is_directory=True)
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(example_plan_path("keski-suomi").read_bytes())
    (tmp_path / "plan.yaml.key").write_text(KEY.hex() + "\n", "ascii")
    code = main(["build", str(plan), "--out", str(out), "--for-each-party",
                 "--drafts"])
    err = capsys.readouterr().err
    assert code == 6  # an output error (errors.py)
    assert err.strip() == (f"Error: {out / 'seuranta'}: is a symbolic link inside the output "
                           f"folder (it points to {elsewhere}), and nothing is written through "
                           "a link there; remove the link, or choose another --out")
    assert list(elsewhere.iterdir()) == []
    assert sorted(p.name for p in out.iterdir()) == ["seuranta"]


def test_the_command_line_refuses_a_linked_package_before_writing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    out, other = tmp_path / "out", tmp_path / "x"
    out.mkdir()
    other.write_bytes(b"muu\n")
    (out / "kokouspaketti.zip").symlink_to(other)
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(example_plan_path("keski-suomi").read_bytes())
    (tmp_path / "plan.yaml.key").write_text(KEY.hex() + "\n", "ascii")
    code = main(["build", str(plan), "--out", str(out), "--zip", "--force"])
    assert code == 6
    assert capsys.readouterr().err.strip() == "Error: " + _message(
        out / "kokouspaketti.zip", other).replace("another outdir", "another --out")
    assert other.read_bytes() == b"muu\n"
    assert sorted(p.name for p in out.iterdir()) == ["kokouspaketti.zip"]


def test_matrices_for_each_party_are_not_written_through_a_link_either(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`matrix --for-each-party --out FOLDER`, even with --force: a party's matrix that is a
    link in the folder is refused, and the file it points to stays as it was."""
    monkeypatch.chdir(tmp_path)
    out, other = tmp_path / "matriisit", tmp_path / "muu.xlsx"
    out.mkdir()
    other.write_bytes(b"muu\n")
    (out / "seurantamatriisi_joutsa.xlsx").symlink_to(other)
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(example_plan_path("keski-suomi").read_bytes())
    (tmp_path / "plan.yaml.key").write_text(KEY.hex() + "\n", "ascii")
    code = main(["matrix", str(plan), "--out", str(out), "--for-each-party", "--force"])
    assert code == 6
    assert capsys.readouterr().err.strip().endswith(_message(
        out / "seurantamatriisi_joutsa.xlsx", other).replace("another outdir",
                                                              "another --out"))
    assert other.read_bytes() == b"muu\n"
    assert (out / "seurantamatriisi_joutsa.xlsx").is_symlink()


def test_a_file_the_user_names_may_be_a_link_and_is_written_through_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(example_plan_path("keski-suomi").read_bytes())
    (tmp_path / "plan.yaml.key").write_text(KEY.hex() + "\n")
    shared = tmp_path / "jaettu"
    shared.mkdir()
    (shared / "matriisi.xlsx").write_bytes(b"old")
    link = tmp_path / "matriisi.xlsx"
    link.symlink_to(shared / "matriisi.xlsx")
    assert main(["matrix", str(plan), "--out", str(link), "--force"]) == 0, capsys.readouterr()
    assert link.is_symlink() and os.readlink(link) == str(shared / "matriisi.xlsx")
    assert (shared / "matriisi.xlsx").read_bytes()[:2] == b"PK"  # the workbook, in its place
    assert sorted(p.name for p in shared.iterdir()) == ["matriisi.xlsx"]  # no temporary left


@pytest.mark.parametrize("to", ["jaettu/puuttuu/matriisi.xlsx", "matriisi.xlsx"],
                         ids=["leads-nowhere", "leads-to-itself"])
def test_a_named_link_that_leads_to_no_file_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], to: str) -> None:
    """Written through, it would make a file, and the folders on its way, wherever it points
    (cp refuses it too); nothing is written and the link stays."""
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(example_plan_path("keski-suomi").read_bytes())
    (tmp_path / "plan.yaml.key").write_text(KEY.hex() + "\n")
    link = tmp_path / "matriisi.xlsx"
    link.symlink_to(to)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["matrix", str(plan), "--out", str(link), "--force"]) == 6
    assert capsys.readouterr().err.strip() == (
        f"Error: {link}: is a symbolic link to {to}, which does not exist; nothing is written "
        "through a link that leads to no file: remove the link, or choose another output")
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no folder, no temporary
    assert link.is_symlink() and os.readlink(link) == to
