"""The deterministic zip writer: same parts, same bytes; readable by zipfile and unzip."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import stat
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from yhdyspinta_docs.output._zip import FIXED_ZIP_TIME, zip_members

PARTS = [
    ("[Content_Types].xml", b"<Types/>"),
    ("word/document.xml", b"<w:document>" + b"<w:t>hyvinvointialue</w:t>" * 400
     + b"</w:document>"),
    ("jäsenet/Åland ja Öja.xml", "äöå€".encode() * 2000),  # non-ASCII name and content
    ("tyhjä", b""),
]


def test_same_parts_give_the_same_bytes_whatever_the_clock_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = zip_members(PARTS, 9)
    monkeypatch.setattr(time, "time", lambda: 2_000_000_000.0)
    monkeypatch.setattr(time, "localtime", lambda *_: time.struct_time(
        (2033, 5, 18, 3, 33, 20, 2, 138, 0)))
    assert zip_members(PARTS, 9) == first
    assert zip_members(iter(PARTS), 9) == first  # any iterable of (name, content)


def test_members_read_back_in_order_with_fixed_date_mode_and_utf8_names() -> None:
    archive = zip_members(PARTS, 6)
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        assert z.testzip() is None
        infos = z.infolist()
        assert [(i.filename, z.read(i)) for i in infos] == PARTS
        for info in infos:
            assert info.date_time == FIXED_ZIP_TIME
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert info.create_system == 3  # made on Unix: the mode below is meaningful
            assert stat.S_IMODE(info.external_attr >> 16) == 0o644
        åland = infos[2]
        assert åland.flag_bits & 0x800  # the name is stored as UTF-8 and flagged so
        assert "Åland ja Öja".encode() in archive
        assert not infos[0].flag_bits & 0x800  # a plain ASCII name needs no flag


def test_the_level_is_the_deflate_level() -> None:
    sizes = [len(zip_members(PARTS, level)) for level in (0, 1, 9)]
    assert sizes[0] > sizes[1] >= sizes[2]
    assert zip_members(PARTS, 1) != zip_members(PARTS, 9)
    for level in (0, 1, 9):
        with zipfile.ZipFile(io.BytesIO(zip_members(PARTS, level))) as z:
            assert [z.read(n) for n in z.namelist()] == [data for _, data in PARTS]


def test_no_parts_is_an_empty_archive() -> None:
    archive = zip_members([], 6)
    assert archive == b"PK\x05\x06" + b"\0" * 18
    assert zipfile.ZipFile(io.BytesIO(archive)).namelist() == []


@pytest.mark.skipif(shutil.which("unzip") is None, reason="unzip is not installed")
def test_unzip_extracts_the_files_with_their_names(tmp_path: Path) -> None:
    (tmp_path / "a.zip").write_bytes(zip_members(PARTS, 9))
    subprocess.run(["unzip", "-q", "a.zip", "-d", "x"], cwd=tmp_path, check=True,
                   capture_output=True)
    assert (tmp_path / "x" / "jäsenet" / "Åland ja Öja.xml").read_bytes() == PARTS[2][1]
    assert (tmp_path / "x" / "word" / "document.xml").read_bytes() == PARTS[1][1]


@pytest.mark.parametrize(("when", "stamp"), [
    (dt.date(2026, 3, 2), (2026, 3, 2, 0, 0, 0)),
    (dt.date(1979, 12, 31), FIXED_ZIP_TIME),  # a zip cannot store a date before 1980
    (dt.date(2108, 1, 1), FIXED_ZIP_TIME),  # nor after 2107
])
def test_members_may_carry_a_date_of_the_callers(when: dt.date, stamp: tuple[int, ...]
                                                  ) -> None:
    with zipfile.ZipFile(io.BytesIO(zip_members(PARTS, 6, when=when))) as z:
        assert {i.date_time for i in z.infolist()} == {stamp}
        assert [(i.filename, z.read(i)) for i in z.infolist()] == PARTS
