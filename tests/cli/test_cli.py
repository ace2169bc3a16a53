"""The command line: exit codes, messages that say where, and never a traceback for a user error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from yhdyspinta_docs.cli import main


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_build_without_arguments_builds_the_example(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    # every test runs in a directory of its own (conftest), here tmp_path
    code, out, err = _run(["build"], capsys)
    assert code == 0, err
    # the bundled example's key is kept in the current directory, not in the package
    assert (tmp_path / "yhdyspinta-esimerkki.key").stat().st_mode & 0o777 == 0o600
    assert "key       yhdyspinta-esimerkki.key (new" in out
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    assert manifest["plan"]["id"] == "keski-suomi-2026"
    assert "paatosehdotus_hyvinvointialue_fi.docx" in out


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda s: s.replace("osapuoli: muurame}", "osapuoli: muurme}"),
         r"plan.yaml:\d+ suunnitelma.valmistelu.tyoryhma\[1\].osapuoli: unknown party 'muurme'"),
        (lambda s: s.replace("voimassa_alkaen: 2026-01-01", "voimassa_alkaen: 31.12.2025"),
         r"plan.yaml:\d+ sopimus.voimassa_alkaen: '31.12.2025' .* write it as 2025-12-31"),
        (lambda s: s.replace("  alue: Keski-Suomi\n", "").replace("alue: Keski-Suomi\n", ""),
         r"plan.yaml:\d+ alue: missing required key 'alue'"),
        (lambda s: s.replace("kielet: [fi]", "kielet: [fi"),
         r"plan.yaml:\d+: YAML syntax error"),
    ],
)
def test_plan_errors_are_one_screen_with_file_line_and_path(
    mutate: object, expected: str, tmp_path: Path, example_source: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(mutate(example_source), "utf-8")  # type: ignore[operator]
    code, _, err = _run(["build", str(plan), "--out", str(tmp_path / "out")], capsys)
    assert code != 0
    import re

    assert re.search(expected, err), err
    assert "Traceback" not in err
    assert len(err.splitlines()) <= 25
    assert not (tmp_path / "out").exists()


def test_missing_plan_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["validate", str(tmp_path / "nope.yaml")], capsys)
    assert code == 2 and "nope.yaml: no such file" in err and "Traceback" not in err


def test_validate_reports_ok(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["validate"], capsys)
    assert code == 0 and "ok (24 parties, 5 measures" in out


def test_schema_is_json_schema_with_finnish_descriptions(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["schema"], capsys)
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "osapuolet" in schema["properties"] and "asia" in schema["properties"]
    measure = schema["$defs"]["Measure"]
    assert measure["properties"]["vastuutahot"]["description"].startswith("Vastuussa olevien")
    assert measure["description"].startswith("Suunnitelman toimenpide")


def test_output_over_an_edited_file_needs_force(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)  # where the example's key file goes
    out = tmp_path / "out"
    assert _run(["build", "--out", str(out)], capsys)[0] == 0
    doc = out / "paatosehdotus_hyvinvointialue_fi.docx"
    doc.write_bytes(b"my edits")
    code, _, err = _run(["build", "--out", str(out)], capsys)
    assert code != 0 and "use --force" in err and doc.read_bytes() == b"my edits"
    assert _run(["build", "--out", str(out), "--force"], capsys)[0] == 0


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_flag_shows_the_traceback(tmp_path: Path, where: str) -> None:
    """--debug before the command, or after it, as one adds it to a command that failed."""
    args = ["validate", str(tmp_path / "nope.yaml")]
    args = ["--debug", *args] if where == "before" else [*args, "--debug"]
    proc = subprocess.run([sys.executable, "-m", "yhdyspinta_docs", *args],
                          capture_output=True, text=True)
    assert proc.returncode != 0 and "Traceback" in proc.stderr


def test_a_file_named_debug_after_the_separator_is_a_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from yhdyspinta_docs.cli import main

    assert main(["validate", "--", "--debug"]) != 0
    assert "--debug: no such file" in capsys.readouterr().err


def test_console_script_help_is_light() -> None:
    code = ("import sys, yhdyspinta_docs.cli as c\n"
            "try:\n    c.main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('docx', 'docxtpl', 'openpyxl', 'lxml') if m in sys.modules]\n"
            "print(heavy)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert proc.stdout.strip().endswith("[]"), proc.stdout


def test_validate_imports_only_what_it_uses() -> None:
    """Reading and checking a plan needs neither the documents, the build, the follow-up round
    nor init's template lookup: none of their modules or libraries is imported."""
    plan = Path(__file__).resolve().parents[2] / "examples" / "keski-suomi" / "plan.yaml"
    code = ("import sys\n"
            "from yhdyspinta_docs.cli import main\n"
            f"assert main(['validate', {str(plan)!r}]) == 0\n"
            "import json\n"
            "print(json.dumps(sorted(sys.modules)))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    modules = set(json.loads(proc.stdout.strip().splitlines()[-1]))
    assert "yhdyspinta_docs.plan._model" in modules  # it did read the plan
    unused = ("docx", "docxtpl", "openpyxl", "lxml", "jinja2", "rich",
              "yhdyspinta_docs._build", "yhdyspinta_docs._assets", "yhdyspinta_docs.contexts",
              "yhdyspinta_docs.word", "yhdyspinta_docs.matrix", "yhdyspinta_docs.output",
              "yhdyspinta_docs.plan._messages", "yhdyspinta_docs.plan._schema",
              "yhdyspinta_docs.plan._proofread")
    assert [name for name in unused if name in modules] == []


def test_objects_alive_at_exit_are_frozen_before_the_last_collections() -> None:
    """The command line freezes what is alive when Python exits, so that the collections of
    the shutdown do not search the plan's model classes for cycles; output and exit code
    are as before."""
    code = ("import atexit, gc, sys\n"
            "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count()))\n"
            "from yhdyspinta_docs.cli import main\n"
            "print('frozen before exit:', gc.get_freeze_count())\n"
            "sys.exit(main(['validate']))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    lines = proc.stdout.splitlines()
    assert proc.returncode == 0 and "example: ok (24 parties" in proc.stdout, proc.stderr
    assert lines[0] == "frozen before exit: 0"
    frozen = int(lines[-1].removeprefix("frozen at exit: "))
    assert frozen > 10_000, lines  # the plan's models and their validators among them


def test_report_by_default_keeps_out_of_the_builds_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`report` without --out writes into its own folder: the build's manifest stays."""
    assert main(["build", "--out", "out"]) == 0
    build_manifest = (tmp_path / "out" / "manifest.json").read_bytes()
    code = main(["report", "--followup", "out/seurantamatriisi.xlsx"])
    assert code == 0, capsys.readouterr().err
    assert (tmp_path / "out" / "manifest.json").read_bytes() == build_manifest
    made = json.loads((tmp_path / "raportti" / "manifest.json").read_text("utf-8"))
    assert any(f["kind"] == "report" for f in made["files"])


def test_a_build_refused_for_missing_translations_makes_no_key(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from yhdyspinta_docs._assets import example_plan_path

    plan = tmp_path / "plan.yaml"
    plan.write_bytes(example_plan_path().read_bytes())
    assert main(["build", str(plan), "--lang", "sv"]) != 0
    assert "no 'sv' text" in capsys.readouterr().err
    assert not (tmp_path / "plan.yaml.key").exists()
    assert not (tmp_path / "out").exists()


def test_a_build_refused_for_handling_data_makes_no_key(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from yhdyspinta_docs._assets import example_plan_path

    plan = tmp_path / "plan.yaml"
    plan.write_bytes(example_plan_path().read_bytes())
    assert main(["build", str(plan), "--for-each-party", "-o", "o"]) == 2
    assert "problem(s) in the handling data" in capsys.readouterr().err
    assert not (tmp_path / "plan.yaml.key").exists()  # no secret left by a refused build
    assert main(["build", str(plan), "--for-each-party", "--drafts", "-o", "o"]) == 0
    assert "key       " in capsys.readouterr().out
    assert (tmp_path / "plan.yaml.key").exists()


def test_check_accessibility_prints_findings_escaped(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """A finding quotes a file's name and a sheet's title, which come from outside: a control
    or bidirectional character in them is printed as a visible escape, as in errors."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Seuranta\u202eatsop\x9b"
    wb.properties.title = "Otsikko"
    path = tmp_path / "raportti\x1b[2J.xlsx"
    wb.save(path)
    code, out, _ = _run(["check-accessibility", str(path)], capsys)
    assert code == 1
    assert out.splitlines() == [
        "raportti\\x1b[2J.xlsx: Seuranta\\u202eatsop\\x9b: empty sheet; remove it or give it "
        "content"]


def test_check_accessibility_takes_a_folder(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Before publishing, a preparer checks the whole web folder of a build: every .docx,
    .xlsx and .pdf in it and its subfolders, not Office's ~$ lock files or hidden files."""
    out = tmp_path / "out"
    code, _, err = _run(["build", "--out", str(out), "--public"], capsys)
    assert code == 0, err
    public = out / "julkinen"
    documents = [p for p in public.rglob("*") if p.suffix in (".docx", ".xlsx", ".pdf")]
    assert documents
    (public / "~$paatosehdotus_hyvinvointialue_fi.docx").write_bytes(b"lock")  # open in Word
    (public / ".piilo.docx").write_bytes(b"hidden")
    code, printed, _ = _run(["check-accessibility", str(public)], capsys)
    assert code == 0, printed
    assert printed.splitlines() == [
        f"{len(documents)} file(s): none of the checked problems found; reading order, link "
        "texts, plain language and headings made by hand without a heading style still need a "
        "person to check them"]
    (public / "sisempi").mkdir()
    (public / "sisempi" / "rikki.docx").write_bytes(b"not a document")
    code, printed, _ = _run(["check-accessibility", str(public)], capsys)
    assert code == 1 and "rikki.docx" in printed, printed
    # a web version has its original's file name: the subfolder tells them apart
    (public / "sisempi" / "rikki.docx").unlink()
    from docx import Document

    for folder in (out, public):
        Document().save(str(folder / "taulukko.docx"))  # no title property
    code, printed, _ = _run(["check-accessibility", str(out)], capsys)
    named = sorted(line.split(": ")[0] for line in printed.splitlines() if "taulukko" in line)
    assert code == 1 and named == ["julkinen/taulukko.docx", "taulukko.docx"], printed


def test_drafts_are_named_as_drafts_with_what_they_lack(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """``build --drafts`` and ``report`` without ``--meeting-date`` make visibly marked drafts;
    the preparer sees which ones, and what each lacks, before the files go to a meeting, and
    the manifest says so too."""
    from yhdyspinta_docs._assets import example_plan_path

    monkeypatch.chdir(tmp_path)
    plan = str(example_plan_path("pohjanmaa"))
    key = ["--key", str(tmp_path / "k.key")]
    code, out, err = _run(["build", plan, "--for-each-party", "--drafts", "--out", "out",
                           *key], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert ("decision  out/paatosehdotus_kaskinen_sv.docx  [draft: sammanträdesdatum saknas; "
            "föredragande saknas]") in lines
    assert "decision  out/paatosehdotus_hyvinvointialue_fi.docx" in lines  # ready: no mark
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    extra = {f["path"]: f.get("extra", {}) for f in manifest["files"]}
    assert extra["paatosehdotus_kaskinen_fi.docx"] == {
        "draft": "kokouspäivä puuttuu; esittelijä puuttuu"}
    assert "draft" not in extra["paatosehdotus_hyvinvointialue_fi.docx"]
    code, _, err = _run(["matrix", plan, "--out", "koottu.xlsx", "--period", "2026", *key],
                        capsys)
    assert code == 0, err
    code, out, err = _run(["report", plan, "--followup", "koottu.xlsx", "--out", "r", *key],
                          capsys)
    assert code == 0, err
    assert any(line.startswith("decision  r/paatosehdotus_seurantaraportti_2026_fi.docx  "
                               "[draft: kokouspäivä puuttuu") for line in out.splitlines()), out


def test_every_out_option_has_the_short_form_o(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    # -o is what a shell user types first; every command that writes somewhere takes it
    import click

    from yhdyspinta_docs.cli import cli

    with_out = {name: opt.opts for name, command in cli.commands.items()
                for opt in command.params
                if isinstance(opt, click.Option) and "--out" in opt.opts}
    assert {"build", "collect", "report", "matrix", "decisions"} <= set(with_out)
    assert all("-o" in opts for opts in with_out.values()), with_out
    code, out, err = _run(["build", "-o", "kokous"], capsys)
    assert code == 0, err
    assert (tmp_path / "kokous" / "manifest.json").is_file()
    assert not (tmp_path / "out").exists()


def test_check_template_tells_to_fix_and_check_again_build_that_nothing_was_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "paatos.docx"
    bad.write_text("not a document", "utf-8")
    code, _, err = _run(["check-template", str(bad), "--kind", "decision"], capsys)
    assert code == 3
    assert err.startswith("Error: template paatos.docx (decision) cannot be used: 1 problem(s); "
                          "fix it and check it again (variables: docs/templates.md)"), err
    code, _, err = _run(["build", "--template", f"decision={bad}", "-o", "o"], capsys)
    assert code == 3
    assert "1 problem(s); nothing was written. Fix it and check it with 'yhdyspinta-docs " \
           f"check-template {bad}'" in err, err


def test_init_templates_copies_the_bundled_templates_to_restyle(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from yhdyspinta_docs._assets import TEMPLATE_FILES, default_template

    code, out, err = _run(["init", "kainuu", "--region", "Kainuu", "--templates"], capsys)
    assert code == 0, err
    folder = tmp_path / "kainuu" / "templates"
    for kind, name in TEMPLATE_FILES.items():
        assert (folder / name).read_bytes() == default_template(kind).read_bytes()
    assert "wrote     kainuu/templates/decision.docx" in out
    assert _run(["check-template", str(folder / "decision.docx")], capsys)[0] == 0
    # a region that has its plan already gets the templates and keeps its plan
    plan = tmp_path / "kainuu" / "plan.yaml"
    plan.write_text("alue: Kainuu\n", "utf-8")
    (folder / "plan.docx").write_bytes(b"restyled")
    code, _, err = _run(["init", "kainuu", "--templates"], capsys)
    assert code == 6 and "nothing was copied (--force replaces them)" in err
    assert (folder / "plan.docx").read_bytes() == b"restyled"  # nothing lost
    for name in TEMPLATE_FILES.values():
        (folder / name).unlink()
    code, out, err = _run(["init", "kainuu", "--templates"], capsys)
    assert code == 0, err
    assert plan.read_text("utf-8") == "alue: Kainuu\n" and "kept      kainuu/plan.yaml" in out


def test_a_date_is_taken_as_finnish_text_writes_it_too() -> None:
    import datetime as dt

    from yhdyspinta_docs._cli_support import parse_date

    assert parse_date("2.3.2026") == parse_date("2026-03-02") == dt.date(2026, 3, 2)
    assert parse_date(" 31.12.2027 ") == dt.date(2027, 12, 31)
    for wrong in ("31.2.2026", "2.3.26", "2026/03/02"):
        with pytest.raises(Exception, match="write the date as year-month-day"):
            parse_date(wrong)
