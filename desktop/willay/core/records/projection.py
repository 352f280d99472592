"""Keep the head-state tables and the search index in step with each record's head.

Each record's head state is a handful of rows (its table, its codes or links, its search
entry), built by :func:`rows_of` and written with one multi-row INSERT per table, so that
an import of many records costs a few statements rather than a few per record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, SQLModel, col, delete, select

from willay.core.records import custom_parts, fieldset_lookup, revisions, search
from willay.core.reference.fieldsets import FieldSet
from willay.core.reference.gazetteer import gazetteer
from willay.core.vault.models import (
    CustomCode,
    CustomPart,
    FieldSetHead,
    Incident,
    IncidentCode,
    Media,
    Person,
    Record,
    Testimony,
    TestimonyIncident,
)

# The kinds whose search entry also carries the words of their organization fields.
_WITH_PARTS = ("incident", "person", "testimony")
_SLICE = 500


@dataclass
class HeadRows:
    """The rows that hold one record's head state, ready to insert."""

    tables: dict[type[SQLModel], list[dict[str, Any]]] = field(
        default_factory=lambda: defaultdict(list))
    search: list[dict[str, str]] = field(default_factory=list)


def _place_words(place: dict[str, Any]) -> str:
    words = [place.get("text") or ""]
    if place.get("ubigeo"):
        found = gazetteer().get(place["ubigeo"])
        if found is not None:
            words.append(found.full_name)
    return " ".join(w for w in words if w)


def clear(session: Session, record_id: str, kind: str) -> None:
    """Remove a record's head state and index entry (before a rewrite or on deletion)."""
    if kind == "incident":
        session.execute(delete(IncidentCode).where(col(IncidentCode.incident_id) == record_id))
        session.execute(delete(Incident).where(col(Incident.id) == record_id))
    elif kind == "testimony":
        session.execute(
            delete(TestimonyIncident).where(col(TestimonyIncident.testimony_id) == record_id)
        )
        session.execute(delete(Testimony).where(col(Testimony.id) == record_id))
    elif kind == "person":
        session.execute(delete(Person).where(col(Person.id) == record_id))
    elif kind == "media":
        session.execute(delete(Media).where(col(Media.id) == record_id))
    elif kind == "fieldset":
        session.execute(delete(FieldSetHead).where(col(FieldSetHead.record_id) == record_id))
    elif kind == "custom":
        session.execute(delete(CustomCode).where(col(CustomCode.part_id) == record_id))
        session.execute(delete(CustomPart).where(col(CustomPart.id) == record_id))
    search.remove(session, record_id)


def project(session: Session, record_id: str, kind: str, fields: dict[str, Any] | None
            ) -> None:
    """Write the head state of a record in place of what it had; ``fields=None`` (a
    tombstone) leaves none. Records that just arrived use :func:`project_many`."""
    session.flush()  # the record row must exist before rows that refer to it
    owner = session.get(CustomPart, record_id) if kind == "custom" else None
    clear(session, record_id, kind)
    if fields is not None:
        project_many(session, [(record_id, kind, fields)])
    elif owner is not None:
        reindex(session, [owner.record_id])  # its words leave the record's search entry


def project_many(session: Session,
                 heads: Iterable[tuple[str, str, dict[str, Any]]]) -> None:
    """Write the head state of records that have none yet: ``(id, kind, fields)`` each.

    The caller has flushed the records' own rows.
    """
    rows = HeadRows()
    owners: set[str] = set()
    versions: dict[str, FieldSet | None] = {}  # parts of one import share few versions
    for record_id, kind, fields in heads:
        if kind == "custom":
            named = fields["fieldset"]
            if named not in versions:
                versions[named] = fieldset_lookup.version(
                    session, *custom_parts.parse_reference(named))
            _part(rows, record_id, fields, versions[named])
            owners.add(fields["of"])
        else:
            rows_of(rows, record_id, kind, fields)
    # Parents before children: codes and links refer to incidents and testimonies.
    for table in (Incident, Person, Testimony, Media, IncidentCode, TestimonyIncident,
                  FieldSetHead, CustomPart, CustomCode):
        if rows.tables.get(table):
            session.execute(insert(table), rows.tables[table])
    entered = _with_part_words(session, rows.search)
    search.index_many(session, rows.search)
    reindex(session, sorted(owners - entered))


def search_entries(session: Session, heads: Iterable[tuple[str, str, dict[str, Any]]]
                   ) -> list[dict[str, str]]:
    """The search entries of these records' heads (``(id, kind, fields)``), with the words
    of their organization fields, ready for :func:`search.index_many`."""
    rows = HeadRows()
    for record_id, kind, fields in heads:
        if kind != "custom":
            rows_of(rows, record_id, kind, fields)
    _with_part_words(session, rows.search)
    return rows.search


def _with_part_words(session: Session, entries: list[dict[str, str]]) -> set[str]:
    """Add to each record's search entry the words of its organization fields."""
    ids = [e["record_id"] for e in entries if e["kind"] in _WITH_PARTS]
    if not ids or session.exec(select(CustomPart.id).limit(1)).first() is None:
        return set(ids)
    words: dict[str, list[str]] = defaultdict(list)
    for start in range(0, len(ids), _SLICE):
        for owner, text in session.exec(
                select(CustomPart.record_id, CustomPart.text)
                .where(col(CustomPart.record_id).in_(ids[start:start + _SLICE]),
                       CustomPart.text != "")
                .order_by(col(CustomPart.sensitivity))).all():
            words[owner].append(text)
    for entry in entries:
        if entry["record_id"] in words:
            entry["body"] = "\n".join([entry["body"], *words[entry["record_id"]]])
    return set(ids)


