"""Hostile templates, continued: one call that computes without end (``round`` to a huge
precision, division of huge whole numbers) is refused before it starts, and a callable shown as
text (``{{ title.encode }}``, whose text is a memory address) is refused
(src/yhdyspinta_docs/word/_sandbox*.py).

The templates are made with python-docx in the test, or are the bundled decision template with
the payload added, as in test_sandbox.py.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import jinja2.sandbox
import pytest
from docx import Document
from markupsafe import Markup

from helpers import edited_part
from yhdyspinta_docs.errors import TemplateError
from yhdyspinta_docs.word import DocProperties, WordTemplate
from yhdyspinta_docs.word._check import check_template
from yhdyspinta_docs.word._sandbox import MAX_ROUND_DIGITS, SandboxError, environment

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "examples" / "keski-suomi" / "plan.yaml"
DECISION = ROOT / "templates" / "decision.docx"
PROPS = DocProperties(title="t")
ONLY_VALUES = "templates may only show the values they are given"
ROUND_REFUSED = f"rounds to more than {MAX_ROUND_DIGITS:,} digits before or after the decimal"
SHOWN = "as text instead of calling it or showing a value; " + ONLY_VALUES


def _docx(text: str) -> bytes:
    """A Word document whose second paragraph holds `text`."""
    document = Document()
    document.add_paragraph("Otsikko")
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _into_decision(payload: str, path: Path) -> Path:
    """The bundled decision template with `payload` added after its ``{{ title }}``."""
    return edited_part(DECISION, path, "word/document.xml", "{{ title }}",
                       "{{ title }} " + payload.replace("'", "&apos;"))


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "yhdyspinta_docs", *args], env=environ,
                          capture_output=True, text=True, timeout=120, check=False)


# --- one call that would compute without end ----------------------------------------------------

# each would compute 10**n (or divide numbers of millions of bits) in one call, where the
# render's deadline, checked between calls, cannot stop it
ENDLESS = {
    "round-negative": ("Q{{ 1|round(-99999999) }}", "|round(-99999999) " + ROUND_REFUSED),
    "round-7-digits": ("Q{{ 1|round(-9999999) }}", "|round(-9999999) " + ROUND_REFUSED),
    "round-big-number": ("{{ (10**1000)|round(-999999999) }}", ROUND_REFUSED),
    "round-floor": ("{{ 1.5|round(99999999, 'floor') }}", ROUND_REFUSED),
    "round-keyword": ("{{ 1|round(precision=-99999999) }}", ROUND_REFUSED),
    "round-value": ("{{ x|round(n) }}", ROUND_REFUSED),  # known only when rendered
    "round-map": ("{{ [1]|map('round', -99999999)|list }}", ROUND_REFUSED),
    "int-division": ("{% set a = ('f' * 1000000)|int(base=16) %}"
                     "{% set b = ('f' * 500000)|int(base=16) %}{{ a // b }}",
                     "makes a number of more than 4096 bits"),
    "divisibleby": ("{% set a = ('f' * 1000000)|int(base=16) %}{{ a is divisibleby(7) }}",
                    "makes a number of more than 4096 bits"),
    "doubling": ("{% set ns = namespace(n=3) %}{% for i in range(99999) %}"
                 "{% set ns.n = ns.n - (0 - ns.n) %}{% endfor %}{{ ns.n // 7 }}",
                 "makes a number of more than 4096 bits"),
    "written-number": ("{{ 0x" + "f" * 2000 + " // 0x" + "f" * 1000 + " }}",
                       "writes a number of more than 4096 bits"),
}

_CHILD = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from yhdyspinta_docs.errors import TemplateError
    from yhdyspinta_docs.word import DocProperties, WordTemplate
    results = []
    for path in sys.argv[1:]:
        start = time.monotonic()
        try:
            WordTemplate(Path(path)).render({"x": 1, "n": -99999999}, DocProperties(title="t"))
            outcome = "rendered"
        except TemplateError as exc:
            outcome = str(exc)
        results.append({"outcome": outcome, "seconds": time.monotonic() - start})
    print(json.dumps(results))
""")


def test_one_endless_call_is_refused_before_it_starts(tmp_path: Path) -> None:
    """Every case in one child process, so that a case that computes without end fails the
    test at its timeout instead of stopping the test run."""
    paths = []
    for name, (source, _) in ENDLESS.items():
        paths.append(tmp_path / f"{name}.docx")
        paths[-1].write_bytes(_docx(source))
    child = subprocess.run([sys.executable, "-c", _CHILD, *map(str, paths)],
                           env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
                           capture_output=True, text=True, timeout=60, check=False)
    assert child.returncode == 0, child.stderr[-2000:]
    results = json.loads(child.stdout.strip().splitlines()[-1])
    for (name, (_, expected)), result in zip(ENDLESS.items(), results, strict=True):
        outcome = result["outcome"]
        assert expected in outcome, (name, outcome)
        assert re.search(rf"{name}\.docx: paragraph 2 \(\"", outcome), outcome
        assert outcome.endswith(ONLY_VALUES) and outcome.count("\n") == 1, outcome
        assert result["seconds"] < 1, (name, result)


