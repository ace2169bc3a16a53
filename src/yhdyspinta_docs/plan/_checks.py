"""Cross-reference checks that a schema cannot express.

A measure's responsible party must be a declared party, a handling's body must be one of its
party's bodies, ids must be unique, every ``{tunnus}`` in a text must name a recorded decision
or event, and so on. Each finding is ``(field path, message)``; the loader adds file and line.
Also here: texts that glue an ending to a name placeholder, and texts missing a language.
The personal-data checks of public versions are in :mod:`._personal`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator

from ._fields import ALL_PARTIES, CONTEXT_REFERENCES, NAME_CASES, Lang
from ._hints import MAX_HINTED, SWEDISH_ALL, party_list, shared_id_hint
from ._item import Handling, PartySection, Section
from ._model import Approval, PlanFile
from ._parties import Party
from ._text import Loc, field_path, find_references, iter_texts, localized

__all__ = [
    "MAX_MATRIX_ROWS",
    "Problem",
    "check_plan",
    "missing_translations",
    "placeholder_warnings",
    "reference_ids",
    "unknown_party",
]

Problem = tuple[Loc, str]


def _suggest(value: str, choices: Iterable[str], *, close: bool = True,
             avoid: Collection[str] = ()) -> str:
    """"; did you mean 'x'? Declared are: …" for `value`, or only the list of `choices`
    without `close` (no comparison with each: see :data:`~._hints.MAX_HINTED`). When the
    closest choice is in `avoid`, only the list (not the next closest: it is not what was
    meant)."""
    import difflib  # only for a plan with a problem

    choices = list(choices)
    found = difflib.get_close_matches(value, choices, n=1, cutoff=0.6) if close else []
    found = [f for f in found if f not in avoid]
    listed = ", ".join(choices[:30]) + (" …" if len(choices) > 30 else "")
    if found:
        return f"; did you mean '{found[0]}'?" + (f" Declared are: {listed}" if listed else "")
    return f"; declared are: {listed}" if listed else ""


def _fold(text: str) -> str:
    """`text` lower case without accents (å, ä, ö as a, a, o), as an id would write it."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text.lower())
                   if not unicodedata.combining(c))


def _by_name(value: str, pf: PlanFile, holders: dict[str, list[int]]) -> str:
    """A hint for an unknown party id that is (nearly) a word of a party's name in either
    language, as a Swedish name used where the id is the Finnish one ('sjundea' for
    siuntio, Sjundeå kommun); "" if none is. `holders` gives the parties (indexes) that have
    each id: when another party has that party's id too, the hint says so instead of
    pointing to an id that names both."""
    import difflib  # only for a plan with a problem

    words: dict[str, set[int]] = {}
    for i, p in enumerate(pf.parties):
        names = p.name.values() if isinstance(p.name, dict) else [p.name]
        for name in names:
            words.setdefault(" ".join(_fold(name).split()), set()).add(i)  # the whole name
            for word in re.findall(r"[^\W\d_]+", _fold(name)):
                words.setdefault(word, set()).add(i)
    own = {w for w, where in words.items() if len(where) == 1}  # not 'kommun', 'stad'
    close = difflib.get_close_matches(" ".join(_fold(value).split()), sorted(own), n=1,
                                      cutoff=0.8)
    if not close:
        return ""
    at = next(iter(words[close[0]]))
    party = pf.parties[at]
    others = [(i, _name(pf.parties[i])) for i in holders[party.id] if i != at]
    if others:
        return "; " + shared_id_hint(_name(party), at, party.id, others)
    return (f"; did you mean '{party.id}' ({_name(party)})? A party is named by its tunnus, "
            "not by its name")


def _name(party: Party) -> str:
    """The name of `party` in a message: in each of its languages."""
    return party.name if isinstance(party.name, str) else " / ".join(party.name.values())


def unknown_party(pid: str, pf: PlanFile, *, close: bool = True, every: bool = False) -> str:
    """The message for a reference to a party id that `pf` does not declare: a close id, else
    the party whose name has that word ('sjundea': siuntio, Sjundeå kommun), else the list.
    Without `close` (past the first :data:`~._hints.MAX_HINTED` problems), only the list.
    An id that more than one party has is never the "did you mean": that would name the
    wrong party as well; the hint says instead that each party needs its own id. With `every`
    (where [kaikki] may be written), a Swedish word for "all" is told to write kaikki."""
    if every and pid.casefold() in SWEDISH_ALL:
        return (f"unknown party '{pid}'; the values are Finnish: write [{ALL_PARTIES}] for "
                "every party, or list the parties' ids")
    if not close:  # thousands of these in a plan written to hurt: only the list, quickly
        return f"unknown party '{pid}'" + _suggest(pid, [p.id for p in pf.parties], close=False)
    holders: dict[str, list[int]] = {}
    for i, p in enumerate(pf.parties):
        holders.setdefault(p.id, []).append(i)
    shared = {p for p, where in holders.items() if len(where) > 1}
    hint = _suggest(pid, list(holders), close=close, avoid=shared)
    if close and "did you mean" not in hint:
        hint = _by_name(pid, pf, holders) or _shared_close(pid, pf, holders, shared) or hint
    return f"unknown party '{pid}'" + hint