def reindex(session: Session, record_ids: list[str]) -> None:
    """Write again the search entries of records whose organization fields changed."""
    heads = []
    for record_id in record_ids:
        record = session.get(Record, record_id)
        if record is None or record.deleted or record.kind not in _WITH_PARTS:
            continue  # a part that arrived before (or without) the record it belongs to
        head = revisions.newest_head(session, record_id)
        if head is None or head.fields is None:
            continue
        search.remove(session, record_id)
        heads.append((record_id, record.kind, head.fields))
    search.index_many(session, search_entries(session, heads))


def _part(rows: HeadRows, record_id: str, f: dict[str, Any],
          fieldset: FieldSet | None) -> None:
    set_id, number = custom_parts.parse_reference(f["fieldset"])
    values = custom_parts.values_of(f)
    rows.tables[CustomPart].append(dict(
        id=record_id, record_id=f["of"], record_kind=f["of_kind"],
        sensitivity=f["sensitivity"], set_id=set_id, version=number,
        text=custom_parts.searchable(fieldset, values)))
    rows.tables[CustomCode] += [
        dict(part_id=record_id, key=key, code=code, record_id=f["of"], set_id=set_id)
        for key, code in dict.fromkeys(custom_parts.coded(fieldset, values))]


def rows_of(rows: HeadRows, record_id: str, kind: str, f: dict[str, Any]) -> None:
    """Add the head-state rows of one record (its fields ``f``) to ``rows``."""
    if kind == "incident":
        _incident(rows, record_id, f)
    elif kind == "person":
        _person(rows, record_id, f)
    elif kind == "testimony":
        _testimony(rows, record_id, f)
    elif kind == "media":
        _media(rows, record_id, f)
    elif kind == "fieldset":
        rows.tables[FieldSetHead].append(dict(
            record_id=record_id, set_id=f["id"], version=f["version"],
            organization=f["organization"]))


def _entry(rows: HeadRows, record_id: str, kind: str, *, title: str = "", body: str = "",
           place: str = "", names: str = "") -> None:
    rows.search.append({"record_id": record_id, "kind": kind, "title": title, "body": body,
                        "place": place, "names": names})


def _incident(rows: HeadRows, record_id: str, f: dict[str, Any]) -> None:
    place = f["place"]
    rows.tables[Incident].append(dict(
        id=record_id, title=f["title"], occurred_start=f["occurred"]["start"],
        occurred_end=f["occurred"]["end"], precision=f["occurred"]["precision"],
        ubigeo=place["ubigeo"], place_text=place["text"], latitude=place["latitude"],
        longitude=place["longitude"], killed=f["killed"], injured=f["injured"],
        detained=f["detained"], narrative=f["narrative"], status=f["status"],
    ))
    for vocab in ("violations", "perpetrators"):
        for code in f[vocab]:
            rows.tables[IncidentCode].append(
                dict(incident_id=record_id, vocabulary=vocab, code=code))
    _entry(rows, record_id, "incident", title=f["title"], body=f["narrative"],
           place=_place_words(place))


def _person(rows: HeadRows, record_id: str, f: dict[str, Any]) -> None:
    rows.tables[Person].append(dict(
        id=record_id, full_name=f["full_name"], pseudonym=f["pseudonym"],
        sex_gender=f["sex_gender"], age=f["age"], age_range=f["age_range"],
        community=f["community"], indigenous_people=f["indigenous_people"],
        languages=",".join(f["languages"]), roles=",".join(f["roles"]),
        contact=f["contact"], consent=f["consent"],
    ))
    _entry(rows, record_id, "person", title=f["full_name"], body=f["indigenous_people"],
           place=f["community"], names=f"{f['full_name']} {f['pseudonym']}")


def _testimony(rows: HeadRows, record_id: str, f: dict[str, Any]) -> None:
    rows.tables[Testimony].append(dict(
        id=record_id, witness_id=f["witness"], interviewer=f["interviewer"],
        recorded_date=f["recorded_date"], recorded_place=_place_words(f["recorded_place"]),
        language=f["language"], consent=f["consent"], transcript=f["transcript"],
        translation=f["translation"], notes=f["notes"],
    ))
    for incident_id in f["incidents"]:
        rows.tables[TestimonyIncident].append(
            dict(testimony_id=record_id, incident_id=incident_id))
    _entry(rows, record_id, "testimony",
           body="\n".join([f["transcript"], f["translation"], f["notes"]]),
           place=_place_words(f["recorded_place"]), names=f["interviewer"])


def _media(rows: HeadRows, record_id: str, f: dict[str, Any]) -> None:
    meta = f["metadata"]

    def text_of(key: str) -> str | None:
        value = meta.get(key)
        return value if isinstance(value, str) else None

    def int_of(key: str) -> int | None:
        value = meta.get(key)
        return value if isinstance(value, int) else None

    rows.tables[Media].append(dict(
        id=record_id, sha256=f["sha256"], size=f["size"], mime=f["mime"],
        media_kind=f["media_kind"], original_name=f["original_name"],
        intake_time=f["intake_time"], attached_to=f["attached_to"],
        captured_at=text_of("captured_at"), gps_latitude=text_of("gps_latitude"),
        gps_longitude=text_of("gps_longitude"), gps_altitude=text_of("gps_altitude"),
        camera_make=text_of("camera_make"), camera_model=text_of("camera_model"),
        orientation=int_of("orientation"), width=int_of("width"), height=int_of("height"),
    ))
    camera = " ".join(v for v in (text_of("camera_make"), text_of("camera_model")) if v)
    _entry(rows, record_id, "media", title=f["original_name"],
           body="\n".join(v for v in (camera, f["notes"]) if v))
