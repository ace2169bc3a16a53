"""check-accessibility reads files from anywhere: a file it cannot check is one line naming it
and why, never a traceback or a hang, and the other files are checked all the same.

Hostile and broken inputs: DTDs and entities in a workbook's or a document's XML, a named pipe
(FIFO) given or found in a folder, a device, symbolic links (to a pipe, outside the folder, to
nothing, to themselves), files over the size bound, zip bombs, damaged files.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook

from yhdyspinta_docs.cli import main
from yhdyspinta_docs.matrix._guard import MAX_FILE_BYTES
from yhdyspinta_docs.output import check_accessibility
from yhdyspinta_docs.output._accessibility_read import MAX_DOCUMENT_BYTES

ENTITY = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
# the package of this checkout, also where the installed one is another checkout's
ENV = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2] / "src"))


def _workbook(path: Path, title: str = "Seuranta") -> Path:
    wb = Workbook()
    wb.properties.title = title
    wb.active["A1"] = "Toimenpide"
    wb.save(path)
    return path


def _document(path: Path) -> Path:
    doc = Document()
    doc.core_properties.title = "Päätösehdotus"
    doc.add_paragraph("Yhdyspintasuunnitelma")
    doc.save(str(path))
    return path


def _rewrite(source: Path, target: Path, change: Callable[[str, bytes], bytes],
             extra: tuple[tuple[str, bytes], ...] = ()) -> Path:
    """`source` as a zip again at `target`, each member's bytes through `change`."""
    with zipfile.ZipFile(source) as zin, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, change(info.filename, zin.read(info.filename)))
        for name, data in extra:
            zout.writestr(name, data)
    return target


def _with_dtd(name: str, data: bytes, part: str) -> bytes:
    return ENTITY + data.split(b"?>", 1)[-1] if name == part else data


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    try:
        code = main(["check-accessibility", *argv])
    except BaseException as exc:  # a user would see a traceback
        pytest.fail(f"uncaught {type(exc).__name__}: {exc}")
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out.splitlines()


def _process(argv: list[str]) -> subprocess.CompletedProcess[str]:
    """The console command in its own process: a file that blocks is a timeout, not a hang."""
    done = subprocess.run([sys.executable, "-m", "yhdyspinta_docs", "check-accessibility",
                           *argv], capture_output=True, text=True, timeout=60, check=False,
                          env=ENV)
    assert "Traceback" not in done.stdout + done.stderr
    return done


def test_a_workbook_with_a_dtd_is_one_line_and_the_others_are_checked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The tester's acc/dtd.xlsx: a sheet with ``<!DOCTYPE x [<!ENTITY …>]>`` had openpyxl
    raise "Unable to read workbook" through the command as a traceback."""
    dtd = _rewrite(_workbook(tmp_path / "ok.xlsx"), tmp_path / "dtd.xlsx",
                   lambda n, d: _with_dtd(n, d, "xl/worksheets/sheet1.xml"))
    untitled = _workbook(tmp_path / "nimeton.xlsx", title="")
    code, lines = _cli([str(dtd), str(untitled)], capsys)
    assert code == 1
    assert lines == [
        f"{dtd}: Sheet: not checked: contains XML entity or DTD declarations, which a workbook "
        "saved by Excel or LibreOffice never has; refused",
        "nimeton.xlsx: the workbook has no title property"]


def test_a_document_with_a_dtd_or_an_entity_is_one_line(tmp_path: Path) -> None:
    base = _document(tmp_path / "ok.docx")
    dtd = _rewrite(base, tmp_path / "dtd.docx", lambda n, d: _with_dtd(n, d, "docProps/core.xml"))
    bare = _rewrite(base, tmp_path / "doctype.docx", lambda n, d: (
        b'<?xml version="1.0"?><!DOCTYPE w:document>' + d.split(b"?>", 1)[-1]
        if n == "word/document.xml" else d))
    why = ("not checked: an XML part has a DTD or entity declaration, which Word and Excel "
           "never write (a crafted file?); open it in Word and save it again")
    assert [str(i) for i in check_accessibility([base, dtd, bare])] == [
        f"{dtd}: {why}", f"{bare}: {why}"]


@needs_fifo
def test_a_named_pipe_is_named_never_opened(tmp_path: Path) -> None:
    """``mkfifo acc/f.xlsx; check-accessibility acc/f.xlsx`` waited for a writer forever."""
    fifo = tmp_path / "f.xlsx"
    os.mkfifo(fifo)
    (tmp_path / "kautta.docx").symlink_to(fifo)
    title = _workbook(tmp_path / "ok.xlsx", title="")
    done = _process([str(fifo), str(tmp_path / "kautta.docx"), str(title)])
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        f"{fifo}: is a named pipe (FIFO), not a regular file; not checked: give the document "
        "itself",
        f"{tmp_path / 'kautta.docx'}: is a named pipe (FIFO), not a regular file; not checked: "
        "give the document itself",
        "ok.xlsx: the workbook has no title property"]


@needs_fifo
def test_a_named_pipe_deep_in_a_folder_is_named_and_the_folder_checked(tmp_path: Path) -> None:
    public = tmp_path / "julkinen"
    (public / "sv" / "bilagor").mkdir(parents=True)
    _document(public / "paatos.docx")
    os.mkfifo(public / "sv" / "bilagor" / "putki.xlsx")
    os.mkfifo(public / ".piilo.pdf")  # hidden, as the folder's hidden files are
    (public / "sv" / "linkki.pdf").symlink_to(public / "sv" / "bilagor" / "putki.xlsx")
    done = _process([str(public)])
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        f"{public / 'sv' / 'bilagor' / 'putki.xlsx'}: is a named pipe (FIFO), not a regular "
        "file; not checked: give the document itself",
        f"{public / 'sv' / 'linkki.pdf'}: is a named pipe (FIFO), not a regular file; not "
        "checked: give the document itself"]


def test_a_device_is_named_never_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                      ) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    (tmp_path / "nollat.xlsx").symlink_to("/dev/zero")
    (tmp_path / "nollat.docx").symlink_to("/dev/zero")
    code, lines = _cli([str(tmp_path / "nollat.xlsx"), str(tmp_path / "nollat.docx")], capsys)
    assert code == 1
    assert lines == [f"{tmp_path / n}: is a device, not a regular file; not checked: give the "
                     "document itself" for n in ("nollat.xlsx", "nollat.docx")]


def test_links_in_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A link to a regular file is followed, also outside the folder (the file it leads to is
    checked under the link's name); a link to nothing or to itself is named."""
    elsewhere = tmp_path / "muualla"
    elsewhere.mkdir()
    _workbook(elsewhere / "nimeton.xlsx", title="")
    folder = tmp_path / "kansio"
    folder.mkdir()
    _document(folder / "ok.docx")
    (folder / "ulos.xlsx").symlink_to(elsewhere / "nimeton.xlsx")
    (folder / "ei-mitaan.docx").symlink_to(folder / "poistettu.docx")
    (folder / "silmukka.docx").symlink_to(folder / "silmukka.docx")
    code, lines = _cli([str(folder)], capsys)
    assert code == 1
    assert lines == [
        "ulos.xlsx: the workbook has no title property",
        f"{folder / 'ei-mitaan.docx'}: no such file; not checked",
        f"{folder / 'silmukka.docx'}: is a symbolic link that leads back to itself (a loop of "
        "links); point it at the real file; not checked"]