def _shared_close(pid: str, pf: PlanFile, holders: dict[str, list[int]],
                  shared: set[str]) -> str:
    """The hint for an unknown party id close to an id that several parties have (the close
    id cannot be suggested: it names more than one party); "" if it is close to none."""
    import difflib  # only for a plan with a problem

    found = difflib.get_close_matches(pid, sorted(shared), n=1, cutoff=0.6)
    if not found:
        return ""
    owners = party_list([(i, _name(pf.parties[i])) for i in holders[found[0]]])
    return (f"; it is close to '{found[0]}', but that is the tunnus of {owners}: give each "
            "party a tunnus of its own, and write the tunnus of the party meant here")


def _unique(ids: list[tuple[Loc, str | None]], what: str) -> Iterator[Problem]:
    seen: dict[str, Loc] = {}
    for loc, value in ids:
        if value is None:
            continue
        if value in seen:
            first = field_path(seen[value])
            yield loc, f"{what} '{value}' is used twice (first at {first}); ids must be unique"
        else:
            seen[value] = loc


def reference_ids(pf: PlanFile) -> dict[str, Approval | object]:
    """Return every id that ``{tunnus}`` may name: approvals and preparation events."""
    refs: dict[str, Approval | object] = {}
    approvals = list(pf.agreement.approvals)
    if pf.agreement.replaces:
        approvals += pf.agreement.replaces.approvals
    for a in approvals:
        if a.id:
            refs[a.id] = a
    for e in pf.plan.preparation.events:
        if e.id:
            refs[e.id] = e
    return refs


def _reference_locs(pf: PlanFile) -> list[tuple[Loc, str]]:
    out: list[tuple[Loc, str]] = []
    for i, a in enumerate(pf.agreement.approvals):
        if a.id:
            out.append((("sopimus", "hyvaksynnat", i, "tunnus"), a.id))
    if pf.agreement.replaces:
        for i, a in enumerate(pf.agreement.replaces.approvals):
            if a.id:
                out.append((("sopimus", "korvaa", "hyvaksynnat", i, "tunnus"), a.id))
    for i, e in enumerate(pf.plan.preparation.events):
        if e.id:
            out.append((("suunnitelma", "valmistelu", "kasittelyt", i, "tunnus"), e.id))
    return out


