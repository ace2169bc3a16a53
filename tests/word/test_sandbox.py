"""Hostile templates: code injection is refused, bombs end with a clear error in bounded time and
memory, and nothing compiled is kept on disk (src/yhdyspinta_docs/sandbox.py).

Every template here is made with python-docx in the test: the payload in the body, in a
header, or in the body split over several Word runs (docxtpl joins the runs of a tag).
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from docx import Document

from helpers import PEAK_PROBE, edited_part, quick_few
from yhdyspinta_docs.errors import TemplateError
from yhdyspinta_docs.word import DocProperties, WordTemplate
from yhdyspinta_docs.word._check import check_template
from yhdyspinta_docs.word._sandbox import SandboxError, environment

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "examples" / "keski-suomi" / "plan.yaml"
DECISION = ROOT / "templates" / "decision.docx"
SECRET = "yhdyspinta-secret-4f1c9e"
PROPS = DocProperties(title="t")


def _docx(text: str, where: str = "body", runs: int = 1) -> bytes:
    """A Word document whose body (or header) holds `text` in `runs` pieces."""
    document = Document()
    paragraph = (document.add_paragraph() if where == "body"
                 else document.sections[0].header.paragraphs[0])
    size = -(-len(text) // runs)
    for start in range(0, len(text), size):
        paragraph.add_run(text[start:start + size])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _into_decision(payload: str, part: str, path: Path) -> Path:
    """The bundled decision template with `payload` added after a tag of `part`."""
    anchor = {"word/document.xml": "{{ title }}", "word/header2.xml": "{{ body }}"}[part]
    return edited_part(DECISION, path, part, anchor,
                       anchor + " " + payload.replace("'", "&apos;"))


# --- code injection -----------------------------------------------------------------------------


def _payloads(tmp: Path) -> dict[str, str]:
    """Known template-injection payloads; each would create `marker` or leak data."""
    marker = tmp / "marker"
    secret = tmp / "secret.txt"
    secret.write_text(SECRET, "utf-8")
    return {
        "cycler-popen": f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}",
        "lipsum-popen": f"{{{{ lipsum.__globals__['os'].popen('touch {marker}').read() }}}}",
        "mro-subclasses": "{{ title.__class__.__mro__[1].__subclasses__() }}",
        "builtins-open": ("{{ cycler.__init__.__globals__.__builtins__.open"
                          f"('{secret}').read() }}}}"),
        "environ": "{{ cycler.__init__.__globals__.os.environ }}",
        "attr-filter": "{{ title|attr('__cla' ~ 'ss__') }}",
        "format-field": "{{ '{0.__class__.__mro__}'.format(title) }}",
    }


PAYLOADS = ["cycler-popen", "lipsum-popen", "mro-subclasses", "builtins-open", "environ",
            "attr-filter", "format-field"]
PLACES = [("body", 1), ("header", 1), ("body", 7)]


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize(("where", "runs"), PLACES)
def test_render_refuses_code_injection(payload: str, where: str, runs: int,
                                       tmp_path: Path) -> None:
    text = _payloads(tmp_path)[payload]
    path = tmp_path / "evil.docx"
    path.write_bytes(_docx(text, where, runs))
    with pytest.raises(TemplateError) as caught:
        WordTemplate(path).render({"title": "a"}, PROPS)
    message = str(caught.value)
    place = "paragraph 1" if where == "body" else "header of section 1, paragraph 1"
    assert re.search(
        rf"evil\.docx: {place} \(\"[^\n]*\"\): the template tried to use an unsafe attribute "
        r"'__\w+__'; templates may only show the values they are given", message), message
    assert not (tmp_path / "marker").exists()
    assert SECRET not in message
    assert os.environ.get("PATH", "-") not in message


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("part", ["word/document.xml", "word/header2.xml"])
def test_check_template_refuses_code_injection(payload: str, part: str,
                                               tmp_path: Path) -> None:
    path = _into_decision(_payloads(tmp_path)[payload], part, tmp_path / "evil.docx")
    issues = check_template(path, "decision")
    found = [str(i) for i in issues if "unsafe attribute" in i.what]
    assert found, [str(i) for i in issues]
    place = "paragraph 6" if part == "word/document.xml" else "header of section 1, paragraph 2"
    assert all(f.startswith(f'evil.docx: {place} ("') for f in found), found
    assert not (tmp_path / "marker").exists()
    assert not any(SECRET in str(i) for i in issues)


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "YHDYSPINTA_SECRET": SECRET,
               **(env or {})}
    return subprocess.run([sys.executable, "-m", "yhdyspinta_docs", *args], env=environ,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("payload", quick_few(["cycler-popen", "builtins-open", "environ",
                                                "attr-filter"], {"environ"}))
def test_cli_check_template_and_build_refuse_code_injection(payload: str,
                                                            tmp_path: Path) -> None:
    evil = _into_decision(_payloads(tmp_path)[payload], "word/header2.xml",
                          tmp_path / "evil.docx")
    checked = _cli("check-template", str(evil), "--kind", "decision")
    assert checked.returncode != 0
    assert 'evil.docx: header of section 1, paragraph 2 ("' in checked.stdout + checked.stderr
    assert "unsafe attribute '__" in checked.stdout + checked.stderr
    out = tmp_path / "out"
    built = _cli("build", str(PLAN), "--template", f"decision={evil}", "--out", str(out))
    assert built.returncode != 0
    for result in (checked, built):
        output = result.stdout + result.stderr
        assert "Traceback" not in output
        assert SECRET not in output
        assert "unsafe attribute '__" in output
    assert not (tmp_path / "marker").exists()
    written = [p for p in out.rglob("*") if p.is_file()] if out.exists() else []
    assert not any(SECRET.encode() in p.read_bytes() for p in written)
    assert not any(p.suffix == ".docx" for p in written)


def test_only_needed_globals_and_no_code_cache() -> None:
    env = environment()
    assert set(env.globals) == {"range", "dict", "namespace"}
    assert env.sandboxed
    assert env.bytecode_cache is None
    assert not (ROOT / "src" / "yhdyspinta_docs" / "codecache.py").exists()


def test_no_random_filter_so_the_same_input_makes_the_same_bytes(tmp_path: Path) -> None:
    assert "random" not in environment().filters
    path = tmp_path / "arpa.docx"
    path.write_bytes(_docx("{{ ['a', 'b', 'c', 'd']|random }}"))
    with pytest.raises(TemplateError, match="random"):
        WordTemplate(path).render({"x": "a"}, PROPS)
    assert any("random" in str(i) for i in check_template(path, "decision"))


@pytest.mark.parametrize(("source", "expected"), [
    ("{{ x.tpl }}", "unsafe attribute 'tpl'"),  # an object that is not plain data
    ("{{ x.save('/tmp/y') }}", "unsafe attribute 'save'"),
    ("{{ 'a'.translate({97: 'b'}) }}", "tried to call 'translate'"),
    ("{{ dict.fromkeys([1]) }}", "unsafe attribute 'fromkeys'"),
    ("{{ [1].append(2) }}", "unsafe attribute 'append'"),
])
def test_only_plain_data_and_a_few_methods(source: str, expected: str) -> None:
    class Image:
        tpl = "template"

        def save(self, path: str) -> None:
            raise AssertionError("called")

    template = environment().from_string(source)
    with pytest.raises(SandboxError, match=expected):
        template.render(x=Image())


def test_what_real_templates_do_still_works() -> None:
    source = ("{% for b in blocks if b.kind == 'p' %}{{ loop.index }}:"
              "{{ b['items']|join(', ') }}{% endfor %}|{{ title|upper }}"
              "|{{ '%s-%03d'|format('a', 7) }}|{{ '{:>4}'.format(1) }}"
              "|{{ ('a' ~ 'b')[::-1] }}|{{ range(3)|list|sum }}|{{ d.get('k') }}"
              "|{% set ns = namespace(n=0) %}{% for i in range(3) %}{% set ns.n = ns.n + i %}"
              "{% endfor %}{{ ns.n }}|{% macro m(v) %}<{{ v }}>{% endmacro %}{{ m('&') }}")
    result = environment().from_string(source).render(
        blocks=[{"kind": "p", "items": ["a", "b"]}, {"kind": "q", "items": []}],
        title="T & u", d={"k": 1})
    assert result == "1:a, b|T &amp; U|a-007|   1|ba|3|1|3|<&amp;>"


def test_long_real_texts_are_not_refused() -> None:
    """The limits are for what a template makes, with room: long plan texts pass."""
    texts = [f"{i}: " + "sana " * 4000 for i in range(40)]  # 800,000 characters
    measures = [{"title": f"Toimenpide {i}", "description": texts} for i in range(20)]
    source = ("{{ texts|join('\n')|length }} {{ measures|join(', ', attribute='title') }}"
              "{% for m in measures %}{% for t in m.description %}{{ t[:2] }}{% endfor %}"
              "{% endfor %} {{ '\n'.join(texts)|wordcount }}")
    result = environment().from_string(source).render(texts=texts, measures=measures)
    assert result.startswith(f"{sum(map(len, texts)) + 39} Toimenpide 0, Toimenpide 1, ")
    assert result.endswith(f" {40 * 4001}")


# --- bombs: bounded time and memory -------------------------------------------------------------

_CHILD = PEAK_PROBE + textwrap.dedent("""
    import json, resource, sys, time
    from pathlib import Path
    limit = 600 * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from yhdyspinta_docs.errors import TemplateError
    from yhdyspinta_docs.word import DocProperties, WordTemplate
    start = time.monotonic()
    try:
        WordTemplate(Path(sys.argv[1])).render({"x": "a"}, DocProperties(title="t"))
        outcome = "rendered"
    except TemplateError as exc:
        outcome = str(exc)
    except MemoryError:
        outcome = "MemoryError"
    print(json.dumps({"outcome": outcome, "seconds": time.monotonic() - start,
                      "peak_mb": _peak_kib() / 1024}))
