"""The on-disk cache of compiled template code: same output, never in the way."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import jinja2
import pytest
from docx import Document
from jinja2.bccache import bc_magic

from helpers import decision_context_data
from yhdyspinta_docs import codecache
from yhdyspinta_docs.errors import TemplateError
from yhdyspinta_docs.render import CompiledTemplate, DocProperties, render_docx
from yhdyspinta_docs.render import _environment as render_environment

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "decision.docx"
PROPS = DocProperties(title="Yhdyspintasuunnitelma", subject="Yhdyspintasuunnitelma",
                      author="Lasse Leppä", language="fi-FI", keywords="Aluehallitus",
                      created=dt.date(2026, 3, 3), category="Esityslista")
data = decision_context_data()


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(codecache.ENV_VAR, str(tmp_path / "cache"))
    return tmp_path / "cache" / "jinja"


def _entries(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.jinjacode")) if directory.is_dir() else []


def _uncached(monkeypatch: pytest.MonkeyPatch, template: Path | bytes = TEMPLATE) -> bytes:
    with monkeypatch.context() as patch:
        patch.setenv(codecache.ENV_VAR, "off")
        return render_docx(template, data.sample_context(), properties=PROPS)


def _no_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled although the code is in the cache")

    monkeypatch.setattr(jinja2.Environment, "compile", fail)


def _tiny(*paragraphs: str) -> bytes:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_cached_code_gives_the_bytes_of_compiled_code(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _uncached(monkeypatch)
    assert _entries(cache_dir) == []

    cold = CompiledTemplate(TEMPLATE).render(data.sample_context(), PROPS)
    # the decision template has a body, a header and a footer: one entry each
    assert len(_entries(cache_dir)) == 3
    _no_compiling(monkeypatch)
    warm = CompiledTemplate(TEMPLATE).render(data.sample_context(), PROPS)
    assert cold == warm == expected


def test_runtime_errors_name_the_line_from_cached_code(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = _tiny("Otsikko", "Teksti", "{{ puuttuu.arvo }}")
    messages = []
    for _ in range(2):  # compiled, then from the cache
        with pytest.raises(TemplateError) as info:
            CompiledTemplate(template, name="t.docx").render({}, PROPS)
        messages.append(str(info.value))
        _no_compiling(monkeypatch)
    assert messages[0] == messages[1]
    assert 'word/document.xml line 4 (near "{{ puuttuu.arvo }}")' in messages[0]


def test_a_syntax_error_is_reported_and_not_cached(cache_dir: Path) -> None:
    broken = _tiny("Otsikko", "{% if x %}ei loppua")
    for _ in range(2):
        with pytest.raises(TemplateError, match="syntax error") as info:
            CompiledTemplate(broken, name="rikki.docx")
        assert 'word/document.xml line 3 (near "{% if x %}ei loppua")' in str(info.value)
    # the header-less tiny document has one part, which does not compile: nothing kept
    assert _entries(cache_dir) == []


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not a cache entry",
        "truncated",
        "garbage after the header",
        "wrong checksum",
    ],
)
def test_damaged_entries_are_compiled_again(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes | str
) -> None:
    expected = _uncached(monkeypatch)
    CompiledTemplate(TEMPLATE)
    entries = _entries(cache_dir)
    good = {path: path.read_bytes() for path in entries}
    for path, content in good.items():
        if damage == "truncated":
            path.write_bytes(content[: len(content) // 2])
        elif damage == "garbage after the header":
            path.write_bytes(content[: len(bc_magic)] + b"\x00\xff" * 40)
        elif damage == "wrong checksum":
            path.write_bytes(good[entries[0]] if path != entries[0] else good[entries[1]])
        else:
            assert isinstance(damage, bytes)
            path.write_bytes(damage)
    assert CompiledTemplate(TEMPLATE).render(data.sample_context(), PROPS) == expected
    # the damaged entries were replaced by good ones
    assert {path: path.read_bytes() for path in _entries(cache_dir)} == good


def test_an_unusable_directory_only_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory would be")
    monkeypatch.setenv(codecache.ENV_VAR, str(blocker))
    expected = _uncached(monkeypatch)
    assert CompiledTemplate(TEMPLATE).render(data.sample_context(), PROPS) == expected
    assert blocker.read_text() == "a file where the cache directory would be"


def test_a_directory_removed_while_running_only_turns_the_cache_off(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _uncached(monkeypatch)
    CompiledTemplate(_tiny("{{ a }}"))  # opens the cache and writes an entry
    for path in _entries(cache_dir):
        path.unlink()
    cache_dir.rmdir()
    assert CompiledTemplate(TEMPLATE).render(data.sample_context(), PROPS) == expected


@pytest.mark.parametrize("value", ["off", "", "0", "OFF"])
def test_turned_off(value: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(codecache.ENV_VAR, value)
    monkeypatch.chdir(tmp_path)
    assert codecache.cache_directory() is None
    CompiledTemplate(TEMPLATE)
    assert list(tmp_path.iterdir()) == []


def test_default_directory_is_the_users_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(codecache.ENV_VAR)
    directory = codecache.cache_directory()
    assert directory is not None
    assert directory.name == "jinja"
    assert directory.parent.name in ("yhdyspinta-docs", "Cache")


def test_the_key_covers_source_and_environment() -> None:
    env = render_environment()
    key = codecache._key(env, "<w:p>{{ a }}</w:p>")
    assert key == codecache._key(render_environment(), "<w:p>{{ a }}</w:p>")
    assert key != codecache._key(env, "<w:p>{{ b }}</w:p>")
    other = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined)
    assert key != codecache._key(other, "<w:p>{{ a }}</w:p>")
    with_filter = render_environment()
    with_filter.filters["oma"] = str.upper
    assert key != codecache._key(with_filter, "<w:p>{{ a }}</w:p>")


def test_the_cache_stays_bounded(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codecache, "MAX_ENTRIES", 3)
    env = render_environment()
    for n in range(7):
        template = codecache.compile_template(env, f"<p>{{{{ a }}}} {n}</p>")
        assert template.render(a="x") == f"<p>x {n}</p>"
    assert len(_entries(cache_dir)) == 3


def test_temporary_files_of_interrupted_runs_are_removed(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    env = render_environment()
    codecache.compile_template(env, "<p>{{ a }}</p>")  # makes the directory
    old = cache_dir / "abc.jinjacodexyz.tmp"
    fresh = cache_dir / "def.jinjacodeuvw.tmp"
    for path in (old, fresh):
        path.write_bytes(b"half-written")
    os.utime(old, (1, 1))
    codecache.compile_template(env, "<p>{{ b }}</p>")  # a new entry: the cache is tidied
    assert not old.exists()
    assert fresh.exists()  # may be another process writing right now


def test_a_directory_others_can_write_to_is_not_used(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_dir.mkdir(parents=True)
    cache_dir.chmod(0o777)
    expected = _uncached(monkeypatch)
    assert CompiledTemplate(TEMPLATE).render(data.sample_context(), PROPS) == expected
    assert _entries(cache_dir) == []
    cache_dir.chmod(0o700)
