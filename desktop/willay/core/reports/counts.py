"""A coordinator's counts: events, killed, injured and detained, with linked incidents once.

Records that a coordinator linked as the same event (:mod:`willay.core.reconcile.links`) form one
**event**; an incident without links is an event on its own. The counting rule, stated
in every report (:data:`COUNTING_RULE`):

- killed, injured and detained of an event are the highest number any of its records
  gives: two documenters counting the same dead do not add up;
- its violations and perpetrators are every code any of its records gives;
- its date runs from the earliest start to the latest end of its records, and it falls
  in the month of that earliest start (a date vaguer than a month falls in no month);
- its title and place are those of its earliest record (the earliest with a district,
  if that one has none).

Filters (:class:`~willay.core.records.filter.IncidentFilter`) apply to events so merged
(see :func:`passes`). A row by violation or perpetrator counts each event under each of
its codes, so those tables do not add up to the totals. Deleted records are not in the
head-state tables, so they never count. Everything is read in one pass over the
incident table (no record bodies), fast enough for 100,000 incidents
(:mod:`willay.core.reports.incident_data`); the words of each row are in
:mod:`willay.core.reports.labels`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from willay.core.errors import ValidationError
from willay.core.i18n import _
from willay.core.progress import CancelToken
from willay.core.reconcile import links
from willay.core.records.filter import IncidentFilter
from willay.core.reference.dates import FuzzyDate
from willay.core.reports.incident_data import (
    IncidentData,
    check_cancel,
    load_incidents,
    ordered_codes,
)
from willay.core.reports.labels import key_label, place_name
from willay.core.sharing.anonymize import pseudonym
from willay.core.sharing.partners import allows

AUDIENCES = ("internal", "partners", "legal", "public")
LANGUAGES = ("es", "en")
DIMENSIONS = ("department", "province", "district", "month", "violation", "perpetrator")
VICTIM_ROLE = "victim"

COUNTING_RULE = {
    "es": ("Cada evento se cuenta una vez: los registros que la coordinación vinculó como el "
           "mismo evento forman uno solo. Muertos, heridos y detenidos de un evento son el "
           "número más alto que da cualquiera de sus registros (dos documentadores que cuentan "
           "a los mismos muertos no se suman); sus violaciones y perpetradores, todos los que "
           "dan sus registros; su fecha va del inicio más temprano al fin más tardío y cuenta "
           "en el mes de ese inicio (una fecha más vaga que un mes, como un año, en ningún "
           "mes); su título y lugar son los de su registro más temprano. "
           "En las tablas por violación y por perpetrador un evento cuenta bajo cada uno de "
           "sus códigos, así que no suman los totales."),
    "en": ("Each event is counted once: records the coordinator linked as the same event "
           "form one. An event's killed, injured and detained are the highest number any of "
           "its records gives (two documenters counting the same dead do not add up); its "
           "violations and perpetrators are all those its records give; its date runs from "
           "the earliest start to the latest end and counts in the month of that start (a "
           "date vaguer than a month, such as a year, in no month); its title and place are "
           "those of its earliest record. In the tables by violation and by perpetrator an "
           "event counts under each of its codes, so they do not add up to the totals."),
}
VICTIMS_RULE = {
    "es": ("Víctimas: personas con el rol «víctima» que dieron un testimonio sobre un evento "
           "del informe (el archivo vincula personas e incidentes a través de los "
           "testimonios); una persona vinculada como la misma aparece una vez. Su nombre "
           "aparece solo si su consentimiento alcanza a este público; si no, su seudónimo."),
    "en": ("Victims: people with the role “victim” who gave a testimony about an event in "
           "this report (the archive links people to incidents through testimonies); people "
           "linked as the same person appear once. A name appears only where the person's "
           "consent reaches this audience; otherwise the pseudonym does."),
}
@dataclass(slots=True)
class Event:
    """One event: a group of linked incidents, or one incident standing alone.

    ``id`` is the group's representative (the smallest incident id), stable while the
    links stay as they are; ``members`` are its records, earliest first.
    """

    id: str
    members: tuple[IncidentData, ...]
    title: str
    start: str
    end: str
    precision: str
    ubigeo: str | None
    place_text: str
    killed: int
    injured: int
    detained: int
    violations: tuple[str, ...]
    perpetrators: tuple[str, ...]

    @property
    def month(self) -> str:
        """Return YYYY-MM of the start, or "" for a date vaguer than a month.

        Day-precise dates count in the month they start; a month, an approximate date or
        a year counts in its month only if it does not run past it.
        """
        if self.precision == "day" or self.start[:7] == self.end[:7]:
            return self.start[:7]
        return ""

    def date_label(self) -> str:
        """Return the event's dates as a short label."""
        return FuzzyDate(date.fromisoformat(self.start), date.fromisoformat(self.end),
                         self.precision).label()


