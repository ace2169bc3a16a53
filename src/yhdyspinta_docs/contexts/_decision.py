"""Pure functions: validated plan → what a template shows, formatted the Finnish (or Swedish) way.

Nothing here reads files or imports a document library. The shape of each context is
documented in docs/templates.md; :func:`decision_context` is the decision proposal's.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .._sanitize import sanitize_text
from ..errors import Issue, PlanError
from ..plan._checks import (
    PersonalDataMatcher,
    normalise_name,
    personal_data_matcher,
    personal_names,
    reference_ids,
)
from ..plan._model import (
    Approval,
    BodyKind,
    Event,
    Handling,
    Insert,
    Lang,
    Member,
    Party,
    Person,
    PlanFile,
    Status,
)
from ..plan._text import Block, Loc, expand_references, localized, parse_blocks
from ._formatting import APPEAL_TEXT, format_date, format_section, labels

__all__ = [
    "Localizer",
    "decision_context",
    "decision_contexts",
    "handling_for",
    "member_line",
    "person_line",
    "presenter_line",
    "redact_public",
]

# what a public version prints where a free text named a person whose data it leaves out
REMOVED = {"fi": "(henkilötieto poistettu)", "sv": "(personuppgift borttagen)"}


@dataclass
class Localizer:
    """Picks each text in one language and remembers every text missing in it."""

    pf: PlanFile
    lang: Lang
    missing: list[Loc] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    _personal: tuple[frozenset[str], PersonalDataMatcher | None] | None = field(
        default=None, init=False, repr=False, compare=False)

    def is_personal(self, name: str) -> bool:
        """True if `name` is marked ``henkilotieto`` anywhere in the plan (any spelling)."""
        return normalise_name(name) in self._personal_data()[0]

    def redact(self, value: Any) -> Any:
        """`value` (a context or part of one) with every personal name, e-mail address and phone
        number of the plan (see :func:`~..plan._checks.personal_data_matcher`) replaced
        with a note: a copy if anything was replaced, else `value` itself. The ``labels``
        table is kept as is."""
        matcher = self._personal_data()[1]
        if matcher is None:
            return value
        texts: list[str] = []

        def gather(v: Any) -> None:
            if isinstance(v, str):
                texts.append(v)
            elif isinstance(v, dict):
                for k, x in v.items():
                    if k != "labels":
                        gather(x)
            elif isinstance(v, list):
                for x in v:
                    gather(x)

        gather(value)
        joined = unicodedata.normalize("NFC", "\n\n".join(texts))
        if not matcher.might_occur(joined) or not matcher.pattern.search(joined):
            return value  # the common case: nothing to replace, nothing to copy
        pattern, note = matcher.pattern, REMOVED[self.lang]

        def copy(v: Any) -> Any:
            if isinstance(v, str):
                nfc = unicodedata.normalize("NFC", v)
                return pattern.sub(note, nfc) if pattern.search(nfc) else v
            if isinstance(v, dict):
                return {k: x if k == "labels" else copy(x) for k, x in v.items()}
            if isinstance(v, list):
                return [copy(x) for x in v]
            return v

        return copy(value)

    def _personal_data(self) -> tuple[frozenset[str], PersonalDataMatcher | None]:
        if self._personal is None:
            matcher = personal_data_matcher(self.pf)
            names = personal_names(self.pf) if matcher is not None else {}
            self._personal = (frozenset(names), matcher)
        return self._personal

    def text(self, value: Any, loc: Loc) -> str:
        """Return the `lang` version of `value` with references expanded, sanitised."""
        if value is None:
            return ""
        found = localized(value, self.lang, self.pf.language)
        if found is None:
            self.missing.append(loc)
            return ""
        return sanitize_text(expand_references(found, self._resolve))

    def blocks(self, value: Any, loc: Loc) -> list[Block]:
        """Return `value` split into paragraph and list blocks."""
        text = self.text(value, loc)
        return parse_blocks(text) if text else []

    def check(self) -> None:
        """Raise PlanError listing every missing translation, if any."""
        if self.missing:
            paths = sorted({_path(loc) for loc in self.missing})
            raise PlanError(
                [Issue(p, f"no '{self.lang}' text; add {self.lang}: '…' to this field")
                 for p in paths],
                header=f"{len(paths)} text(s) missing in language '{self.lang}'; documents are "
                "not made in mixed languages",
            )

    def _resolve(self, ref: str) -> str:
        if ref in self.names:
            return self.names[ref]
        target = reference_ids(self.pf).get(ref)
        if isinstance(target, Approval):
            date = format_date(target.date)
            return f"{date} ({format_section(target.section)})" if target.section else date
        if isinstance(target, Event):
            if target.date is not None:
                return format_date(target.date)
            return localized(target.name, self.lang, self.pf.language) or ref
        return ref


def _party_loc(pf: PlanFile, party_id: str) -> Loc:
    index = next((i for i, p in enumerate(pf.parties) if p.id == party_id), party_id)
    return ("osapuolet", index)


def _path(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def person_line(loc: Localizer, person: Person, where: Loc, *, public: bool) -> str:
    """``Name, title, e-mail, phone``: public versions leave out e-mail and phone, and the name
    too if it is marked ``henkilotieto`` anywhere in the plan (then only the title is shown)."""
    title = loc.text(person.title, where + ("nimike",))
    if public:
        return title if loc.is_personal(person.name) else ", ".join(
            p for p in (person.name, title) if p)
    parts = [person.name, title, person.email, person.phone]
    return ", ".join(p for p in parts if p)


def presenter_line(loc: Localizer, person: Person | None, where: Loc, *, public: bool) -> str:
    """``title Name`` of the presenter; only the title in public versions if the name is marked
    ``henkilotieto`` anywhere in the plan."""
    if person is None:
        return ""
    title = loc.text(person.title, where + ("nimike",))
    if public and loc.is_personal(person.name):
        return title
    return f"{title} {person.name}"


def member_line(loc: Localizer, member: Member, where: Loc, *, public: bool) -> str:
    """``Name, title, organisation`` of a working-group member; public versions leave out the
    name if it is marked ``henkilotieto`` here or anywhere else in the plan."""
    if member.party is not None:
        party = loc.pf.party(member.party)
        org = (loc.text(party.name, _party_loc(loc.pf, party.id) + ("nimi",)) if party
               else member.party)
    else:
        org = loc.text(member.organisation, where + ("organisaatio",))
    title = loc.text(member.title, where + ("nimike",))
    if public and (member.personal or loc.is_personal(member.name)):
        return ", ".join(p for p in (title, org) if p)
    return ", ".join(p for p in (member.name, title, org) if p)


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
            raise PlanError([Issue("asia.kasittely.osapuoli", "missing or unknown party")])
        return party, pf.item.handling, ("asia", "kasittely")
    for i, p in enumerate(pf.parties):
        if p.id != party_id:
            continue
        if p.handling is not None:
            return p, p.handling, ("osapuolet", i, "kasittely")
        board = next((b for b in p.bodies if b.kind is BodyKind.BOARD), None)
        if not allow_drafts or board is None:
            why = ("add kasittely (toimielin, kokouspaiva, esittelija, paatosehdotus)"
                   + (", or build drafts with --drafts" if board is not None else
                      "; for drafts, give the party a body of tyyppi: hallitus"))
            raise PlanError([Issue(f"osapuolet[{i}].kasittely",
                                   f"party '{p.id}' has no handling data; {why}")])
        draft = Handling(body=board.id, status=Status.DRAFT)
        return p, draft, ("osapuolet", i, "kasittely")
    raise PlanError([Issue("", f"unknown party '{party_id}'")])


def _inserted(loc: Localizer, what: Insert, *, public: bool) -> list[Block]:
    pf = loc.pf
    prep = ("suunnitelma", "valmistelu")
    if what.insert == "tyoryhma":
        items = [member_line(loc, m, prep + ("tyoryhma", i), public=public)
                 for i, m in enumerate(pf.plan.preparation.working_group)]
        return [{"kind": "lines", "items": items}] if items else []
    if what.insert == "toimenpiteet":
        items = [loc.text(m.title, ("suunnitelma", "toimenpiteet", i, "otsikko"))
                 for i, m in enumerate(pf.plan.measures)]
        return [{"kind": "list", "ordered": True, "items": items}]
    if what.insert == "kasittelyt":
        items = []
        for i, e in enumerate(pf.plan.preparation.events):
            name = loc.text(e.name, prep + ("kasittelyt", i, "nimi"))
            items.append(f"{name} {format_date(e.date)}".strip())
        return [{"kind": "list", "ordered": False, "items": items}] if items else []
    source = {
        "strategian_liittymapinta": (pf.plan.strategy_interface, "strategian_liittymapinta"),
        "seurannan_periaatteet": (pf.plan.followup, "seurannan_periaatteet"),
        "tiivistelma": (pf.plan.summary, "tiivistelma"),
    }[what.insert]
    return loc.blocks(source[0], ("suunnitelma", source[1]))


def _missing_for_final(h: Handling, labels_: dict[str, str]) -> list[tuple[str, str]]:
    missing = []
    if h.meeting_date is None:
        missing.append(("kokouspaiva", labels_["missing_date"]))
    if h.presenter is None:
        missing.append(("esittelija", labels_["missing_presenter"]))
    if h.proposal is None:
        missing.append(("paatosehdotus", labels_["missing_proposal"]))
    return missing


def decision_context(pf: PlanFile, party_id: str | None = None, lang: Lang | None = None, *,
                     public: bool = False, allow_drafts: bool = False) -> dict[str, Any]:
    """Return the decision-proposal context for the item handled by `party_id`'s body.

    `public` leaves out personal data not needed for public information: e-mail addresses and
    phone numbers, and every name marked ``henkilotieto`` wherever the plan names that person
    (working group, presenter, preparers, contacts; only the title is shown); any of these in
    a free text is replaced with a note. A handling without meeting date, presenter
    or proposal is an error naming the field, unless it is marked ``tila: luonnos`` or
    `allow_drafts` is given; then the document is visibly marked as a draft.
    """
    return decision_contexts(pf, party_id, lang, publics=(public,),
                             allow_drafts=allow_drafts)[0]


def decision_contexts(pf: PlanFile, party_id: str | None = None, lang: Lang | None = None, *,
                      publics: Sequence[bool] = (False, True), allow_drafts: bool = False
                      ) -> list[dict[str, Any]]:
    """:func:`decision_context` for each value of `public` in `publics`, made together.

    Equal to calling :func:`decision_context` once per value (tested), at little more than the
    cost of one call: only the parts that differ in a public version (the working group,
    presenter, preparers, contact details, non-public attachments) are made per version, and
    the public one is then copied with personal data replaced. The contexts share no mutable
    value.
    """
    lang = lang or pf.languages[0]
    loc = Localizer(pf, lang)
    lab = labels(lang)
    party, h, hloc = handling_for(pf, party_id, allow_drafts=allow_drafts)
    body = party.body(h.body)
    org = loc.text(party.name, _party_loc(pf, party.id) + ("nimi",))
    body_name = loc.text(body.name, hloc + ("toimielin",)) if body else ""
    loc.names = {"toimielin": body_name, "osapuoli": org}
    proposal, proposal_loc = h.proposal, hloc + ("paatosehdotus",)
    if proposal is None and hloc != ("asia", "kasittely"):
        proposal, proposal_loc = pf.item.party_proposal, ("asia", "osapuolten_paatosehdotus")
    h = h.model_copy(update={"proposal": proposal})
    missing = _missing_for_final(h, lab)
    draft = h.status is Status.DRAFT or (bool(missing) and allow_drafts)
    if missing and not draft:
        raise PlanError(
            [Issue(_path(hloc + (key,)), f"missing for party '{party.id}': {what}; add it, or "
                   "mark the handling 'tila: luonnos' (or build with --drafts)")
             for key, what in missing],
            header=f"the decision proposal of '{party.id}' is not complete")

    explanations: list[list[dict[str, Any]]] = [[] for _ in publics]
    for i, section in enumerate(pf.item.explanation):
        sloc: Loc = ("asia", "selostus", i)
        heading = loc.text(section.heading, sloc + ("otsikko",))
        versions: list[list[Block]] = [[] for _ in publics]
        for j, part in enumerate(section.content):
            if isinstance(part, Insert) and part.insert in _PERSONAL_INSERTS:
                for blocks, public in zip(versions, publics, strict=True):
                    blocks += _inserted(loc, part, public=public)
                continue
            made = (_inserted(loc, part, public=False) if isinstance(part, Insert)
                    else loc.blocks(part, sloc + ("sisalto", j)))
            for blocks in versions:
                blocks += _fresh(made)
        for explanation, blocks in zip(explanations, versions, strict=True):
            explanation.append({"heading": heading, "level": section.level, "blocks": blocks})

    history = []
    refs = reference_ids(pf)
    for ref in h.history:
        a = refs.get(ref)
        if isinstance(a, Approval):
            hp = pf.party(a.party)
            b = hp.body(a.body) if hp else None
            bloc = _party_loc(pf, a.party) + ("toimielimet", a.body, "nimi")
            name = loc.text(b.name, bloc) if b else ""
            history.append(f"{name} {format_date(a.date)} {format_section(a.section)}".strip())

    attachment_names: list[tuple[str, bool]] = []
    if pf.item.attach_plan:
        attachment_names.append((loc.text(pf.plan.name, ("suunnitelma", "nimi")), True))
    for i, att in enumerate(pf.item.attachments):
        attachment_names.append((loc.text(att.name, ("asia", "liitteet", i, "nimi")),
                                 att.public))

    common: dict[str, Any] = {
        "title": loc.text(pf.item.title, ("asia", "otsikko")),
        "competence": loc.text(h.competence, hloc + ("toimivalta",)),
        "proposal": loc.blocks(h.proposal, proposal_loc),
        "for_information": [loc.text(t, hloc + ("tiedoksi", i))
                            for i, t in enumerate(h.for_information)],
    }
    out = []
    for public, explanation in zip(publics, explanations, strict=True):
        attachments = [name if shown or not public else f"{name} (ei julkinen)"
                       for name, shown in attachment_names]
        preparers = [person_line(loc, p, hloc + ("valmistelijat", i), public=public)
                     for i, p in enumerate(h.preparers)]
        ctx = {
            "lang": lang,
            "labels": lab,
            "organisation": org,
            "body": body_name,
            "doc_type": lab["doc_type"],
            "date": format_date(h.meeting_date),
            "dnro": f"{lab['dnro']} {h.dnro}" if h.dnro else "",
            "section": format_section(h.section),
            "title": common["title"],
            "draft": draft,
            "draft_reasons": [what for _, what in missing] if draft else [],
            "history": list(history),
            "preparers": preparers,
            "explanation": explanation,
            "competence": common["competence"],
            "presenter": presenter_line(loc, h.presenter, hloc + ("esittelija",),
                                        public=public),
            "proposal": _fresh(common["proposal"]),
            "attachments": [f"{lab['attachment']} {n} {name}"
                            for n, name in enumerate(attachments, 1)],
            "for_information": list(common["for_information"]),
            "appeal": APPEAL_TEXT[lang][h.appeal] if h.appeal else "",
            "contact": [org, *preparers] if preparers else [],
        }
        out.append(loc.redact(ctx) if public else ctx)
    loc.check()
    return out


def redact_public(pf: PlanFile, lang: Lang, text: str) -> str:
    """`text` as a public version prints it: every personal name, e-mail address and phone
    number of `pf` replaced with a note (for document properties made outside a context)."""
    redacted: str = Localizer(pf, lang).redact(text)
    return redacted


# inserts whose text differs in a public version
_PERSONAL_INSERTS = frozenset({"tyoryhma"})


def _fresh(blocks: list[Block]) -> list[Block]:
    """A copy of `blocks` sharing no list or dict with it (strings are immutable)."""

    def copy(value: Any) -> Any:
        if type(value) is dict:
            return {key: copy(item) for key, item in value.items()}
        if type(value) is list:
            return [copy(item) for item in value]
        return value

    return [copy(block) for block in blocks]