@pytest.mark.parametrize("source", [
    "{% if false %}{{ 1|round(-99999999) }}{% endif %}",
    "{% if false %}{{ 2.5|round(method='ceil', precision=1001) }}{% endif %}",
])
def test_check_template_refuses_a_written_round_precision(source: str, tmp_path: Path) -> None:
    """Refused when compiled: also where no render reaches (a reached one is rendered in
    test_cli_check_template_and_build_refuse_round_quickly, in a process with a timeout)."""
    path = _into_decision(source, tmp_path / "evil.docx")
    start = time.monotonic()
    issues = [str(i) for i in check_template(path, "decision")]
    assert time.monotonic() - start < 10
    found = [i for i in issues if ROUND_REFUSED in i]
    assert found, issues
    assert all(re.match(r"evil\.docx: paragraph 6 \(\"", i) for i in found)


def test_cli_check_template_and_build_refuse_round_quickly(tmp_path: Path) -> None:
    evil = _into_decision("Q{{ 1|round(-99999999) }}", tmp_path / "evil.docx")
    checked = _cli("check-template", str(evil), "--kind", "decision")
    start = time.monotonic()
    built = _cli("build", str(PLAN), "--template", f"decision={evil}", "--out",
                 str(tmp_path / "out"))
    assert time.monotonic() - start < 20  # the start of the program, and no render
    for result in (checked, built):
        output = result.stdout + result.stderr
        assert result.returncode != 0, output
        assert "Traceback" not in output
        assert 'evil.docx: paragraph 6 ("' in output
        assert "|round(-99999999) " + ROUND_REFUSED in output
    assert not list((tmp_path / "out").rglob("*.docx"))


def test_ordinary_rounding_still_works() -> None:
    source = ("{{ 2.567|round(2) }}|{{ 2.5|round(0, 'floor') }}|{{ 2.21|round(1, 'ceil') }}"
              "|{{ 1234|round(-2) }}|{{ 7|round }}|{{ x|round(precision=-1000) }}"
              "|{{ 1.25|round(300, 'floor') }}|{{ 10**1000 // 10**999 }}|{{ '%.2f'|format(x) }}")
    assert environment().from_string(source).render(x=5.5) == (
        "2.57|2.0|2.3|1200|7|0.0|1.25|10|5.50")


# --- a callable shown as text -------------------------------------------------------------------

CALLABLES = [
    ("Q{{ title.encode }}", "the method 'encode'"),
    ("Q{{ title.translate }}", "the method 'translate'"),
    ("Q{{ 'x'.format_map }}", "the method 'format_map'"),
    ("{{ title.upper }}", "the method 'upper'"),
    ("{{ [title, title.encode] }}", "the method 'encode'"),
    ("{{ {'a': title.encode} }}", "the method 'encode'"),
    ("{{ title ~ title.encode }}", "the method 'encode'"),
    ("{{ title.encode|string }}", "the method 'encode'"),
    ("{{ title|attr('encode') }}", "the method 'encode'"),
    ("{{ '%s' % title.encode }}", "the method 'encode'"),
    ("{{ '{!r}'.format(title.encode) }}", "the method 'encode'"),
    ("{{ [title.encode]|join(', ') }}", "the method 'encode'"),
    ("{{ range }}", "a function"),
    ("{{ dict }}", "the class 'dict'"),
    ("{% macro m() %}x{% endmacro %}{{ m }}", "the macro 'm'"),
    ("{% for i in [1] %}{{ loop }}{% endfor %}", "a loop object"),
]


@pytest.mark.parametrize(("source", "what"), CALLABLES)
def test_a_callable_shown_as_text_is_refused(source: str, what: str) -> None:
    with pytest.raises(TemplateError) as caught:
        WordTemplate(_docx(source), name="evil.docx").render({"title": "a"}, PROPS)
    message = str(caught.value)
    assert re.search(r"evil\.docx: paragraph 2 \(\"", message), message
    assert f": the template shows {what} {SHOWN}" in message, message
    assert " at 0x" not in message


def test_check_template_refuses_a_method_shown_as_text(tmp_path: Path) -> None:
    path = _into_decision("{{ title.encode }}", tmp_path / "evil.docx")
    issues = [str(i) for i in check_template(path, "decision")]
    assert any(i.startswith('evil.docx: paragraph 6 ("')
               and f"the template shows the method 'encode' {SHOWN}" in i for i in issues), issues


def test_values_are_shown_as_before() -> None:
    """Texts, numbers, None, Markup, lists, dicts and an undefined value render as in Jinja's
    own sandbox (the error of an undefined value is still that it is undefined)."""
    source = ("{{ t }}|{{ n }}|{{ f }}|{{ none }}|{{ m }}|{{ items }}|{{ d }}|{{ t.upper() }}"
              "|{{ items|join(', ') }}|{{ '{!r}'.format(items) }}|{{ t ~ n }}|{{ b }}"
              "|{{ t|string }}|{{ [m, none] }}")
    values = {"t": "Tämä & tuo", "n": 42, "f": 2.5, "m": Markup("<b>lihava</b>"),
              "items": ["a", 1, None], "d": {"k": ["v"]}, "b": True}
    plain = jinja2.sandbox.ImmutableSandboxedEnvironment(autoescape=True)
    assert (environment().from_string(source).render(**values)
            == plain.from_string(source).render(**values))
    with pytest.raises(jinja2.UndefinedError, match="'missing' is undefined"):
        environment().from_string("{{ [missing] }}").render()
    with pytest.raises(SandboxError, match="the method 'encode'"):
        environment().from_string("{{ t.encode }}").render(t="x")