@dataclass(frozen=True)
class CountRow:
    """One line of a table by dimension: how many events, killed, injured and detained."""

    key: str
    label: str
    events: int
    killed: int
    injured: int
    detained: int


@dataclass(frozen=True)
class Totals:
    """The report's totals: events, the records they merge, and the people counted."""

    events: int
    records: int
    killed: int
    injured: int
    detained: int


@dataclass(frozen=True)
class VictimRow:
    """One victim in the list: a name only where consent reaches the audience."""

    person_id: str
    label: str
    named: bool
    events: tuple[str, ...]


@dataclass
class Report:
    """Everything a report shows, with labels in one language."""

    filters: IncidentFilter
    lang: str
    audience: str
    totals: Totals
    tables: dict[str, list[CountRow]]
    timeline: list[Event]
    victims: list[VictimRow] = field(default_factory=list)

    def place_label(self, ubigeo: str | None) -> str:
        """Return a district's full name (or "no place recorded") in the report's language."""
        return place_name(ubigeo, self.lang)


def check_audience(audience: str) -> str:
    """Return ``audience`` if known; ValidationError naming the valid ones otherwise."""
    if audience not in AUDIENCES:
        raise ValidationError(_("Unknown audience '{audience}'; use one of: {audiences}.").format(
            audience=audience, audiences=", ".join(AUDIENCES)))
    return audience


def check_language(lang: str) -> str:
    """Return ``lang`` if reports speak it ("es" or "en"); ValidationError otherwise."""
    if lang not in LANGUAGES:
        raise ValidationError(_("Unknown report language '{language}'; use es or en.").format(
            language=lang))
    return lang


def name_visible(consents: Iterable[str], audience: str) -> bool:
    """Whether a person's name may appear for ``audience`` given every consent it carries.

    ``internal`` is the vault's own team, who see everything; otherwise every consent
    must reach the audience, as it would for a partner of that scope.
    """
    if check_audience(audience) == "internal":
        return True
    return all(allows(audience, consent) for consent in consents)


# -- events: linked incidents once -----------------------------------------------------
def merge_event(event_id: str, members: list[IncidentData]) -> Event:
    """Merge the records of one event by the counting rule (see the module docstring)."""
    if len(members) == 1:
        m = members[0]
        return Event(id=event_id, members=(m,), title=m.title, start=m.start, end=m.end,
                     precision=m.precision, ubigeo=m.ubigeo, place_text=m.place_text,
                     killed=m.killed, injured=m.injured, detained=m.detained,
                     violations=m.violations, perpetrators=m.perpetrators)
    members = sorted(members, key=lambda m: (m.start, m.end, m.id))
    first = members[0]
    placed = next((m for m in members if m.ubigeo), first)
    return Event(
        id=event_id, members=tuple(members), title=first.title, start=first.start,
        end=max(m.end for m in members), precision=first.precision if len(members) == 1
        else _merged_precision(members),
        ubigeo=placed.ubigeo, place_text=placed.place_text,
        killed=max(m.killed for m in members), injured=max(m.injured for m in members),
        detained=max(m.detained for m in members),
        violations=ordered_codes([c for m in members for c in m.violations], "violations"),
        perpetrators=ordered_codes([c for m in members for c in m.perpetrators], "perpetrators"),
    )


