"""Render many documents from one template: compiled once, in this process or across cores.

Usage::

    from yhdyspinta_docs.parallel import render_many

    docs = render_many("decision.docx", [(context, properties), ...])   # list of .docx bytes

:func:`render_many` returns exactly the bytes :func:`~yhdyspinta_docs.render.render_docx`
returns for each job, in the order of the jobs (tested). It is faster because of
:class:`BatchTemplate`, which does the per-template work once:

* the template is loaded, patched and its Jinja parts compiled once
  (:class:`~yhdyspinta_docs.render.CompiledTemplate`);
* the package is opened with python-docx once; every part a render does not change (styles,
  theme, settings, fonts, relationships …) is serialised and deflated once and reused;
  the styles part is made once per document language;
* a render only runs Jinja on the body, headers, footers and footnotes, applies docxtpl's
  fix-ups, restarts list numbering (with the style numbering looked up once), sets the core
  properties, and writes the zip directly in the layout of
  :func:`~yhdyspinta_docs.render.normalize_package`, deflating only the parts that changed.

A context holding anything other than plain data (str, numbers, dates, None, dicts, lists,
tuples), e.g. a :class:`~yhdyspinta_docs.render.Figure`, is rendered through
:class:`~yhdyspinta_docs.render.CompiledTemplate` instead, which gives the same bytes; so
are templates without a numbering part that need one. For a template other than the bundled
decision and plan templates (which the tests compare), the first plain job is rendered both
ways and compared, once per process; should the two differ, that template is always
rendered through CompiledTemplate.

Large batches are spread over processes (:data:`FORK_MIN_JOBS`, :func:`plan_workers`) when
other CPUs are idle: the calling process renders too, and takes work from the end of the
queue while the workers take it from the front. With the ``fork`` start method the workers
inherit the compiled template; otherwise an initializer compiles it once per worker.
:func:`map_outcomes` does the same for any function over many items (collect reads the
returned workbooks with it). ``YHDYSPINTA_WORKERS=1`` in the environment turns fanning out
off (``=N`` forces N processes).

Importing this module imports no document library; they are imported when first used.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import io
import math
import multiprocessing
import os
import pickle
import re
import struct
import sys
import threading
import traceback
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import Issue, TemplateError

if TYPE_CHECKING:
    from .render import CompiledTemplate, DocProperties

# The document libraries are imported where they are used, so that collect, which uses only
# map_outcomes, does not import docx and docxtpl.

__all__ = [
    "FORK_MIN_JOBS",
    "MAP_MIN_ITEMS",
    "SPAWN_MIN_JOBS",
    "BatchTemplate",
    "Job",
    "clear_cache",
    "map_outcomes",
    "plan_workers",
    "render_many",
]

_T = TypeVar("_T")
_R = TypeVar("_R")
_C = TypeVar("_C")

Job = tuple[Mapping[str, Any], "DocProperties"]
"""One document: its template context and its stored properties."""

FORK_MIN_JOBS = 32
"""Fewest documents for which a batch is spread over processes started with ``fork``.

Measured on 2 idle cores (docs/performance.md): one process renders a decision proposal in
about 2.4 ms; starting a forked worker and moving contexts and documents between the
processes costs about 20–25 ms per batch. Two processes take 1.20 of the time of one for 16
documents, 0.90 for 24, 0.81 for 32, 0.68 for 128 and 0.59 for 300."""

SPAWN_MIN_JOBS = 1000
"""The same for ``forkserver``/``spawn`` workers, which start a new interpreter, import the
libraries and compile the template (0.5–0.8 s per worker on the same machine)."""

WORKERS_ENV = "YHDYSPINTA_WORKERS"
_CHUNKS_PER_WORKER = 6
_MAX_CHUNK = 16
_ZIP_DOSDATE = (1 << 5) | 1  # 1980-01-01, as normalize_package writes it
_ZIP_DOSTIME = 0
_EXTERNAL_ATTR = 0o644 << 16
_LISTING_CHARS = ("\t", "\a", "\n", "\f")
_PARAGRAPH_RE = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", flags=re.DOTALL)
_PLAIN_TYPES = (str, int, float, bool, type(None), dt.date, dt.time, decimal.Decimal)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_NUM, _W_NUM_ID, _W_ABSTRACT_NUM_ID, _W_VAL = (
    f"{_W}num", f"{_W}numId", f"{_W}abstractNumId", f"{_W}val")


class _NotFast(Exception):
    """This render needs the python-docx path (see BatchTemplate.render)."""


@dataclass(frozen=True)
class _Packed:
    """One zip member, ready to write: CRC-32, uncompressed size, raw deflate data."""

    crc: int
    size: int
    data: bytes


def _deflate(data: bytes) -> _Packed:
    """Deflate as ``zipfile`` does at level 9 (one compress call, then flush)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = compressor.compress(data) + compressor.flush()
    return _Packed(zlib.crc32(data) & 0xFFFFFFFF, len(data), packed)


