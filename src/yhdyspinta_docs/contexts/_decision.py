"""Pure functions: validated plan → what a template shows, formatted the Finnish (or Swedish) way.

Nothing here reads files or imports a document library. The shape of each context is
documented in docs/templates.md; :func:`decision_context` is the decision proposal's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import Issue, PlanError
from ..plan import (
    ALL_PARTIES,
    Approval,
    BodyKind,
    Handling,
    HandlingStatus,
    Insert,
    Lang,
    Party,
    PlanFile,
    Section,
    readiness,
)
from ..plan._checks import reference_ids, unknown_party
from ..plan._fields import LANGS, NAME_CASES
from ..plan._inflect import name_forms
from ..plan._item import PartySection
from ..plan._loader import proposal_languages
from ..plan._source import plan_where
from ..plan._text import Loc
from ._appeal import (
    APPEAL_HEADINGS,
    appeal_kind,
    appeal_text,
    decision_kind,
    law_of,
    members_of,
)
from ._approvals import forward_sentence, handling_line
from ._blocks import copy_blocks, parse_blocks
from ._formatting import format_date, format_section, labels
from ._localizer import Localizer, member_lines, party_loc, person_line, presenter_line
from ._types_blocks import Block, LinesBlock, ListBlock
from ._types_decision import DecisionContext, ExplanationSection, NameForms

__all__ = ["decision_context", "decision_contexts", "decision_title", "draft_note", "handling_for"]


def handling_for(pf: PlanFile, party_id: str | None = None, *, allow_drafts: bool = False
                 ) -> tuple[Party, Handling, Loc]:
    """Return the deciding party, its handling and the handling's field path.

    With no `party_id`, the item's own handling (``asia.kasittely``); otherwise that party's
    ``kasittely``. A party without one is an error naming it, unless `allow_drafts`: then a
    draft handling by the party's board (its first body of kind ``hallitus``) is assumed.
    """
    if party_id is None or party_id == pf.item.handling.party:
        party = pf.party(pf.item.handling.party or "")
        if party is None:
            raise PlanError([Issue(plan_where(pf, ("asia", "kasittely", "osapuoli")),
                                   "missing or unknown party")])
        return party, pf.item.handling, ("asia", "kasittely")
    for i, p in enumerate(pf.parties):
        if p.id != party_id:
            continue
        if p.handling is not None:
            return p, p.handling, ("osapuolet", i, "kasittely")
        board = next((b for b in p.bodies if b.kind is BodyKind.BOARD), None)
        if not allow_drafts or board is None:
            why = ("add kasittely (toimielin, kokouspaiva, esittelija, paatosehdotus)"
                   + (", or make drafts with allow_drafts=True" if board is not None else
                      "; for drafts, give the party a body of tyyppi: hallitus"))
            raise PlanError([Issue(plan_where(pf, ("osapuolet", i, "kasittely")),
                                   f"party '{p.id}' has no handling data; {why}")])
        draft = Handling(body=board.id, status=HandlingStatus.DRAFT)
        return p, draft, ("osapuolet", i, "kasittely")
    raise PlanError([Issue("", unknown_party(str(party_id), pf))])


def _inserted(loc: Localizer, what: Insert, *, public: bool) -> list[Block]:
    pf = loc.pf
    prep = ("suunnitelma", "valmistelu")
    if what.insert == "tyoryhma":
        items = member_lines(loc, public=public)
        return [LinesBlock(kind="lines", items=items)] if items else []
    if what.insert == "toimenpiteet":
        items = [loc.text(m.title, ("suunnitelma", "toimenpiteet", i, "otsikko"))
                 for i, m in enumerate(pf.plan.measures)]
        return [ListBlock(kind="list", ordered=True, items=items)]
    if what.insert == "kasittelyt":
        events = [f"{loc.text(e.name, prep + ('kasittelyt', i, 'nimi'))} "
                  f"{format_date(e.date)}".strip()
                  for i, e in enumerate(pf.plan.preparation.events)]
        return [ListBlock(kind="list", ordered=False, items=events)] if events else []
    source = {
        "strategian_liittymapinta": (pf.plan.strategy_interface, "strategian_liittymapinta"),
        "seurannan_periaatteet": (pf.plan.followup, "seurannan_periaatteet"),
        "tiivistelma": (pf.plan.summary, "tiivistelma"),
    }[what.insert]
    return loc.blocks(source[0], ("suunnitelma", source[1]))


_MISSING_LABELS = {"kokouspaiva": "missing_date", "esittelija": "missing_presenter",
                   "paatosehdotus": "missing_proposal"}


def decision_context(pf: PlanFile, party_id: str | None = None, lang: Lang | None = None, *,
                     public: bool = False, allow_drafts: bool = False) -> DecisionContext:
    """Return the decision-proposal context for the item handled by `party_id`'s body.

    `public` leaves out personal data not needed for public information: e-mail addresses and
    phone numbers, and every name marked ``henkilotieto`` wherever the plan names that person
    (working group, presenter, preparers, contacts; only the title is shown); any of these in
    a free text is replaced with a note. A handling without meeting date, presenter
    or proposal is an error naming the field, unless it is marked ``tila: luonnos`` or
    `allow_drafts` is given; then the document is visibly marked as a draft. `lang` defaults
    to the party's own (its first ``kielet`` among the plan's, as ``build`` makes its
    proposal), else the plan's first language.
    """
    return decision_contexts(pf, party_id, lang, publics=(public,),
                             allow_drafts=allow_drafts)[0]


def decision_contexts(pf: PlanFile, party_id: str | None = None, lang: Lang | None = None, *,
                      publics: Sequence[bool] = (False, True), allow_drafts: bool = False
                      ) -> list[DecisionContext]:
    """:func:`decision_context` for each value of `public` in `publics`, made together.

    Equal to calling :func:`decision_context` once per value (tested), at little more than the
    cost of one call: only the parts that differ in a public version (the working group,
    presenter, preparers, contact details, non-public attachments) are made per version, and
    the public one is then copied with personal data replaced. The contexts share no mutable
    value.
    """
    if not isinstance(pf, PlanFile):  # a path: the plan is loaded first
        raise PlanError([Issue("", f"the plan is a PlanFile, not a {type(pf).__name__}: plan "
                               "= yhdyspinta_docs.load_plan('plan.yaml')")])
    # the party's own language, as a build makes its proposal (Swedish for a party whose
    # kielet is sv), unless `lang` is given
    lang = lang or proposal_languages(pf, party_id, pf.languages)[0]
    if lang not in LANGS:
        raise PlanError([Issue("", f"lang is one of {', '.join(map(repr, LANGS))}, not "
                               f"{lang!r}")])
    loc = Localizer(pf, lang)
    lab = labels(lang)
    party, h, hloc = handling_for(pf, party_id, allow_drafts=allow_drafts)
    body = party.body(h.body)
    org = loc.text(party.name, party_loc(pf, party.id) + ("nimi",))
    body_name = loc.text(body.name, hloc + ("toimielin",)) if body else ""
    org_forms = name_forms(org, lang, party.inflection)
    body_forms = name_forms(body_name, lang, body.inflection if body else None)
    loc.names = {**_references("osapuoli", org_forms), **_references("toimielin", body_forms)}
    kind = decision_kind(h, body.kind if body else None)
    appeal_of = appeal_kind(h, kind)
    lab["appeal"] = APPEAL_HEADINGS[lang][appeal_of]
    appeal = (loc.text(h.appeal_text, hloc + ("muutoksenhakuohje",)) if h.appeal_text
              else appeal_text(lang, appeal_of, law_of(party), members_of(party)))
    proposal, proposal_loc = h.proposal, hloc + ("paatosehdotus",)
    forward: str | None = None  # a board proposing the plan to its council, in so many words
    ready = readiness(pf, party.id, h)
    source = ready.source
    if source == "forward" and body is not None:
        forward = forward_sentence(loc, party.id, body.id)
    elif source == "shared":
        proposal, proposal_loc = pf.item.party_proposal, ("asia", "osapuolten_paatosehdotus")
    h = h.model_copy(update={"proposal": proposal if forward is None else forward})
    missing = [(key, lab[_MISSING_LABELS[key]])  # type: ignore[literal-required]
               for key in ready.missing]
    draft = h.status is HandlingStatus.DRAFT or (bool(missing) and allow_drafts)
    if missing and not draft:
        raise PlanError(
            [Issue(plan_where(pf, hloc + (key,)), f"missing for party '{party.id}': {what}; add "
                   "it, or mark the handling 'tila: luonnos' (or make drafts with "
                   "allow_drafts=True)")
             for key, what in missing],
            header=f"the decision proposal of '{party.id}' is not complete")

    explanations: list[list[ExplanationSection]] = [[] for _ in publics]
    own = party.id == pf.item.handling.party
    for section, sloc in _sections_for(pf, party, own=own):
        heading = loc.text(section.heading, sloc + ("otsikko",))
        versions: list[list[Block]] = [[] for _ in publics]
        for j, part in enumerate(section.content):
            if (isinstance(part, Insert) and part.insert in _ITEM_PARTY_INSERTS and not own
                    and section.parties is None):
                continue  # the item party's own text (its strategy) is not another party's
            if isinstance(part, Insert) and part.insert in _PERSONAL_INSERTS:
                for blocks, public in zip(versions, publics, strict=True):
                    blocks += _inserted(loc, part, public=public)
                continue
            made = (_inserted(loc, part, public=False) if isinstance(part, Insert)
                    else loc.blocks(part, sloc + ("sisalto", j)))
            for blocks in versions:
                blocks += copy_blocks(made)
        if section.content and not any(versions):
            continue  # everything in it was left out for this party
        for explanation, blocks in zip(explanations, versions, strict=True):
            explanation.append(ExplanationSection(heading=heading, level=section.level,
                                                  blocks=blocks))

    history = []
    refs = reference_ids(pf)
    for ref in h.history:
        a = refs.get(ref)
        if isinstance(a, Approval):
            hp = pf.party(a.party)
            b = hp.body(a.body) if hp else None
            bloc = party_loc(pf, a.party) + ("toimielimet", a.body, "nimi")
            name = loc.text(b.name, bloc) if b else ""
            history.append(f"{name} {format_date(a.date)} {format_section(a.section)}".strip())
    # the party's own earlier handlings of this matter (returned for preparation, tabled, or
    # its board's proposal to the council), as the plan records them
    records = pf.decisions.records if pf.decisions is not None else []
    earlier = [r for r in records if r.party == party.id
               and h.meeting_date is not None and r.date < h.meeting_date]
    history += [handling_line(loc, r) for r in sorted(earlier, key=lambda r: (r.date, r.section))]

    attachment_names: list[tuple[str, bool]] = []
    if pf.item.attach_plan:
        attachment_names.append((loc.text(pf.plan.name, ("suunnitelma", "nimi")), True))
    for i, att in enumerate(pf.item.attachments):
        attachment_names.append((loc.text(att.name, ("asia", "liitteet", i, "nimi")),
                                 att.public))

    title = loc.text(pf.item.title, ("asia", "otsikko"))
    competence = loc.text(h.competence, hloc + ("toimivalta",))
    proposal_blocks = (parse_blocks(forward) if forward is not None
                       else loc.blocks(h.proposal, proposal_loc))
    for_information = [loc.text(t, hloc + ("tiedoksi", i))
                       for i, t in enumerate(h.for_information)]
    out: list[DecisionContext] = []
    for public, explanation in zip(publics, explanations, strict=True):
        attachments = [name if shown or not public else f"{name} ({lab['not_public']})"
                       for name, shown in attachment_names]
        preparers = [line for i, p in enumerate(h.preparers)
                     if (line := person_line(loc, p, hloc + ("valmistelijat", i),
                                             public=public))]
        ctx: DecisionContext = {
            "lang": lang,
            "labels": lab,
            "organisation": org,
            "organisation_forms": _context_forms(org_forms),
            "body": body_name,
            "body_forms": _context_forms(body_forms),
            "doc_type": lab["doc_type"],
            "date": format_date(h.meeting_date),
            "dnro": f"{lab['dnro']} {h.dnro}" if h.dnro else "",
            "section": format_section(h.section),
            "title": title,
            "draft": draft,
            "draft_reasons": [what for _, what in missing] if draft else [],
            "history": list(history),
            "preparers": preparers,
            "explanation": explanation,
            "competence": competence,
            # a draft without a presenter shows where the presenter goes
            "presenter": (presenter_line(loc, h.presenter, hloc + ("esittelija",),
                                         public=public)
                          or (f"({lab['missing_presenter']})" if draft else "")),
            "proposal": copy_blocks(proposal_blocks),
            "attachments": [f"{lab['attachment']} {n} {name}"
                            for n, name in enumerate(attachments, 1)],
            "for_information": list(for_information),
            "appeal": appeal,
            "decision_kind": kind.value,
            "contact": [org, *preparers] if preparers else [],
        }
        out.append(loc.redact(ctx) if public else ctx)
    loc.check()
    return out


# inserts whose text differs in a public version
_PERSONAL_INSERTS = frozenset({"tyoryhma"})
# inserts that are the item party's own text (the county's strategy, often in the first
# person): left out of other parties' proposals unless the section names its parties
_ITEM_PARTY_INSERTS = frozenset({"strategian_liittymapinta"})
_CASE_KEYS = {"genitive": "genetiivi", "allative": "allatiivi", "adessive": "adessiivi",
              "ablative": "ablatiivi", "elative": "elatiivi", "inessive": "inessiivi",
              "illative": "illatiivi"}


def _references(name: str, forms: dict[str, str]) -> dict[str, str]:
    """``{osapuoli}``, ``{osapuoli_genetiivi}`` … → the forms of the name."""
    return {name: forms[""], **{f"{name}_{case}": forms[case] for case in NAME_CASES}}


def _context_forms(forms: dict[str, str]) -> NameForms:
    return NameForms(nominative=forms[""], genitive=forms["genetiivi"],
                     allative=forms["allatiivi"], adessive=forms["adessiivi"],
                     ablative=forms["ablatiivi"], elative=forms["elatiivi"],
                     inessive=forms["inessiivi"], illative=forms["illatiivi"])


def _shown(section: Section, party_id: str) -> bool:
    return section.parties is None or party_id in section.parties \
        or ALL_PARTIES in section.parties


def _sections_for(pf: PlanFile, party: Party, *, own: bool) -> list[tuple[Section, Loc]]:
    """The explanation's sections for `party`'s proposal, with where each is in the plan.

    The item's sections shown to the party (``osapuolet``), then, for a party other than the
    item's own, ``asia.osapuolten_selostus``, and the party's own ``selostus``: each replaces
    the section named by ``korvaa``, comes after the one named by ``jalkeen``, or at the end.
    """
    entries: list[tuple[Section, Loc, str | None]] = [
        (s, ("asia", "selostus", i), s.id) for i, s in enumerate(pf.item.explanation)]
    groups: list[tuple[Loc, tuple[PartySection, ...]]] = []
    if not own:
        groups.append((("asia", "osapuolten_selostus"), pf.item.party_explanation))
    groups.append((party_loc(pf, party.id) + ("selostus",), party.explanation))
    for gloc, sections in groups:
        for i, ps in enumerate(sections):
            entry = (ps, gloc + (i,), ps.id)
            at = next((k for k, e in enumerate(entries)
                       if e[2] is not None and e[2] in (ps.replaces, ps.after)), None)
            if at is None:
                entries.append(entry)
            elif ps.replaces:
                entries[at] = (ps, gloc + (i,), ps.replaces)
            else:
                entries.insert(at + 1, entry)
    return [(s, sloc) for s, sloc, _ in entries if _shown(s, party.id)]


def draft_note(ctx: Mapping[str, Any]) -> dict[str, str]:
    """The manifest's note of a visibly marked draft, in its language: what it lacks
    (``{"draft": "kokouspäivä puuttuu"}``), or only that it is one where the handling is
    marked a draft; nothing for a proposal ready for its meeting."""
    if not ctx.get("draft"):
        return {}
    return {"draft": "; ".join(ctx["draft_reasons"]) or str(ctx["labels"]["marked_draft"])}


def decision_title(ctx: DecisionContext) -> str:
    """A proposal's stored title: not the plan's name alone, which the plan document carries,
    but the body, meeting and item, as its first page; a draft's says so first, as its page
    does (a browser tab, a search hit and a screen reader give the title before the text)."""
    meeting = " ".join(p for p in (ctx["body"], ctx["date"], ctx["section"]) if p)
    title = f"{meeting}: {ctx['title']}" if meeting else ctx["title"]
    return f"{ctx['labels']['draft']} – {title}" if ctx["draft"] else title