def check_plan(pf: PlanFile) -> list[Problem]:
    """Return every cross-reference problem in `pf` (empty when the plan is consistent)."""
    out: list[Problem] = []
    parties = {p.id: p for p in pf.parties}
    party_ids = list(parties)

    out += _unique([(("osapuolet", i, "tunnus"), p.id) for i, p in enumerate(pf.parties)],
                   "party id")
    out += [(("osapuolet", i, "tunnus"), f"'{ALL_PARTIES}' is reserved (it means every party); "
             "choose another id") for i, p in enumerate(pf.parties) if p.id == ALL_PARTIES]
    for i, p in enumerate(pf.parties):
        out += _unique([(("osapuolet", i, "toimielimet", j, "tunnus"), b.id)
                        for j, b in enumerate(p.bodies)], "body id")
    for i in range(len(pf.parties)):
        out += _party_languages(pf, i)
    out += _unique([(("suunnitelma", "toimenpiteet", i, "tunnus"), m.id)
                    for i, m in enumerate(pf.plan.measures)], "measure id")
    rows = sum(len(pf.responsible_parties(m)) for m in pf.plan.measures)
    if rows > MAX_MATRIX_ROWS:
        out.append((("suunnitelma", "toimenpiteet"), f"the measures and the parties responsible "
                    f"for them make {rows:,} rows of the follow-up matrix; a matrix has at most "
                    f"{MAX_MATRIX_ROWS:,} (200 measures for 30 parties make 6,000): split the "
                    "plan, or name fewer responsible parties than [kaikki]"))

    def party_ref(loc: Loc, pid: str | None, every: bool = False) -> None:
        if pid is not None and pid not in parties:
            out.append((loc, unknown_party(pid, pf, close=len(out) < MAX_HINTED, every=every)))

    def body_ref(loc: Loc, pid: str | None, bid: str) -> None:
        party = parties.get(pid) if pid else None
        if party is None:
            return
        if party.body(bid) is None:
            bodies = [b.id for b in party.bodies]
            out.append((loc, f"party '{pid}' has no body '{bid}'"
                        + _suggest(bid, bodies, close=len(out) < MAX_HINTED)
                        + f"; add it under osapuolet[{party_ids.index(party.id)}].toimielimet"))

    approvals_at: list[tuple[Loc, Approval]] = [
        (("sopimus", "hyvaksynnat", i), a) for i, a in enumerate(pf.agreement.approvals)
    ]
    if pf.agreement.replaces:
        approvals_at += [(("sopimus", "korvaa", "hyvaksynnat", i), a)
                         for i, a in enumerate(pf.agreement.replaces.approvals)]
    for loc, a in approvals_at:
        party_ref(loc + ("osapuoli",), a.party)
        body_ref(loc + ("toimielin",), a.party, a.body)

    refs = reference_ids(pf)
    out += [(loc, f"id '{ref}' is reserved for the deciding body or party; choose another")
            for loc, ref in _reference_locs(pf) if ref in CONTEXT_REFERENCES]
    out += _unique(list(_reference_locs(pf)), "id")

    for i, m in enumerate(pf.plan.measures):
        loc = ("suunnitelma", "toimenpiteet", i)
        for j, pid in enumerate(m.responsible):
            if pid == ALL_PARTIES:
                if len(m.responsible) > 1:
                    out.append((loc + ("vastuutahot", j), f"'{ALL_PARTIES}' means every party; "
                                "write it alone, or list the parties instead"))
                continue
            party_ref(loc + ("vastuutahot", j), pid, every=True)
        twice = sorted(p for p, n in Counter(m.responsible).items() if n > 1)
        if twice:
            out.append((loc + ("vastuutahot",), f"party '{twice[0]}' is listed twice; write "
                        "each party once"))
        party_ref(loc + ("paavastuu",), m.lead)
        every = {ALL_PARTIES, *SWEDISH_ALL.difference(parties)}  # 'alla' is told above
        if m.lead and m.lead in parties and m.lead not in m.responsible \
                and every.isdisjoint(m.responsible):
            out.append((loc + ("paavastuu",), f"lead party '{m.lead}' is not among vastuutahot; "
                        f"add it to vastuutahot, or write one of {', '.join(m.responsible)}"))

    for i, member in enumerate(pf.plan.preparation.working_group):
        loc = ("suunnitelma", "valmistelu", "tyoryhma", i)
        party_ref(loc + ("osapuoli",), member.party)
        if (member.party is None) == (member.organisation is None):
            out.append((loc, "give either osapuoli (a party id) or organisaatio (a name)"))

    handlings: list[tuple[Loc, Handling, str | None]] = [
        (("asia", "kasittely"), pf.item.handling, pf.item.handling.party)
    ]
    if pf.item.handling.party is None:
        out.append((("asia", "kasittely", "osapuoli"), "missing: which party's body decides "
                    "(the id of a party)" + _suggest("", party_ids)))
    for i, p in enumerate(pf.parties):
        if p.handling is not None:
            if p.handling.party not in (None, p.id):
                out.append((("osapuolet", i, "kasittely", "osapuoli"),
                            f"a party's own handling belongs to '{p.id}'; remove osapuoli"))
            handlings.append((("osapuolet", i, "kasittely"), p.handling, p.id))
    for hloc, h, owner in handlings:
        party_ref(hloc + ("osapuoli",), owner)
        body_ref(hloc + ("toimielin",), owner, h.body)
        for j, ref in enumerate(h.history):
            if ref not in refs or not isinstance(refs[ref], Approval):
                approvals = [k for k, v in refs.items() if isinstance(v, Approval)]
                out.append((hloc + ("aikaisempi_kasittely", j),
                            f"unknown decision '{ref}'"
                            + _suggest(ref, approvals, close=len(out) < MAX_HINTED)))

    out += _section_problems(pf, party_ref)

    for loc, value in iter_texts(pf):
        texts = [value] if isinstance(value, str) else list(value.values())
        for text in texts:
            for ref in find_references(text):
                if ref not in refs and ref not in CONTEXT_REFERENCES:
                    out.append((loc, f"unknown reference {{{ref}}}"
                                + _suggest(ref, refs, close=len(out) < MAX_HINTED)
                                + "; write {{ for a literal brace"))
    return out


def _party_languages(pf: PlanFile, i: int) -> list[Problem]:
    """A party's ``kielet``: not empty, each once, each among the plan's ``kielet`` (the
    matrix in that language needs the plan's texts in it)."""
    langs = pf.parties[i].languages
    loc: Loc = ("osapuolet", i, "kielet")
    if langs is None:
        return []
    if not langs:
        return [(loc, "no language; write sv, fi or [fi, sv], or remove kielet (then the "
                 "plan's kielet)")]
    out: list[Problem] = []
    for j, lang in enumerate(langs):
        if lang in langs[:j]:
            out.append((loc + (j,), f"language '{lang}' is listed twice"))
        elif lang not in pf.languages:
            out.append((loc + (j,), f"language '{lang}' is not among the plan's kielet "
                        f"({', '.join(pf.languages)}); add it there (and the plan's texts in "
                        f"{lang}) or choose one of them"))
    return out