def _zip(order: Sequence[str], members: Mapping[str, _Packed]) -> bytes:
    """The zip archive :func:`~yhdyspinta_docs.render.normalize_package` writes, byte for byte
    (local headers without extra fields, fixed time, mode 0644, made on Unix)."""
    out = bytearray()
    central = bytearray()
    for name in order:
        member = members[name]
        encoded = name.encode("ascii")
        offset = len(out)
        out += struct.pack("<4s2B4HL2L2H", b"PK\003\004", 20, 0, 0, zipfile.ZIP_DEFLATED,
                           _ZIP_DOSTIME, _ZIP_DOSDATE, member.crc, len(member.data),
                           member.size, len(encoded), 0)
        out += encoded
        out += member.data
        central += struct.pack("<4s4B4HL2L5H2L", b"PK\001\002", 20, 3, 20, 0, 0,
                               zipfile.ZIP_DEFLATED, _ZIP_DOSTIME, _ZIP_DOSDATE, member.crc,
                               len(member.data), member.size, len(encoded), 0, 0, 0, 0,
                               _EXTERNAL_ATTR, offset)
        central += encoded
    start = len(out)
    out += central
    out += struct.pack("<4s4H2LH", b"PK\005\006", 0, 0, len(order), len(order), len(central),
                       start, 0)
    return bytes(out)


def _is_plain(value: Any) -> bool:
    """True for data that cannot touch the package while rendering (no images, subdocs …)."""
    if isinstance(value, _PLAIN_TYPES):
        return True
    if isinstance(value, dict):
        return all(_is_plain(v) for v in value.values())
    if isinstance(value, list | tuple):
        return all(_is_plain(v) for v in value)
    return False