""")

BOMBS = {
    "range": ("{{ range(10**8)|list|length }}", "range() of more than 100,000 numbers"),
    "nested-loops": ("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}"
                     "{% endfor %}", "loops or calls more than"),
    "string-times": ("{{ 'A'*10**9 }}", "makes a text of more than"),
    "center": ("{{ 'x'|center(10**9) }}", "makes a text of more than"),
    "percent-width": ("{{ '%999999999s'|format(1) }}", "makes a text of more than"),
    "percent-operator": ("{{ '%.999999999f' % 1.5 }}", "makes a text of more than"),
    "format-width": ("{{ '{:>999999999}'.format(1) }}", "makes a text of more than"),
    "format-many": ("{{ ('{0:>999999}' * 1000).format(1) }}", "makes a text of more than"),
    "ljust": ("{{ 'x'.ljust(10**9) }}", "makes a text of more than"),
    "replace": ("{{ ('x'*100000)|replace('x', 'y'*100000) }}", "makes a text of more than"),
    "replace-method": ("{{ ('x'*100000).replace('x', 'y'*100000) }}",
                       "makes a text of more than"),
    "join": ("{{ (['x'*900000]*1000)|join('') }}", "makes a text of more than"),
    "repr": ("{{ ['x'*900000]*100000 }}", "makes a text of more than"),
    "format-repr": ("{{ '{!r}'.format(['x'*900000]*100000) }}", "makes a text of more than"),
    "doubling": ("{% set ns = namespace(s='xx') %}{% for i in range(64) %}"
                 "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}", "makes a text of more"),
    "accumulate": ("{% set ns = namespace(l=[]) %}{% for i in range(100000) %}"
                   "{% set ns.l = ns.l + [('x' * 900000) ~ i] %}{% endfor %}",
                   "MB of text and lists in one document"),
    "output": ("{% for i in range(100000) %}{{ 'x' * 999999 }}{% endfor %}",
               "the rendered part is longer than 20,000,000 characters"),
    "macro-output": ("{% macro m() %}{% for i in range(100000) %}{{ 'x' * 999999 }}"
                     "{% endfor %}{% endmacro %}{% set y = m() %}",
                     "MB of text and lists in one document"),
    "loop-text": ("{% macro m() %}{% for i in range(100000) %}" + "<w:t>" + "x" * 5000
                  + "</w:t>{% endfor %}{% endmacro %}{% set y = m() %}",
                  "MB of text and lists in one document"),
    # each line break becomes Word markup of its own: 8 million took minutes and gigabytes
    "line-breaks": ("{% for i in range(8) %}{{ '\\n' * 999999 }}{% endfor %}",
                    "the rendered part has more than 100,000 line breaks"),
    "wordwrap": ("{{ ('x' * 499999)|wordwrap(1) }}",
                 "the rendered part has more than 100,000 line breaks"),
    "big-number": ("{{ 9**99999999 }}", "a number of more than 4096 bits"),
    "recursive-macro": ("{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}",
                        "call each other more than 64 levels deep"),
    "exponential-macro": ("{% macro f(n) %}{% if n %}{{ f(n-1) ~ f(n-1) }}{% else %}x"
                          "{% endif %}{% endmacro %}{{ f(60) }}", "loops or calls more than"),
}


# two million macro calls take about 20 s of one CPU; on a busy machine the 30-second deadline
# may stop them first, which is the other bound they are refused by (nested-loops reaches the
# same step budget in about a second)
_SLOW_BOMBS = {"exponential-macro"}
DEADLINE = "the template took more than 30 seconds to render"


# each bomb renders in a child process: one of each kind of bound in the quick run (steps,
# text length, memory, number size, call depth), every bomb in the slow run
@pytest.mark.parametrize("bomb", quick_few(BOMBS, {"nested-loops", "string-times", "accumulate",
                                                   "big-number", "recursive-macro",
                                                   "line-breaks"}))
def test_bombs_end_with_a_clear_error_in_bounded_time_and_memory(bomb: str,
                                                                 tmp_path: Path) -> None:
    source, expected = BOMBS[bomb]
    path = tmp_path / "bomb.docx"
    path.write_bytes(_docx(source, "header" if bomb == "center" else "body"))
    child = subprocess.run([sys.executable, "-c", _CHILD, str(path)],
                           env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
                           capture_output=True, text=True, timeout=90, check=False)
    assert child.returncode == 0, child.stderr[-2000:]
    result = json.loads(child.stdout.strip().splitlines()[-1])
    assert expected in result["outcome"] or (
        bomb in _SLOW_BOMBS and DEADLINE in result["outcome"]), result["outcome"]
    assert result["outcome"].count("\n") == 1, result["outcome"]  # a header and one line
    # where Word shows the tag; the length of a rendered part is no tag's: the part
    place = (r"word/document\.xml: " if bomb in ("output", "line-breaks", "wordwrap") else
             r'(header of section 1, )?paragraph 1 \("')
    assert re.search(rf"bomb\.docx: {place}", result["outcome"]), result["outcome"]
    assert "templates may only show the values they are given" in result["outcome"]
    assert result["seconds"] < 31, result  # 30 s at the most, and the time to say so
    assert result["peak_mb"] < 300, result


def test_deadline_and_budget_are_per_render() -> None:
    """Two renders of one compiled template each get the whole budget."""
    template = WordTemplate(_docx("{% for i in range(60000) %}{% endfor %}{{ x }}"))
    for _ in range(40):  # 40 × 60,000 rounds: more than one budget, fine one by one
        assert template.render({"x": "a"}, PROPS)


def test_recursion_error_is_a_template_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from yhdyspinta_docs.word import _sandbox as sandbox

    monkeypatch.setattr(sandbox, "MAX_CALL_DEPTH", 10**6)
    data = _docx("{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}")
    with pytest.raises(TemplateError, match="call each other too deeply"):
        WordTemplate(data).render({}, PROPS)


def test_the_deadline_ends_slow_work(monkeypatch: pytest.MonkeyPatch) -> None:
    from yhdyspinta_docs.word import _sandbox_limits as limits

    monkeypatch.setattr(limits, "DEADLINE_SECONDS", 0.5)
    data = _docx("{% for i in range(100000) %}{{ ('<a>' * 30000)|striptags }}{% endfor %}")
    with pytest.raises(TemplateError, match="took more than 0.5 seconds to render"):
        WordTemplate(data).render({}, PROPS)


def test_striptags_of_a_huge_text_is_refused() -> None:
    data = _docx("{{ ('<a>' * 300000)|striptags }}")
    with pytest.raises(TemplateError, match="striptags of a text of more than 100,000"):
        WordTemplate(data).render({}, PROPS)


# --- Word markup a render writes ----------------------------------------------------------------

_FIELD = ('</w:t></w:r><w:fldSimple w:instr="{code}"><w:r><w:t>x</w:t></w:r></w:fldSimple>'
          "<w:r><w:t>")
_RUNS = ('</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>{code}'
         '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>')


def _safe(*pieces: str) -> str:
    """A tag showing `pieces` joined, unescaped (``|safe``): Word markup written by the render."""
    return "{{ (" + " ~ ".join(f"'{p}'" for p in pieces) + ")|safe }}"


@pytest.mark.parametrize(("where", "tag", "found"), [
    ("body", _safe(_FIELD.format(code="DDEAUTO cmd.exe /k calc")),
     "field code DDEAUTO runs another program"),
    # the keyword joined at render time, which no check of the template's text sees
    ("body", _safe(*_FIELD.format(code="DDE|AUTO calc").split("|")),
     "field code DDEAUTO"),
    ("header", _safe(_RUNS.format(code='INCLUDEPICTURE "http://x.example/p.png"')),
     "field code INCLUDEPICTURE fetches a picture"),
    ("body", _safe("</w:t></w:r><w:object/><w:r><w:t>"), "an embedded or linked object"),
    # the keyword glued to its quote, and the field that fetches another file's headings
    ("body", _safe(_FIELD.format(code="INCLUDEPICTURE&quot;http://x.example/p.png&quot;")),
     "field code INCLUDEPICTURE fetches a picture"),
    ("body", _safe(_FIELD.format(code="RD &quot;other.docx&quot;")), "field code RD fetches"),
])
def test_what_a_render_writes_is_checked_as_a_template_is(where: str, tag: str,
                                                          found: str) -> None:
    template = WordTemplate(_docx(tag, where))
    with pytest.raises(TemplateError) as info:
        template.render({}, DocProperties(title="t"))
    [issue] = info.value.issues
    part = "word/document.xml" if where == "body" else "word/header1.xml"
    assert issue.where.endswith(part), issue.where
    assert issue.what.startswith(f"the rendered document has {found}"), issue.what


def test_a_field_a_render_writes_that_fetches_nothing_is_kept() -> None:
    tag = _safe(_FIELD.format(code="PAGE"))
    data = WordTemplate(_docx(tag)).render({}, DocProperties(title="t"))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert b'<w:fldSimple w:instr="PAGE">' in package.read("word/document.xml")


def test_loops_nested_too_deep_are_told_so() -> None:
    # Python compiles at most 20 nested loops; its SyntaxError is no broken XML
    source = "{% for a in [1] %}" * 25 + "x" + "{% endfor %}" * 25
    with pytest.raises(TemplateError) as info:
        WordTemplate(_docx(source))
    [issue] = info.value.issues
    assert issue.what.startswith("the template's {% for %} loops nest more than 20 deep"), issue


def test_paragraph_breaks_that_copy_large_properties_are_bounded() -> None:
    # each \a (a new paragraph) copies its paragraph's properties: 20,000 of them with 10 KB
    # properties took 1.6 GB; refused before docxtpl makes them
    from yhdyspinta_docs.word._docxtpl import Docx

    session = Docx(io.BytesIO(_docx("x")), {})
    ppr = "<w:pPr>" + '<w:rStyle w:val="a"/>' * 1000 + "</w:pPr>"
    breaks = "x\a" * 2000
    xml = f"<w:p>{ppr}<w:r><w:t>{breaks}</w:t></w:r></w:p>"
    with pytest.raises(SandboxError, match="would grow past 20,000,000 characters"):
        session.resolve_listing(xml)
    small = f"<w:p><w:pPr/><w:r><w:t>{breaks}</w:t></w:r></w:p>"
    assert session.resolve_listing(small).count("<w:p>") == 2001
