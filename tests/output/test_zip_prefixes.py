"""Archives that start alike: the leading members deflated once, the bytes unchanged."""

from __future__ import annotations

import io
import zipfile

import pytest

from yhdyspinta_docs.output._zip import ZipPrefixes, zip_members

PARTS = [
    ("[Content_Types].xml", b"<Types/>"),
    ("word/styles.xml", b"<w:styles>" + b"<w:style w:styleId='x'/>" * 300 + b"</w:styles>"),
    ("word/theme/theme1.xml", "teema äöå".encode() * 500),
    ("word/document.xml", b"<w:document>" + b"<w:t>hyvinvointialue</w:t>" * 400
     + b"</w:document>"),
    ("docProps/core.xml", b"<cp:coreProperties/>"),
]


@pytest.mark.parametrize("prefix", range(len(PARTS) + 1))
def test_a_kept_prefix_gives_the_bytes_of_writing_every_member_at_once(prefix: int) -> None:
    kept = ZipPrefixes()
    whole = zip_members(PARTS, 9)
    assert zip_members(PARTS, 9, prefix=prefix, kept=kept) == whole  # the prefix made
    assert zip_members(PARTS, 9, prefix=prefix, kept=kept) == whole  # the prefix reused
    with zipfile.ZipFile(io.BytesIO(whole)) as archive:
        assert archive.testzip() is None
        assert [(n, archive.read(n)) for n in archive.namelist()] == PARTS


def test_archives_with_other_leading_members_do_not_mix() -> None:
    kept = ZipPrefixes(size=2)
    other = [(PARTS[0][0], b"<Types><Default Extension='png'/></Types>"), *PARTS[1:]]
    for parts in (PARTS, other, PARTS, other):
        data = zip_members(parts, 9, prefix=3, kept=kept)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert [(n, archive.read(n)) for n in archive.namelist()] == parts


def test_only_the_last_few_prefixes_are_kept() -> None:
    kept = ZipPrefixes(size=2)
    for n in range(5):
        parts = [(f"part{n}.xml", f"<a>{n}</a>".encode()), *PARTS]
        assert zip_members(parts, 6, prefix=1, kept=kept) == zip_members(parts, 6)
    assert len(kept) == 2