class BatchTemplate:
    """A template prepared for many renders; ``render`` returns what ``render_docx`` returns.

    Raises :class:`TemplateError` when the template cannot be read or has a syntax error.
    Renders do not influence each other, so one object may render any number of documents.
    """

    def __init__(self, template: Path | bytes, *, name: str | None = None) -> None:
        from docx import Document
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.oxml import serialize_part_xml
        from docx.opc.part import XmlPart
        from docx.oxml.parser import parse_xml
        from docxtpl import DocxTemplate

        from .render import _FOOTNOTES_CT, CompiledTemplate, _style_numbering

        self.compiled: CompiledTemplate = CompiledTemplate(template, name=name)
        self.name = self.compiled.name
        data = self.compiled._data  # noqa: SLF001
        # compared with CompiledTemplate on the first plain render (bundled ones: in the tests)
        self.checked = hashlib.sha256(data).hexdigest() in _tested_templates()
        self.fast = True
        doc = Document(io.BytesIO(data))
        package = doc.part.package
        self._core_in_template = _has_rel(package, RT.CORE_PROPERTIES)
        # what render_docx touches in every render exists before the package is saved once
        core_part = package._core_properties_part  # noqa: SLF001
        styles_part = doc.part._styles_part  # noqa: SLF001
        numbering_part = (doc.part.numbering_part if _has_rel(doc.part, RT.NUMBERING)
                          else None)
        saved = io.BytesIO()
        doc.save(saved)
        with zipfile.ZipFile(io.BytesIO(saved.getvalue())) as z:
            self._members = {n: z.read(n) for n in z.namelist()}
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            document_xml = z.read(doc.part.partname.membername)
        names = list(self._members)
        first = [n for n in names if n == "[Content_Types].xml"]
        self._order = first + sorted(n for n in names if n not in first)
        self._packed = {n: _deflate(b) for n, b in self._members.items()}
        # the document element without body content: a render puts its body in
        skeleton = parse_xml(document_xml)
        for child in list(skeleton.body):
            skeleton.body.remove(child)
        self._skeleton = serialize_part_xml(skeleton)
        self._document_member = doc.part.partname.membername
        self._headers_footers: list[tuple[str, str]] = []
        for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI):
            for rel in doc.part.rels.values():
                if rel.reltype == uri and rel.target_part.blob:
                    part = rel.target_part
                    self._headers_footers.append((str(part.partname), part.partname.membername))
        self._footnotes = [(str(p.partname), p.partname.membername)
                           for p in package.parts
                           if p.content_type == _FOOTNOTES_CT and not isinstance(p, XmlPart)]
        members = [m for _, m in self._headers_footers] + [m for _, m in self._footnotes]
        if len(set(members)) != len(members) or self._document_member in members:
            self.fast = False  # a part rendered twice: leave it to python-docx
        self._numbering_member = (numbering_part.partname.membername if numbering_part
                                  else None)
        self._styles_member = styles_part.partname.membername
        self._core_member = core_part.partname.membername
        self._style_numbering = _style_numbering(styles_part.element)
        self._styles: dict[str, _Packed] = {}

    def render(self, context: Mapping[str, Any], properties: DocProperties) -> bytes:
        """Render with `context`; the same bytes as ``render_docx(template, context, ...)``."""
        if not self.fast or not _is_plain(context):
            return self.compiled.render(context, properties)
        try:
            data = self._render(context, properties)
        except _NotFast:
            return self.compiled.render(context, properties)
        if not self.checked:
            reference = self.compiled.render(context, properties)
            self.checked = True
            if data != reference:  # a template this module does not know well enough
                self.fast = False
                return reference
        return data

    # -- the lean path -------------------------------------------------------------------------

    def _render(self, context: Mapping[str, Any], properties: DocProperties) -> bytes:
        from docx.opc.coreprops import CoreProperties
        from docx.opc.oxml import serialize_part_xml
        from docx.oxml.parser import parse_xml
        from docxtpl import DocxTemplate

        from .render import _BODY, _sanitized, _set_properties, _template_errors

        if properties.created is None and not self._core_in_template:
            raise _NotFast  # python-docx stamps the clock into a new core part
        ctx = _sanitized(context)
        changed: dict[str, bytes] = {}
        state = SimpleNamespace(current_rendering_part=None, last_source=None,
                                docx_ids_index=1000)
        with _template_errors(self.name, state):
            xml = self._part(state, _BODY, ctx)
            tree = DocxTemplate.fix_tables(state, xml)
            DocxTemplate.fix_docpr_ids(state, tree)
            root = parse_xml(self._skeleton)
            root.replace(root.body, tree)
            for partname, member in self._headers_footers:
                rendered = self._part(state, partname, ctx).encode("utf-8")
                changed[member] = serialize_part_xml(parse_xml(rendered))
            for partname, member in self._footnotes:
                changed[member] = self._part(state, partname, ctx).encode("utf-8")
        numbering = self._restart_numbering(root)
        if numbering is not None and self._numbering_member is not None:
            changed[self._numbering_member] = serialize_part_xml(numbering)
        tag = properties.language_tag()  # ValueError for a malformed tag, as render_docx
        core = parse_xml(self._members[self._core_member])
        _set_properties(SimpleNamespace(core_properties=CoreProperties(core)), properties)
        changed[self._core_member] = serialize_part_xml(core)
        changed[self._document_member] = serialize_part_xml(root)
        for member, blob in changed.items():
            _check_part(blob, self.name, member)
        packed = dict(self._packed)
        packed.update((member, _deflate(blob)) for member, blob in changed.items())
        packed[self._styles_member] = self._styles_for(tag)
        return _zip(self._order, packed)

    def _part(self, state: Any, partname: str, context: Mapping[str, Any]) -> str:
        """Render one part as ``_CompiledDocx._render`` does (listing only where needed)."""
        state.current_rendering_part = SimpleNamespace(partname=partname)
        state.last_source = self.compiled._parts[partname][1]  # noqa: SLF001
        xml = self.compiled._render_part(partname, context)  # noqa: SLF001
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%")
        xml = xml.replace("%_}", "%}")
        if any(c in xml for c in _LISTING_CHARS):
            # docxtpl's resolve_listing changes only paragraphs holding one of these characters
            xml = _PARAGRAPH_RE.sub(_resolve_paragraph, xml)
        return xml

    def _restart_numbering(self, root: Any) -> Any:
        """``render._restart_numbering`` with the style numbering looked up once; returns the
        changed numbering element, or None when the document has no list paragraphs."""
        from docx.oxml.parser import parse_xml

        from .render import _W_P, _paragraph_numbering, _previous_block, _set_numpr

        numbering: Any = None
        abstract_of: dict[int, int] = {}
        blocks: list[tuple[int, list[tuple[Any, int]]]] = []
        previous: Any = None
        for paragraph in root.body.iter(_W_P):
            num_id, ilvl = _paragraph_numbering(paragraph, self._style_numbering)
            if not num_id:
                previous = None
                continue
            if numbering is None:
                if self._numbering_member is None:
                    raise _NotFast  # python-docx would add a numbering part
                numbering = parse_xml(self._members[self._numbering_member])
                abstract_of = {
                    int(num.get(_W_NUM_ID)): int(num.find(_W_ABSTRACT_NUM_ID).get(_W_VAL))
                    for num in numbering.findall(_W_NUM)
                }
            abstract = abstract_of.get(num_id)
            if abstract is None:
                previous = None
                continue
            if (previous is not None and blocks and blocks[-1][0] == abstract
                    and _previous_block(paragraph) is previous):
                blocks[-1][1].append((paragraph, ilvl))
            else:
                blocks.append((abstract, [(paragraph, ilvl)]))
            previous = paragraph
        if numbering is None:
            return None
        for abstract, members in blocks:
            num = numbering.add_num(abstract)
            for level in sorted({ilvl for _p, ilvl in members}):
                num.add_lvlOverride(ilvl=level).add_startOverride(1)
            for paragraph, ilvl in members:
                _set_numpr(paragraph, num.numId, ilvl)
        return numbering

    def _styles_for(self, tag: str) -> _Packed:
        packed = self._styles.get(tag)
        if packed is None:
            from docx.opc.oxml import serialize_part_xml
            from docx.oxml.parser import parse_xml

            from .render import _set_default_language

            styles = parse_xml(self._members[self._styles_member])
            _set_default_language(SimpleNamespace(styles=SimpleNamespace(element=styles)), tag)
            packed = self._styles[tag] = _deflate(serialize_part_xml(styles))
        return packed