def _merged_precision(members: list[IncidentData]) -> str:
    precisions = {m.precision for m in members}
    if precisions == {"day"}:
        return "day"
    return "month" if "approximate" not in precisions else "approximate"


def group_events(incidents: list[IncidentData], groups: dict[str, str],
                 cancel: CancelToken | None = None) -> list[Event]:
    """Merge incidents into events by their group representative (``links.groups``)."""
    by_group: dict[str, list[IncidentData]] = defaultdict(list)
    for incident in incidents:
        by_group[groups.get(incident.id, incident.id)].append(incident)
    check_cancel(cancel)
    merged = []
    for n, (event_id, members) in enumerate(by_group.items()):
        if not n % 64:
            check_cancel(cancel)
        merged.append(merge_event(event_id, members))
    return merged


def passes(event: Event, filters: IncidentFilter) -> bool:
    """Whether an event (as merged) meets every restriction of ``filters``.

    The same restrictions as on one incident, on the merged place, dates and codes; a
    status is met if any of the event's records is in it.
    """
    if filters.place and not (event.ubigeo or "").startswith(filters.place):
        return False
    if filters.date_from is not None and event.end < filters.date_from.isoformat():
        return False
    if filters.date_to is not None and event.start > filters.date_to.isoformat():
        return False
    if filters.violation and filters.violation not in event.violations:
        return False
    if filters.perpetrator and filters.perpetrator not in event.perpetrators:
        return False
    return not (filters.status and all(m.status != filters.status for m in event.members))


def events(session: Session, filters: IncidentFilter | None = None,
           with_narrative: bool = False, cancel: CancelToken | None = None) -> list[Event]:
    """Return the events that pass ``filters``, earliest first.

    Raises :class:`~willay.core.progress.Cancelled` soon after ``cancel`` is set.
    """
    incidents = load_incidents(session, with_narrative, filters, cancel=cancel)
    merged = group_events(incidents, links.groups(session, "incident"), cancel)
    check_cancel(cancel)
    if filters is not None and filters.active():
        merged = [e for e in merged if passes(e, filters)]
    check_cancel(cancel)
    merged.sort(key=lambda e: (e.start, e.end, e.id))
    return merged


# -- counting --------------------------------------------------------------------------
def event_keys(event: Event, dimension: str) -> tuple[str, ...]:
    """Return the keys an event counts under in one dimension."""
    if dimension == "department":
        return ((event.ubigeo or "")[:2],)
    if dimension == "province":
        return ((event.ubigeo or "")[:4],)
    if dimension == "district":
        return (event.ubigeo or "",)
    if dimension == "month":
        return (event.month,)
    if dimension == "violation":
        return event.violations or ("",)
    if dimension == "perpetrator":
        return event.perpetrators or ("",)
    raise ValidationError(_("Unknown way to count '{dimension}'; use one of: "
                            "{dimensions}.").format(dimension=dimension,
                                                    dimensions=", ".join(DIMENSIONS)))


def count_by(merged: Iterable[Event], dimension: str, lang: str = "es") -> list[CountRow]:
    """Count events, killed, injured and detained by one dimension.

    Months and places come in their natural order (places by code), the unknown last;
    violations and perpetrators by number of events, most first.
    """
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for event in merged:
        for key in event_keys(event, dimension):
            row = sums[key]
            row[0] += 1
            row[1] += event.killed
            row[2] += event.injured
            row[3] += event.detained
    return count_rows(sums, dimension, lang)


def count_rows(sums: dict[str, list[int]], dimension: str, lang: str) -> list[CountRow]:
    """Turn sums of (events, killed, injured, detained) by key into labelled, ordered rows."""
    rows = [CountRow(key, key_label(dimension, key, lang), *values)
            for key, values in sums.items()]
    if dimension in ("violation", "perpetrator"):
        rows.sort(key=lambda r: (not r.key, -r.events, r.label))
    else:
        rows.sort(key=lambda r: (not r.key, r.key))
    return rows