def _section_problems(pf: PlanFile, party_ref: Callable[[Loc, str | None], None]
                      ) -> list[Problem]:
    """Section ids, the parties a section is shown to, and what a party's section replaces."""
    out: list[Problem] = []
    out += _unique([(("asia", "selostus", i, "tunnus"), s.id)
                    for i, s in enumerate(pf.item.explanation) if s.id], "section id")
    ids = [s.id for s in pf.item.explanation if s.id]
    # a party's own section may also take the place of one every other party gets
    shared = ids + [s.id for s in pf.item.party_explanation if s.id]
    groups: list[tuple[Loc, tuple[Section, ...]]] = [
        (("asia", "selostus"), pf.item.explanation),
        (("asia", "osapuolten_selostus"), pf.item.party_explanation),
        *((("osapuolet", i, "selostus"), p.explanation) for i, p in enumerate(pf.parties)),
    ]
    for gloc, sections in groups:
        for i, section in enumerate(sections):
            for j, pid in enumerate(section.parties or ()):
                party_ref(gloc + (i, "osapuolet", j), pid)
            if not isinstance(section, PartySection):
                continue
            if section.replaces and section.after:
                out.append((gloc + (i,), "give either korvaa or jalkeen, not both"))
            own = gloc[0] == "osapuolet"
            known = shared if own else ids
            for key, ref in (("korvaa", section.replaces), ("jalkeen", section.after)):
                if ref is not None and ref not in known:
                    out.append((gloc + (i, key), f"no section '{ref}' in asia.selostus"
                                + (" or asia.osapuolten_selostus" if own else "")
                                + _suggest(ref, known, close=len(out) < MAX_HINTED)
                                + "; give that section tunnus: " + ref))
    return out


def placeholder_warnings(pf: PlanFile, where: Callable[[Loc], str] | None = None
                         ) -> list[str]:
    """Where a text glues an ending to a name placeholder (``{osapuoli}n``, ``{toimielin}lle``,
    ``{osapuoli}s``): the name is not inflected that way ("kaupunkin"); each warning names the
    text and the placeholder to write instead (``{osapuoli_genetiivi}``)."""
    at = where or field_path
    out: list[str] = []
    for loc, value in iter_texts(pf):
        texts = [(pf.language, value)] if isinstance(value, str) else list(value.items())
        seen: set[str] = set()
        for lang, text in texts:
            for m in _GLUED_RE.finditer(text):
                glued = m.group(0)
                if glued in seen:
                    continue
                seen.add(glued)
                name, ending = m.group(1), m.group(2)
                if lang == "sv":  # Swedish has the genitive only, and not always with -s
                    out.append(f"{at(loc)}: '{glued}' glues an ending to the name; the Swedish "
                               "genitive is not always -s (nothing after s, x or z, ':s' after "
                               f"an abbreviation: 'r.f:s'); write {{{name}_genetiivi}} instead")
                    continue
                case = _ENDING_CASES.get(ending.lstrip(":").casefold(), "genetiivi")
                out.append(f"{at(loc)}: '{glued}' glues an ending to the name; the name is not "
                           f"inflected that way (e.g. 'kaupunkin'); write {{{name}_{case}}} "
                           f"instead (forms: {', '.join(f'{{{name}_{c}}}' for c in NAME_CASES)})")
    return out


MAX_MATRIX_ROWS = 10_000
"""Rows of the follow-up matrix (a measure for each party responsible for it): more than any
plan has; 72,000 rows took the combined matrix over 450 MB, and a returned matrix of over
50,000 rows is refused."""
_GLUED_RE = re.compile(r"\{(osapuoli|toimielin)\}(:?[^\W\d_]+)")
_ENDING_CASES = {
    "n": "genetiivi", "in": "genetiivi", "en": "genetiivi", "s": "genetiivi",
    "lle": "allatiivi", "ille": "allatiivi", "elle": "allatiivi",
    "lla": "adessiivi", "llä": "adessiivi", "lta": "ablatiivi", "ltä": "ablatiivi",
    "sta": "elatiivi", "stä": "elatiivi", "ssa": "inessiivi", "ssä": "inessiivi",
}


def missing_translations(pf: PlanFile, lang: Lang) -> list[Loc]:
    """Return the field paths of every text that has no `lang` version."""
    return [loc for loc, value in iter_texts(pf)
            if localized(value, lang, pf.language) is None]