_TESTED_KINDS = ("decision", "plan")
_tested: set[str] | None = None


def _tested_templates() -> set[str]:
    """SHA-256 of the bundled templates whose lean renders tests/test_parallel.py compares."""
    global _tested
    if _tested is None:
        from .assets import TEMPLATE_FILES, bundled_path

        found = set()
        for kind in _TESTED_KINDS:
            path = bundled_path("templates", TEMPLATE_FILES[kind])
            if path is not None:
                found.add(hashlib.sha256(path.read_bytes()).hexdigest())
        _tested = found
    return _tested


def _has_rel(source: Any, reltype: str) -> bool:
    try:
        source.part_related_by(reltype)
    except KeyError:
        return False
    return True


def _resolve_paragraph(match: re.Match[str]) -> str:
    text = match.group(0)
    if not any(c in text for c in _LISTING_CHARS):
        return text
    from docxtpl import DocxTemplate

    result: str = DocxTemplate.resolve_listing(None, text)
    return result


def _check_part(blob: bytes, name: str, member: str) -> None:
    """As ``render._check_xml`` for one member: it must parse strictly."""
    from docx.oxml.parser import parse_xml

    try:
        parse_xml(blob)
    except SyntaxError as exc:  # lxml.etree.XMLSyntaxError
        raise TemplateError(
            [Issue(f"{name}: {member}", f"not well-formed XML after rendering: {exc}")],
            template=name,
        ) from exc


# --- one compiled template per process ------------------------------------------------------

