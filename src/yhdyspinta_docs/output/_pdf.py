"""Convert documents to PDF with LibreOffice (``soffice --headless``), several instances at once.

A conversion splits its files evenly over as many LibreOffice instances as the machine has
cores to spare (:func:`pdf_workers`), one batch call each, so two cores convert a meeting
package in a little more than half the time of one call. Every instance gets its own
throw-away user profile (two LibreOffice processes sharing a profile block or break each
other) and ``--norestore``. :func:`start_conversion` returns at once, so the caller can go on
working while LibreOffice converts; :meth:`Conversion.wait` collects the result.

LibreOffice needs about a second to start before it converts anything. :func:`start_office`
starts the instances before the documents exist (each with its profile and no file); a
conversion started later with the same profile is handed over by LibreOffice to the instance
already running (its documented single-instance behaviour), which converts the files and exits.
So the start-up runs while the caller still makes the documents. Should the hand-over not
happen (the first instance was not ready yet), the second process converts the files itself:
the result is the same, only later.

Success is judged by the output files, not the exit code: LibreOffice returns 0 without
writing anything for a broken .docx. When one instance fails, the PDFs the others made stay
in the output folder and the error names exactly the files that have no PDF. An interrupt
(Ctrl-C) or any other error while waiting stops every instance and its child processes.

PDFs are exported tagged and PDF/UA-flagged (as the accessibility annex of SFS 2487:2024
asks) through the JSON filter-option syntax of LibreOffice 7.4 and newer; an older
LibreOffice ignores the options and writes a plain PDF, so no version probe is needed. With
`pdfa`, the same export is PDF/A-2b as well (:data:`PDFA_FILTER`, :mod:`._pdfa`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConversionError
from ._processes import (
    MAX_WORKERS,
    new_profile,
    pdf_workers,
    popen_office,
    split_by_size,
    stop_processes,
)

__all__ = [
    "INSTALL_HINT",
    "Conversion",
    "convert_to_pdf",
    "Office",
    "PDF_TIMEOUT",
    "PDFA_FILTER",
    "SLOW_NOTICE",
    "pdf_workers",
    "soffice_path",
    "start_conversion",
    "start_office",
]

INSTALL_HINT = "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui"
PDF_TIMEOUT = 300.0
"""Seconds a conversion may take before LibreOffice is stopped (by default)."""
SLOW_NOTICE = 60.0
"""Seconds of converting after which :attr:`Office.on_slow` is told (a conversion of a
meeting's documents takes a few)."""

TAGGED_PDF_FILTER = (
    'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
    '"PDFUACompliance":{"type":"boolean","value":"true"}}'
)
PDFA_FILTER = (
    'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},'
    '"UseTaggedPDF":{"type":"boolean","value":"true"},'
    '"PDFUACompliance":{"type":"boolean","value":"true"}}'
)
"""The tagged PDF/UA export as PDF/A-2b (archival; :mod:`._pdfa` makes its bytes stable)."""
_OOXML = (".docx", ".xlsx", ".pptx", ".odt", ".ods")


def soffice_path() -> str | None:
    """The LibreOffice executable (``soffice`` or ``libreoffice`` on PATH), or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


@dataclass
class _Instance:
    process: subprocess.Popen[bytes]
    sources: list[Path]
    profile: tempfile.TemporaryDirectory[str]
    log: Path
    server: subprocess.Popen[bytes] | None = None
    """The instance started ahead by :func:`start_office` with the same profile, if any."""

    def processes(self) -> list[subprocess.Popen[bytes]]:
        return [self.process] + ([self.server] if self.server else [])


@dataclass
class _Server:
    process: subprocess.Popen[bytes]
    profile: tempfile.TemporaryDirectory[str]
    log: Path


@dataclass
class Office:
    """LibreOffice instances started ahead, waiting for :meth:`convert` (one conversion).

    Made by :func:`start_office`. Used as a context manager, it stops every instance that no
    conversion took over (when the block ends, or fails, Ctrl-C included).
    """

    executable: str
    servers: list[_Server] = field(default_factory=list)
    on_slow: Callable[[float], object] | None = None
    """Called once with the seconds waited when the conversion still runs after
    :data:`SLOW_NOTICE` seconds (a command that says nothing otherwise tells its log)."""

    def __enter__(self) -> Office:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def convert(self, paths: Sequence[Path], outdir: Path, *,
                timeout: float = PDF_TIMEOUT, pdfa: bool = False) -> Conversion:
        """Start converting `paths` to PDFs in `outdir` on the instances started ahead.

        Like :func:`start_conversion` (`pdfa`: PDF/A-2b); the files are split over the
        instances (over fewer when there are fewer files, the others are stopped). The
        conversion takes the instances over: it stops them when it ends.
        """
        servers, self.servers = self.servers, []
        try:
            conversion = _conversion(_executable(), paths, outdir, timeout, len(servers),
                                     servers, PDFA_FILTER if pdfa else TAGGED_PDF_FILTER)
            conversion.on_slow = self.on_slow
            return conversion
        except BaseException:
            stop_processes([s.process for s in servers], [s.profile for s in servers])
            raise

    def stop(self) -> None:
        """Stop the instances no conversion took over and remove their profiles."""
        servers, self.servers = self.servers, []
        stop_processes([s.process for s in servers], [s.profile for s in servers])


def start_office(workers: int | None = None, *, files: int | None = None) -> Office:
    """Start LibreOffice instances that wait for the documents of one conversion.

    `workers` is the number of instances (default :func:`pdf_workers` of `files`, the number
    of files expected). Raises :class:`ConversionError` at once if LibreOffice is missing.
    """
    executable = _executable()
    office = Office(executable)
    count = workers if workers is not None else pdf_workers(files if files else MAX_WORKERS)
    try:
        for _ in range(max(1, count)):
            profile, home, log, env = new_profile()
            args = [f"-env:UserInstallation={(home / 'profile').as_uri()}", "--headless",
                    "--norestore", "--nolockcheck"]
            process = popen_office(executable, args, home, log, env, profile)
            office.servers.append(_Server(process, profile, log))
    except BaseException:
        office.stop()
        raise
    return office


@dataclass
class Conversion:
    """A running conversion: LibreOffice instances working in the background.

    Call :meth:`wait` (or use it as a context manager, which stops the instances if the
    block fails) to get the PDFs.
    """

    sources: list[Path]
    targets: list[Path]
    timeout: float
    started: float
    instances: list[_Instance] = field(default_factory=list)
    names: dict[Path, str] = field(default_factory=dict)
    """How an error names a source (default: its file name), e.g. the document it is a copy
    of; also in LibreOffice's output quoted."""
    keeps_pdfs: bool = True
    on_slow: Callable[[float], object] | None = None
    """See :attr:`Office.on_slow`."""
    """Whether the PDFs made stay in the output folder when another file fails (False when the
    caller discards them all, as a build does)."""

    def __enter__(self) -> Conversion:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def wait(self) -> list[Path]:
        """Wait for every instance; return the PDF paths in the order of the sources.

        Raises :class:`ConversionError` naming the files without a PDF (the PDFs of the other
        files are kept) or when the time limit passes. Any exception while waiting, Ctrl-C
        included, stops every instance first.
        """
        notify = self.on_slow
        told = notify is None
        try:
            for inst in self.instances:
                while True:
                    elapsed = time.monotonic() - self.started
                    left = self.timeout - elapsed
                    step = left if told else min(left, SLOW_NOTICE - elapsed)
                    try:
                        inst.process.wait(timeout=max(step, 0.01))
                        break
                    except subprocess.TimeoutExpired as exc:
                        if notify is not None and not told and step < left:  # say so, wait on
                            told = True
                            notify(time.monotonic() - self.started)
                            continue
                        raise ConversionError(
                            f"LibreOffice did not finish converting {len(self.sources)} "
                            f"file(s) in {self.timeout:g} s") from exc
        except BaseException:
            self.stop()
            raise
        try:
            return self._result()
        finally:
            self.stop(background=True)

    def _result(self) -> list[Path]:
        done = dict(zip(self.sources, self.targets, strict=True))
        missing: list[str] = []
        details: list[str] = []
        failed = False
        for inst in self.instances:
            lost = [s for s in inst.sources if not _made(done[s])]
            if lost:
                missing += [self.names.get(s, s.name) for s in lost]
                failed = failed or inst.process.returncode != 0
                log = inst.log.read_text("utf-8", "replace").strip()
                for source in sorted(inst.sources, key=lambda s: -len(str(s))):
                    log = log.replace(str(source), self.names.get(source, source.name))
                details.append(f"LibreOffice (exit code {inst.process.returncode}) made no PDF "
                               f"for: {', '.join(self.names.get(s, s.name) for s in lost)}"
                               + (f"\n{log}" if log else ""))
        if missing:
            kept = len(self.sources) - len(missing)
            made = (f"\nThe {kept} other PDF(s) were made." if self.keeps_pdfs
                    else "\nNo PDF was written.") if kept else ""
            hint = ("LibreOffice itself failed: its output above says why; check that "
                    "'soffice --headless --convert-to pdf FILE' works" if failed else
                    "The file may be damaged; open it in Word or LibreOffice to check")
            raise ConversionError("\n".join(details) + made + f"\n{hint}.")
        return self.targets

    def stop(self, *, background: bool = False) -> None:
        """Stop every instance still running (and its children) and remove the profiles.

        With `background`, the profiles are removed by a thread while the caller goes on
        (Python waits for it before it exits).
        """
        stop_processes([p for i in self.instances for p in i.processes()],
              [i.profile for i in self.instances], background=background)


def _made(target: Path) -> bool:
    return target.is_file() and target.stat().st_size > 0


def _check_sources(paths: Sequence[Path]) -> list[Path]:
    sources = [Path(p).resolve() for p in paths]
    for source in sources:
        if not source.is_file():
            raise ConversionError(f"{source}: no such file to convert")
        # -- LibreOffice would quietly import any non-package file as plain text (rc 0) --
        if source.suffix.lower() in _OOXML and not zipfile.is_zipfile(source):
            raise ConversionError(f"{source.name}: is not a {source.suffix} document (not a "
                                  "zip package); nothing converted")
    stems = [s.stem for s in sources]
    if len(set(stems)) != len(stems):
        raise ConversionError(
            "two inputs have the same name and would overwrite each other's PDF: "
            + ", ".join(sorted({s.name for s in sources if stems.count(s.stem) > 1}))
        )
    return sources


def _executable() -> str:
    executable = soffice_path()
    if executable is None:
        raise ConversionError(
            "LibreOffice (soffice) is not installed or not on PATH; PDF conversion needs it.\n"
            f"Install it, e.g.: {INSTALL_HINT}"
        )
    return executable


def start_conversion(paths: Sequence[Path], outdir: Path, *, timeout: float = PDF_TIMEOUT,
                     workers: int | None = None, pdfa: bool = False) -> Conversion:
    """Start converting `paths` (.docx, .xlsx, …) to PDFs in `outdir` and return at once.

    `workers` is the number of LibreOffice instances (default :func:`pdf_workers`); `pdfa`
    exports PDF/A-2b (:data:`PDFA_FILTER`), still tagged for PDF/UA. Existing
    PDFs of the same names in `outdir` are removed first, so a stale PDF never passes for a
    fresh one. Raises :class:`ConversionError` at once if LibreOffice is missing or an input
    is not a document.
    """
    return _conversion(_executable(), paths, outdir, timeout, workers, [],
                       PDFA_FILTER if pdfa else TAGGED_PDF_FILTER)


def _conversion(executable: str, paths: Sequence[Path], outdir: Path, timeout: float,
                workers: int | None, servers: list[_Server], export: str) -> Conversion:
    """Start the batch calls; those with a server started ahead hand their files to it."""
    sources = _check_sources(paths)
    outdir = Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    targets = [outdir / f"{s.stem}.pdf" for s in sources]
    for target in targets:
        target.unlink(missing_ok=True)
    conversion = Conversion(sources, targets, timeout, time.monotonic())
    servers = list(servers)
    count = workers if workers is not None else pdf_workers(len(sources))
    try:
        for group in split_by_size(sources, max(1, min(count, len(sources)))) if sources else []:
            server = servers.pop(0) if servers else None
            conversion.instances.append(_start(executable, group, outdir, export, server))
    except BaseException:
        conversion.stop()
        raise
    finally:  # instances started ahead that got no files
        stop_processes([s.process for s in servers], [s.profile for s in servers])
    return conversion


def _start(executable: str, sources: list[Path], outdir: Path, export: str,
           server: _Server | None = None) -> _Instance:
    """One batch call converting `sources` with the filter `export`; handed to `server` (same
    profile) if given."""
    if server is None:
        profile, home, log, env = new_profile()
    else:
        profile, home, log = server.profile, Path(server.profile.name), server.log
        env = dict(os.environ)
        env.setdefault("HOME", str(home))
    args = [
        f"-env:UserInstallation={(home / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        export,
        "--outdir",
        str(outdir),
        *map(str, sources),
    ]
    try:
        process = popen_office(executable, args, home, log, env, profile)
    except BaseException:
        if server is not None:
            stop_processes([server.process], [])
        raise
    return _Instance(process, sources, profile, log,
                     server.process if server is not None else None)


def convert_to_pdf(paths: Sequence[Path], outdir: Path, *, timeout: float = PDF_TIMEOUT,
                   workers: int | None = None) -> list[Path]:
    """Convert `paths` (.docx, .xlsx, …) to PDFs in `outdir`; return the PDF paths in order.

    Raises :class:`ConversionError` if LibreOffice is missing, times out, or leaves any PDF
    missing or empty. Existing PDFs of the same names in `outdir` are replaced.
    """
    return start_conversion(paths, outdir, timeout=timeout, workers=workers).wait()
