"""Convert documents to PDF with LibreOffice (``soffice --headless``).

One ``soffice`` call converts a whole batch, with its own throw-away user profile (two
LibreOffice processes sharing a profile block or break each other, so conversions running at
the same time, e.g. in parallel test workers, never share one) and ``--norestore``. Success
is judged by the output files, not the exit code: LibreOffice returns 0 without writing
anything for a broken .docx.

PDFs are exported tagged and PDF/UA-flagged (as the accessibility annex of SFS 2487:2024
asks) through the JSON filter-option syntax of LibreOffice ≥ 7.4; with an older LibreOffice
the plain ``pdf`` export is used.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from ..errors import ConversionError

__all__ = ["INSTALL_HINT", "convert_to_pdf", "soffice_path", "soffice_version"]

INSTALL_HINT = "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui"

TAGGED_PDF_FILTER = (
    'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
    '"PDFUACompliance":{"type":"boolean","value":"true"}}'
)
PLAIN_PDF_FILTER = "pdf"
_OOXML = (".docx", ".xlsx", ".pptx", ".odt", ".ods")
_JSON_FILTER_OPTIONS_SINCE = (7, 4)  # JSON filter options on the command line


def soffice_path() -> str | None:
    """The LibreOffice executable (``soffice`` or ``libreoffice`` on PATH), or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


@lru_cache(maxsize=4)
def soffice_version(executable: str) -> tuple[int, ...] | None:
    """The version of `executable` as a tuple, e.g. ``(7, 4, 7, 2)``, or None if unknown."""
    try:
        done = subprocess.run(
            [executable, "--version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"(\d+)\.(\d+)(?:\.(\d+))?(?:\.(\d+))?", done.stdout)
    if not match:
        return None
    return tuple(int(part) for part in match.groups() if part is not None)


def _pdf_filter(executable: str) -> str:
    version = soffice_version(executable)
    if version is not None and version[:2] >= _JSON_FILTER_OPTIONS_SINCE:
        return TAGGED_PDF_FILTER
    return PLAIN_PDF_FILTER


def convert_to_pdf(paths: Sequence[Path], outdir: Path, *, timeout: float = 300) -> list[Path]:
    """Convert `paths` (.docx, .xlsx, …) to PDFs in `outdir`; return the PDF paths in order.

    Raises :class:`ConversionError` if LibreOffice is missing, times out, or leaves any PDF
    missing or empty. Existing PDFs of the same names in `outdir` are replaced.
    """
    if not paths:
        return []
    executable = soffice_path()
    if executable is None:
        raise ConversionError(
            "LibreOffice (soffice) is not installed or not on PATH; PDF conversion needs it.\n"
            f"Install it, e.g.: {INSTALL_HINT}"
        )
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
    outdir = Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    targets = [outdir / f"{stem}.pdf" for stem in stems]
    for target in targets:  # a stale PDF must not pass for a fresh one
        target.unlink(missing_ok=True)

    with tempfile.TemporaryDirectory(prefix="yhdyspinta-lo-") as profile:
        command = [
            executable,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            _pdf_filter(executable),
            "--outdir",
            str(outdir),
            *map(str, sources),
        ]
        env = dict(os.environ)
        env.setdefault("HOME", profile)  # LibreOffice wants a writable home
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
                cwd=profile,
                env=env,
            )
        except subprocess.TimeoutExpired as exc:
            raise ConversionError(
                f"LibreOffice did not finish converting {len(sources)} file(s) in {timeout:g} s"
            ) from exc
        except OSError as exc:
            raise ConversionError(f"cannot run {executable}: {exc}") from exc

    missing = [
        source.name
        for source, target in zip(sources, targets, strict=True)
        if not target.is_file() or target.stat().st_size == 0
    ]
    if missing:
        details = (done.stderr or done.stdout).strip()
        raise ConversionError(
            f"LibreOffice (exit code {done.returncode}) made no PDF for: {', '.join(missing)}"
            + (f"\n{details}" if details else "")
            + "\nThe file may be damaged; open it in Word or LibreOffice to check."
        )
    return targets