_CACHE: OrderedDict[str, BatchTemplate] = OrderedDict()
_CACHE_SIZE = 4
_CACHE_LOCK = threading.Lock()


def _key(data: bytes, name: str) -> str:
    return f"{hashlib.sha256(data).hexdigest()}:{name}"


def _batch_template(data: bytes, name: str) -> BatchTemplate:
    """The BatchTemplate of `data` in this process, compiled on first use."""
    key = _key(data, name)
    with _CACHE_LOCK:
        found = _CACHE.get(key)
        if found is not None:
            _CACHE.move_to_end(key)
            return found
    made = BatchTemplate(data, name=name)
    with _CACHE_LOCK:
        _CACHE[key] = made
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return made


def clear_cache() -> None:
    """Forget the compiled templates of this process (benchmarks measure compiling too)."""
    with _CACHE_LOCK:
        _CACHE.clear()


# --- workers ---------------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(data: bytes, name: str) -> None:
    """Process initializer: compile the template once (a forked worker already has it)."""
    _WORKER["template"] = _batch_template(data, name)


@dataclass(frozen=True)
class _Failure:
    """The exception of one job: the exception itself in this process; from a worker, its
    class, state and traceback text (our errors do not pickle by their arguments)."""

    index: int
    error: BaseException | tuple[type[BaseException], dict[str, Any], tuple[Any, ...]]
    trace: str = ""

    def exception(self) -> BaseException:
        if isinstance(self.error, BaseException):
            return self.error
        cls, state, args = self.error
        exc = cls.__new__(cls)
        exc.__dict__.update(state)
        exc.args = args
        exc.__cause__ = _RemoteTraceback(self.trace)
        return exc

    def portable(self) -> _Failure:
        """This failure as it can cross to another process."""
        exc = self.error
        if not isinstance(exc, BaseException):
            return self
        trace = "".join(traceback.format_exception(exc))
        payload: tuple[type[BaseException], dict[str, Any], tuple[Any, ...]] = (
            type(exc), dict(exc.__dict__), exc.args)
        try:
            pickle.loads(pickle.dumps(payload))
        except Exception:
            payload = (RuntimeError, {}, (f"{type(exc).__name__}: {exc}",))
        return _Failure(self.index, payload, trace)


class _RemoteTraceback(Exception):
    def __str__(self) -> str:
        return f'\n"""\n{self.args[0]}"""'


def _render_chunk(template: BatchTemplate, indices: Sequence[int], jobs: Sequence[Job]
                  ) -> tuple[list[bytes], _Failure | None]:
    """Render `jobs` (numbered `indices`) in order; stop at the first error."""
    out: list[bytes] = []
    for index, (context, properties) in zip(indices, jobs, strict=True):
        try:
            out.append(template.render(context, properties))
        except Exception as exc:
            return out, _Failure(index, exc)
    return out, None


def _worker_chunk(indices: Sequence[int], jobs: Sequence[Job]
                  ) -> tuple[list[bytes], _Failure | None]:
    template: BatchTemplate = _WORKER["template"]
    done, failure = _render_chunk(template, indices, jobs)
    return done, failure.portable() if failure is not None else None


def _start_method() -> str:
    """``fork`` where it is safe and cheap (Linux, no other threads), else a fresh process."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _busy_elsewhere() -> float:
    """How many CPUs other processes keep busy: the larger of the runnable tasks now (Linux,
    less this process) and the 1-minute load average less one (this process, once counted)."""
    others = 0.0
    try:
        others = os.getloadavg()[0] - 1.0
    except (AttributeError, OSError):  # no load average (Windows)
        pass
    try:
        running = Path("/proc/loadavg").read_text("ascii").split()[3].split("/")[0]
        others = max(others, int(running) - 1.0)
    except (OSError, ValueError, IndexError):  # not Linux
        pass
    return max(0.0, others)


def _cpus() -> int:
    """CPUs this process may use that other processes leave idle: on a busy machine more
    processes only share the same CPUs and lose time moving work between them (measured:
    25–40 % slower with one of two CPUs busy)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, int(cpus - _busy_elsewhere() + 0.3)))