def totals(merged: list[Event]) -> Totals:
    """Return the totals of a list of events."""
    return Totals(events=len(merged), records=sum(len(e.members) for e in merged),
                  killed=sum(e.killed for e in merged), injured=sum(e.injured for e in merged),
                  detained=sum(e.detained for e in merged))


# -- victims ---------------------------------------------------------------------------
def victims(session: Session, merged: list[Event], audience: str,
            cancel: CancelToken | None = None) -> list[VictimRow]:
    """Return the victims connected to these events, named only where consent allows.

    A victim is a person whose roles include ``victim`` and who gave a testimony about
    one of the events' records. People linked as one person appear once, under the
    group's representative; the name shows only if the consent of every linked record
    reaches ``audience``, otherwise the pseudonym (or a stable code) does.
    """
    check_audience(audience)
    event_of = {m.id: e.id for e in merged for m in e.members}
    if not event_of:
        return []
    person_group = links.groups(session, "person")
    people: dict[str, dict[str, Any]] = {}
    events_of: dict[str, set[str]] = defaultdict(set)
    rows = session.execute(text(
        "SELECT ti.incident_id, p.id, p.full_name, p.pseudonym, p.consent, p.roles "
        "FROM testimony_incident ti JOIN testimony t ON t.id = ti.testimony_id "
        "JOIN person p ON p.id = t.witness_id WHERE p.roles LIKE :role"),
        {"role": f"%{VICTIM_ROLE}%"})
    for n, (incident_id, person_id, name, given, consent, roles) in enumerate(rows):
        if not n % 1024:
            check_cancel(cancel)
        if incident_id not in event_of or VICTIM_ROLE not in roles.split(","):
            continue
        group = person_group.get(person_id, person_id)
        people[person_id] = {"name": name, "pseudonym": given, "consent": consent,
                             "group": group}
        events_of[group].add(event_of[incident_id])
    members: dict[str, list[str]] = defaultdict(list)
    for person_id, rep in person_group.items():
        members[rep].append(person_id)
    order = {e.id: i for i, e in enumerate(merged)}
    out = []
    for group, found in events_of.items():
        check_cancel(cancel)
        ids = sorted(set(members.get(group, [])) | {p for p, v in people.items()
                                                     if v["group"] == group})
        known = [k for k in (_person(session, pid, people) for pid in ids) if k is not None]
        primary = next((k for k in known if k["id"] == group), known[0])
        named = name_visible((k["consent"] for k in known), audience)
        given = next((k["pseudonym"] for k in known if k["pseudonym"]), "")
        label = primary["name"] if named else pseudonym(group, given)
        out.append(VictimRow(person_id=group, label=label, named=named,
                             events=tuple(sorted(found, key=lambda e: order[e]))))
    out.sort(key=lambda v: (not v.named, v.label.casefold(), v.person_id))
    return out


def _person(session: Session, person_id: str,
            seen: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    if person_id in seen:
        return {"id": person_id, **seen[person_id]}
    row = session.execute(text("SELECT full_name, pseudonym, consent FROM person WHERE id = :id"),
                          {"id": person_id}).first()
    if row is None:  # a linked person since deleted
        return None
    return {"id": person_id, "name": row[0], "pseudonym": row[1], "consent": row[2]}


# -- the whole report --------------------------------------------------------------------
def build(session: Session, filters: IncidentFilter | None = None, lang: str = "es",
          audience: str = "partners", with_victims: bool = True,
          cancel: CancelToken | None = None) -> Report:
    """Return the counts, tables by every dimension, timeline and victims of a report.

    Raises :class:`~willay.core.progress.Cancelled` soon after ``cancel`` is set.
    """
    check_language(lang)
    check_audience(audience)
    filters = filters or IncidentFilter()
    merged = events(session, filters, cancel=cancel)
    tables = {}
    for dimension in DIMENSIONS:
        check_cancel(cancel)
        tables[dimension] = count_by(merged, dimension, lang)
    return Report(
        filters=filters, lang=lang, audience=audience, totals=totals(merged),
        tables=tables, timeline=merged,
        victims=victims(session, merged, audience, cancel) if with_victims else [],
    )
