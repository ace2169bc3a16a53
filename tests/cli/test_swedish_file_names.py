"""A plan whose first language is Swedish is built into files and folders named in Swedish
(beslutsforslag_…, gransytsplan_sv, uppfoljningsmatris_…, offentlig/, oppna-data/,
motespaket.zip); a Finnish or Finnish-first plan keeps its Finnish names."""

from __future__ import annotations

from pathlib import Path

from helpers import KEY
from yhdyspinta_docs._build import BuildOptions, build, make_report
from yhdyspinta_docs.approvals import approval_documents
from yhdyspinta_docs.cli import main
from yhdyspinta_docs.plan import load_plan
from yhdyspinta_docs.word._check import sample_followup

ROOT = Path(__file__).resolve().parents[2]
SWEDISH = ROOT / "tests" / "data" / "vastra_nyland_sv.yaml"
FINNISH_WORDS = ("paatosehdotus", "yhdyspintasuunnitelma", "seuranta", "julkinen", "avoin-data",
                 "hyvaksyminen", "poytakirjanote", "kokouspaketti", "kausi")


def test_a_swedish_plans_build_is_named_in_swedish(tmp_path: Path) -> None:
    pf = load_plan(SWEDISH)
    result = build(pf, tmp_path, BuildOptions(key=KEY, for_each_party=True, drafts=True,
                                              public=True, zip=True))
    paths = {e.path for e in result.entries}
    lead = pf.lead.id
    assert {f"beslutsforslag_{lead}_sv.docx", f"offentlig/beslutsforslag_{lead}_sv.docx",
            "gransytsplan_sv.docx", "offentlig/gransytsplan_sv.docx", "uppfoljningsmatris.xlsx",
            f"uppfoljning/uppfoljningsmatris_{pf.parties[1].id}.xlsx",
            f"oppna-data/beslutsforslag_{lead}_sv.json"} <= paths
    assert result.package == tmp_path / "motespaket.zip" and result.package.is_file()
    assert result.party_packages[lead] == tmp_path / "motespaket" / f"motespaket_{lead}.zip"
    assert len(result.party_packages) == len(pf.parties)
    written = [str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")]
    assert not [p for p in written if any(w in p for w in FINNISH_WORDS)]


def test_its_report_approvals_and_matrices_too(tmp_path: Path) -> None:
    pf = load_plan(SWEDISH)
    report = {f.path for f in make_report(pf, sample_followup(pf)[0],
                                          BuildOptions(key=KEY, public=True))}
    assert {"uppfoljningsrapport_2026_sv.docx", "offentlig/uppfoljningsrapport_2026_sv.docx",
            "beslutsforslag_uppfoljningsrapport_2026_sv.docx"} <= report
    approvals = {f.path for f in approval_documents(pf, extracts=True, public=True)}
    assert {"godkannande_sv.docx", "godkannande_sv.xlsx", "offentlig/godkannande_sv.docx",
            "oppna-data/godkannande.json"} <= approvals
    assert any(p.startswith("protokollsutdrag_") for p in approvals) == bool(
        pf.decisions and pf.decisions.records)
    assert not [p for p in report | approvals if any(w in p for w in FINNISH_WORDS)]
    key = tmp_path / "plan.key"
    key.write_text(KEY.hex() + "\n")
    assert main(["matrix", str(SWEDISH), "--for-each-party", "--key", str(key),
                 "--out", str(tmp_path / "m")]) == 0
    assert sorted(p.name for p in (tmp_path / "m").iterdir()) == [
        f"uppfoljningsmatris_{p.id}.xlsx" for p in sorted(pf.parties, key=lambda p: p.id)]


def test_a_finnish_first_plan_keeps_its_finnish_names(tmp_path: Path) -> None:
    pf = load_plan(ROOT / "examples" / "pohjanmaa" / "plan.yaml")  # fi, sv
    result = build(pf, tmp_path, BuildOptions(key=KEY, public=True, zip=True))
    paths = {e.path for e in result.entries}
    assert {"yhdyspintasuunnitelma_fi.docx", "yhdyspintasuunnitelma_sv.docx",
            "julkinen/yhdyspintasuunnitelma_sv.docx", "seurantamatriisi.xlsx"} <= paths
    assert result.package == tmp_path / "kokouspaketti.zip"