def plan_workers(jobs: int, workers: int | None = None, *, minimum: int | None = None) -> int:
    """How many processes :func:`render_many` uses for `jobs` documents (1 = no fan-out).

    `workers` given: that many (at most one per document). Otherwise ``$YHDYSPINTA_WORKERS``
    if set, else one per CPU that is not busy with other work, once the batch is large
    enough to pay for starting the workers (`minimum`, default :data:`FORK_MIN_JOBS`;
    :data:`SPAWN_MIN_JOBS` without ``fork``); else 1.
    """
    if multiprocessing.current_process().daemon:
        return 1  # a daemonic process (a multiprocessing.Pool worker) may not start children
    if workers is None:
        env = os.environ.get(WORKERS_ENV, "").strip()
        if env:
            try:
                workers = max(1, int(env))
            except ValueError:
                workers = None
    if workers is None:
        fork = _start_method() == "fork"
        threshold = (minimum or FORK_MIN_JOBS) if fork else max(minimum or 0, SPAWN_MIN_JOBS)
        if jobs < threshold:
            return 1
        workers = _cpus()
    return max(1, min(workers, jobs))


def render_many(template: Path | bytes, jobs: Sequence[Job], *, workers: int | None = None,
                progress: Callable[[int], None] | None = None) -> list[bytes]:
    """Render every ``(context, properties)`` job with `template`; the .docx bytes in order.

    Each result is the same as ``render_docx(template, context, properties=properties)``.
    The template is compiled once. `workers`: processes to use, this one included (default:
    :func:`plan_workers` decides; 1 renders here only). `progress`, if given, is called in
    this thread with the index of each finished document (in completion order).

    Raises :class:`TemplateError` for a broken template, or the error of the first job (in
    input order) that cannot be rendered, with its message.
    """
    from .render import CompiledTemplate, _load

    data, name = _load(template)
    jobs = list(jobs)
    if len(jobs) == 1 and _key(data, name) not in _CACHE:
        # one document: preparing the lean path costs what it saves
        context, properties = jobs[0]
        result = CompiledTemplate(data, name=name).render(context, properties)
        if progress:
            progress(0)
        return [result]
    batch = _batch_template(data, name)
    count = plan_workers(len(jobs), workers)
    if count > 1:
        try:
            return _fan_out(batch, data, name, jobs, count, progress)
        except BrokenProcessPool:  # a worker died (killed, out of memory): do it here
            pass
    out: list[bytes] = []
    for index, (context, properties) in enumerate(jobs):
        out.append(batch.render(context, properties))
        if progress:
            progress(index)
    return out


def _chunks(count: int, workers: int) -> list[range]:
    size = max(1, min(_MAX_CHUNK, math.ceil(count / (workers * _CHUNKS_PER_WORKER))))
    return [range(i, min(i + size, count)) for i in range(0, count, size)]


def _spread(pool: ProcessPoolExecutor, chunks: list[range],
            remote: Callable[[range], Future[_C]], local: Callable[[range], _C],
            settle: Callable[[int, _C], int | None]) -> None:
    """Run every chunk once: the workers take them from the front of the queue, this process
    from the back, until they meet. `settle(k, result)` gets each chunk's result in this
    thread; when it returns a chunk number, chunks after it are no longer needed."""
    futures = [remote(chunk) for chunk in chunks]
    settled: set[int] = set()
    last = len(chunks) - 1

    def finish(k: int, result: _C) -> None:
        nonlocal last
        settled.add(k)
        stop = settle(k, result)
        if stop is not None and stop < last:
            last = stop
            for later in futures[stop + 1:]:
                later.cancel()

    def finished_elsewhere() -> None:
        for k, future in enumerate(futures):
            if k not in settled and future.done() and not future.cancelled():
                finish(k, future.result())

    for k in reversed(range(len(chunks))):
        if k <= last and futures[k].cancel():
            finish(k, local(chunks[k]))
            finished_elsewhere()
    for k, future in enumerate(futures):
        if k not in settled and not future.cancelled():
            finish(k, future.result())