def test_a_file_over_the_bound_is_named_unread(tmp_path: Path) -> None:
    big_docx, big_xlsx, big_pdf = (tmp_path / n for n in ("iso.docx", "iso.xlsx", "iso.pdf"))
    for path, size in ((big_docx, MAX_DOCUMENT_BYTES), (big_xlsx, MAX_FILE_BYTES),
                       (big_pdf, MAX_DOCUMENT_BYTES)):
        with path.open("wb") as fh:  # sparse: nothing is written but the size
            fh.truncate(size + 1024 * 1024)
    assert [str(i) for i in check_accessibility([big_docx, big_xlsx, big_pdf])] == [
        f"{big_docx}: is 51.0 MB; not checked: a .docx file is checked up to 50 MB (compress "
        "or remove large pictures)",
        f"{big_xlsx}: is 21.0 MB; not checked: a .xlsx file is checked up to 20 MB (compress "
        "or remove large pictures)",
        f"{big_pdf}: is 51.0 MB; not checked: a .pdf file is checked up to 50 MB (compress or "
        "remove large pictures)"]


def test_zip_bombs_are_refused_from_the_zip_directory(tmp_path: Path) -> None:
    base = _document(tmp_path / "ok.docx")
    zeros = b"\0" * (6 * 1024 * 1024)  # packs to a few KB: over 500 times smaller
    bomb = _rewrite(base, tmp_path / "pommi.docx", lambda n, d: d,
                    (("word/media/image1.png", zeros),))
    many = tmp_path / "osia.docx"
    with zipfile.ZipFile(many, "w") as z:
        for n in range(1001):
            z.writestr(f"word/osa{n}.xml", b"")
    book = _rewrite(_workbook(tmp_path / "ok.xlsx"), tmp_path / "pommi.xlsx", lambda n, d: d,
                    (("xl/media/image1.png", zeros),))
    found = [str(i) for i in check_accessibility([bomb, many, book])]
    assert found[0].startswith(f"{bomb}: not checked: its part word/media/image1.png unpacks "
                               "to 6 MB from ")
    assert found[0].endswith("KB, which no Word document does (a zip bomb?): open it in Word "
                             "and save it again")
    assert found[1] == (f"{many}: not checked: it has 1001 parts, where a Word document has a "
                        "few dozen (a zip bomb?): open it in Word and save it again")
    assert found[2].startswith(f"{book}: not checked: unpacks to 6 MB from ")
    assert "(zip bomb?)" in found[2]
    assert len(found) == 3


def test_damaged_files_are_one_line_each(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    no_zip = tmp_path / "rikki.docx"
    no_zip.write_bytes(b"not a document")
    no_body = _rewrite(_document(tmp_path / "ok.docx"), tmp_path / "runko.docx", lambda n, d: (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
        if n == "word/document.xml" else d))
    # well-formed XML is all the workbook gate asks of a part; openpyxl asks for more
    styles = _rewrite(_workbook(tmp_path / "ok.xlsx"), tmp_path / "tyylit.xlsx",
                      lambda n, d: b"<styleSheet" if n == "xl/styles.xml" else d)
    empty = tmp_path / "tyhja.xlsx"
    empty.write_bytes(b"")
    code, lines = _cli([str(no_zip), str(no_body), str(styles), str(empty),
                        str(tmp_path / "ok.docx")], capsys)
    assert code == 1
    assert lines[:2] == [
        f"{no_zip}: cannot be read as .docx: File is not a zip file; open it in Word and save "
        "it again",
        f"{no_body}: cannot be read as .docx: word/document.xml has no body (w:body); open it "
        "in Word and save it again"]
    assert lines[2].startswith(f"{styles}: cannot be read as .xlsx: ")
    assert lines[2].endswith("; open it in Excel and save it again")
    assert lines[3:] == [f"{empty}: not checked: is empty (0 bytes)"]  # ok.docx: no finding
