"""The deterministic zip writer writes what zipfile writes, byte for byte, and reads back."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from yhdyspinta_docs.output import _zip as ziparchive
from yhdyspinta_docs.output._zip import FIXED_ZIP_TIME, deflate, write_zip, zip_members


def reference(parts: list[tuple[str, bytes]], level: int) -> bytes:
    """The documented equivalent: zipfile with a fixed date, mode 0644, made on Unix."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, data, compresslevel=level)
    return out.getvalue()


names = st.text(st.characters(codec="utf-8", exclude_characters="\x00/\\"), min_size=1,
                max_size=30).map(lambda s: f"d/{s}.xml")
contents = (st.binary(max_size=3000)
            | st.text(max_size=3000).map(lambda s: s.encode("utf-8"))
            | st.tuples(st.sampled_from([b"<w:p>a</w:p>", b"\x00", b"xyz" * 7]),
                        st.integers(1, 30000)).map(lambda t: t[0] * t[1]))


@given(st.lists(st.tuples(names, contents), max_size=6, unique_by=lambda p: p[0]),
       st.sampled_from([1, 6, 9]))
@example([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>" * 500)],
         9)
@example([("jäsenet/Åland.xml", "ä".encode() * 70000)], 6)  # non-ASCII name; 140 KB
@example([], 6)
def test_same_bytes_as_zipfile(parts: list[tuple[str, bytes]], level: int) -> None:
    archive = zip_members(parts, level)
    assert archive == reference(parts, level)
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        assert z.testzip() is None
        assert [(i.filename, z.read(i)) for i in z.infolist()] == parts
        assert {i.date_time for i in z.infolist()} <= {FIXED_ZIP_TIME}


def test_a_member_deflated_once_is_written_into_many_archives() -> None:
    shared = deflate(b"<w:styles/>" * 300, 9)
    first = write_zip([("a.xml", deflate(b"<a/>", 9)), ("styles.xml", shared)])
    second = write_zip([("b.xml", deflate(b"<b/>", 9)), ("styles.xml", shared)])
    assert first == reference([("a.xml", b"<a/>"), ("styles.xml", b"<w:styles/>" * 300)], 9)
    assert second == reference([("b.xml", b"<b/>"), ("styles.xml", b"<w:styles/>" * 300)], 9)


def test_archives_too_large_for_the_short_layout_are_written_by_zipfile(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parts = [("a.xml", b"<a/>" * 1000), ("b.xml", b"<b/>")]
    used = []
    original = ziparchive._with_zipfile

    def spy(members: list[tuple[str, ziparchive.Member]]) -> bytes:
        used.append(len(members))
        return original(members)

    monkeypatch.setattr(ziparchive, "_with_zipfile", spy)
    assert zip_members(parts, 6) == reference(parts, 6)
    assert used == []
    monkeypatch.setattr(ziparchive, "_LIMIT", 1000)  # as if the archive were over 2 GiB
    assert zip_members(parts, 6) == reference(parts, 6)
    assert used == [2]


@pytest.mark.parametrize("sep", ["/", "\\"])
def test_names_are_stored_as_zipfile_stores_them(sep: str, monkeypatch: pytest.MonkeyPatch
                                                 ) -> None:
    """On Windows a path separator becomes "/" (as zipfile does); a NUL ends a name."""
    import os

    monkeypatch.setattr(os, "sep", sep)
    parts = [("julkinen\\paatos.pdf", b"%PDF"), ("a.xml\0roskaa", b"<a/>")]
    archive = zip_members(parts, 6)
    assert archive == reference(parts, 6)
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        expected = "julkinen/paatos.pdf" if sep == "\\" else "julkinen\\paatos.pdf"
        assert z.namelist() == [expected, "a.xml"]