def _fan_out(batch: BatchTemplate, data: bytes, name: str, jobs: list[Job], count: int,
             progress: Callable[[int], None] | None) -> list[bytes]:
    """render_many over `count` processes, this one included."""
    chunks = _chunks(len(jobs), count)
    results: list[list[bytes] | None] = [None] * len(chunks)
    failures: list[_Failure] = []

    def settle(k: int, result: tuple[list[bytes], _Failure | None]) -> int | None:
        done, failure = result
        results[k] = done
        if progress:
            for i in chunks[k][:len(done)]:
                progress(i)
        if failure is None:
            return None
        failures.append(failure)
        return k  # a later error is not the first one

    context = multiprocessing.get_context(_start_method())
    pool = ProcessPoolExecutor(max_workers=count - 1, mp_context=context,
                               initializer=_init_worker, initargs=(data, name))
    try:
        _spread(pool, chunks,
                lambda c: pool.submit(_worker_chunk, list(c), [jobs[i] for i in c]),
                lambda c: _render_chunk(batch, c, [jobs[i] for i in c]), settle)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    if failures:
        raise min(failures, key=lambda f: f.index).exception()
    out: list[bytes] = []
    for part in results:
        assert part is not None
        out += part
    return out


# --- any function over many items (collect reads many files) --------------------------------

MAP_MIN_ITEMS = 12
"""Fewest items for which :func:`map_outcomes` spreads the work over forked processes: meant
for items that each take several milliseconds, such as reading a returned workbook (about
9 ms; starting a forked worker costs 20–25 ms)."""

_MAP: dict[str, Any] = {}


def _map_run(fn: Callable[[Any], Any], items: Sequence[Any], indices: Sequence[int]
             ) -> list[tuple[Any, _Failure | None]]:
    out: list[tuple[Any, _Failure | None]] = []
    for index in indices:
        try:
            out.append((fn(items[index]), None))
        except Exception as exc:
            out.append((None, _Failure(index, exc)))
    return out


def _map_worker(indices: Sequence[int]) -> list[tuple[Any, _Failure | None]]:
    """In a forked worker: the function and items were inherited, only results travel."""
    return [(value, failure.portable() if failure else None)
            for value, failure in _map_run(_MAP["fn"], _MAP["items"], indices)]


def map_outcomes(fn: Callable[[_T], _R], items: Sequence[_T], *, workers: int | None = None,
                 min_items: int = MAP_MIN_ITEMS) -> list[_R | Exception]:
    """``fn(item)`` for every item, in order; where it raised, the exception instead.

    With `min_items` items or more, idle CPUs and the ``fork`` start method, the items are
    spread over processes (this one included) like :func:`render_many`'s documents. `fn`
    and the items are inherited by the forked workers, never pickled, so `fn` may be a
    closure; its results must pickle. Elsewhere (no ``fork``, threads running, a busy
    machine, few items) everything runs here. `workers`: as for :func:`render_many`.
    Should a worker die (killed, out of memory), every item is done again here.
    """
    items = list(items)
    count = 1
    if _start_method() == "fork":
        count = plan_workers(len(items), workers, minimum=min_items)
    pairs: list[tuple[Any, _Failure | None]] | None = None
    if count > 1:
        try:
            pairs = _map_spread(fn, items, count)
        except BrokenProcessPool:  # a worker died (killed, out of memory): do it here
            pairs = None
    if pairs is None:
        pairs = _map_run(fn, items, range(len(items)))
    out: list[_R | Exception] = []
    for value, failure in pairs:
        if failure is None:
            out.append(value)
        else:
            exc = failure.exception()
            out.append(exc if isinstance(exc, Exception) else RuntimeError(str(exc)))
    return out


def _map_spread(fn: Callable[[Any], Any], items: list[Any], count: int
                ) -> list[tuple[Any, _Failure | None]]:
    """map_outcomes over `count` forked processes, this one included."""
    chunks = _chunks(len(items), count)
    results: list[list[tuple[Any, _Failure | None]]] = [[] for _ in chunks]

    def settle(k: int, result: list[tuple[Any, _Failure | None]]) -> None:
        results[k] = result

    _MAP.update(fn=fn, items=items)  # before the first submit forks the worker
    pool = ProcessPoolExecutor(max_workers=count - 1,
                               mp_context=multiprocessing.get_context("fork"))
    try:
        _spread(pool, chunks, lambda c: pool.submit(_map_worker, list(c)),
                lambda c: _map_run(fn, items, c), settle)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _MAP.clear()
    return [pair for part in results for pair in part]
