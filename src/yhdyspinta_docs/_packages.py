"""The meeting packages of a build: zips of documents with their manifest, ready to send.

``kokouspaketti.zip`` (a Swedish plan's ``motespaket.zip``) holds every document of the
build and ``manifest.json``, for the county's case-management system. A build for every
party also packs each party's own meeting: ``kokouspaketit/kokouspaketti_<party>.zip``
holds the documents that party's board handles (its decision proposal, its plan attachment,
their PDFs and web versions and the proposal's open data) with a manifest of just those,
so the coordinator sends each party one file and no party gets another's proposal. The
matrices are not in a party's package: they go out for the follow-up, not to the meeting.

A package of an earlier build that no longer holds what the folder has now is warned of,
since it is the file that gets sent on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ._names import file_names
from .errors import OutputError
from .output._files import (
    ManifestEntry,
    OutputFile,
    entry_of,
    manifest_bytes,
    package_manifest,
    refuse_links,
    write_atomic,
)
from .output._package import meeting_package, our_package_files, stale_package
from .plan import PlanFile

__all__ = ["Packages", "party_documents", "stale_packages", "write_packages"]

_MEETING_KINDS = ("decision", "plan", "opendata")
"""The kinds of document a party's board handles (the matrices go out for the follow-up)."""


@dataclass(frozen=True)
class Packages:
    """The packages a build wrote: the whole build's, then each party's (by party id)."""

    whole: Path
    parties: dict[str, Path]


def party_documents(outputs: Sequence[OutputFile], lead: str) -> dict[str, list[OutputFile]]:
    """The documents of each party's meeting, by party id: its proposal, its plan attachment
    (the county's, `lead`'s, is the one made for no party), their PDFs and web versions, and
    the open data of its proposal (not the approval round's, which is every party's)."""
    proposals = {PurePosixPath(f.path).stem for f in outputs if f.kind == "decision"}
    found: dict[str, list[OutputFile]] = {}
    for f in outputs:
        if f.kind not in _MEETING_KINDS:
            continue
        if f.kind == "opendata" and PurePosixPath(f.path).stem not in proposals:
            continue
        found.setdefault(f.party or lead, []).append(f)
    return found


def _package_paths(pf: PlanFile, parties: Sequence[str]) -> dict[str, str]:
    """Each party's package, relative to the output folder (``kokouspaketit/
    kokouspaketti_jamsa.zip``)."""
    stem = PurePosixPath(file_names(pf)["package"]).stem
    return {party: f"{file_names(pf)['packages']}{stem}_{party}.zip" for party in parties}


def write_packages(outdir: Path, manifest: Path, outputs: Sequence[OutputFile], pf: PlanFile,
                   *, generator: str, plan: dict[str, str], for_each_party: bool,
                   force: bool = False) -> Packages:
    """Write the whole build's package next to `manifest` (what `outputs` wrote into
    `outdir`) and, `for_each_party`, every party's own package. A package that exists is
    replaced only if it is one of ours, or with `force`; every target is checked before the
    first is written."""
    whole = file_names(pf)["package"]
    by_party = party_documents(outputs, pf.lead.id) if for_each_party else {}
    paths = _package_paths(pf, sorted(by_party))
    targets = [whole, *paths.values()]
    refuse_links(outdir, targets)
    if not force:
        for relative in targets:
            target = outdir / relative
            if target.exists() and our_package_files(target) is None:
                raise OutputError(f"{target}: exists and is not a package made by this tool; "
                                  "use force=True (--force) to replace it")
    when = pf.dated
    files = [(f.path, f.data) for f in outputs]
    files.append(("manifest.json", package_manifest(manifest.read_bytes())))
    write_atomic(outdir / whole, meeting_package(files, when), force=True, root=outdir)
    written: dict[str, Path] = {}
    for party, relative in paths.items():
        docs = by_party[party]
        own = manifest_bytes([entry_of(f) for f in docs], generator=generator, plan=plan)
        data = meeting_package([*((f.path, f.data) for f in docs), ("manifest.json", own)],
                               when)
        write_atomic(outdir / relative, data, force=True, root=outdir)
        written[party] = outdir / relative
    return Packages(outdir / whole, written)


def stale_packages(outdir: Path, entries: Sequence[ManifestEntry], pf: PlanFile, *,
                   written: Packages | None = None) -> list[str]:
    """Warnings for packages of an earlier build in `outdir` that do not hold what this build
    wrote (`entries`): the whole build's, and each party's whose documents this build made
    again with another content or made anew. The packages this build `written` are left out."""
    warnings = []
    whole = file_names(pf)["package"]
    done = {written.whole, *written.parties.values()} if written else set()
    if outdir / whole not in done and (stale := stale_package(outdir, entries, whole)):
        warnings.append(stale)
    lead = pf.lead.id
    mine: dict[str, dict[str, str]] = {}
    proposals = {PurePosixPath(e.path).stem for e in entries if e.kind == "decision"}
    for e in entries:
        if e.kind in _MEETING_KINDS and (e.kind != "opendata"
                                         or PurePosixPath(e.path).stem in proposals):
            mine.setdefault(e.party or lead, {})[e.path] = e.sha256
    for party, relative in _package_paths(pf, [p.id for p in pf.parties]).items():
        if outdir / relative in done:
            continue
        packed = our_package_files(outdir / relative)
        current = mine.get(party, {})
        if packed is None or not current:
            continue  # none, not ours, or a party this build made nothing for
        if any(packed.get(path) != sha for path, sha in current.items()) or any(
                current.get(path, sha) != sha for path, sha in packed.items()):
            warnings.append(f"{outdir / relative}: is {party}'s meeting package of an earlier "
                            "build and does not hold the documents written now; make it again "
                            "(--zip), or remove it before sending it")
    return warnings

