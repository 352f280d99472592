"""Keep the head-state tables and the search index in step with each record's head."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, delete

from willay.core import search
from willay.core.gazetteer import gazetteer
from willay.core.models import (
    Incident,
    IncidentCode,
    Media,
    Person,
    Testimony,
    TestimonyIncident,
)


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
    search.remove(session, record_id)


def project(session: Session, record_id: str, kind: str, fields: dict[str, Any] | None,
            fresh: bool = False) -> None:
    """Write the head state of a record; ``fields=None`` (a tombstone) leaves none.

    ``fresh`` says the record has no head state yet (it just arrived), so there is
    nothing to clear first.
    """
    if not fresh:
        clear(session, record_id, kind)
        session.flush()
    if fields is None:
        return
    if kind == "incident":
        _project_incident(session, record_id, fields)
    elif kind == "person":
        _project_person(session, record_id, fields)
    elif kind == "testimony":
        _project_testimony(session, record_id, fields)
    elif kind == "media":
        _project_media(session, record_id, fields)


def _project_incident(session: Session, record_id: str, f: dict[str, Any]) -> None:
    place = f["place"]
    session.add(Incident(
        id=record_id, title=f["title"], occurred_start=f["occurred"]["start"],
        occurred_end=f["occurred"]["end"], precision=f["occurred"]["precision"],
        ubigeo=place["ubigeo"], place_text=place["text"], latitude=place["latitude"],
        longitude=place["longitude"], killed=f["killed"], injured=f["injured"],
        detained=f["detained"], narrative=f["narrative"], status=f["status"],
    ))
    session.flush()
    for vocab in ("violations", "perpetrators"):
        for code in f[vocab]:
            session.add(IncidentCode(incident_id=record_id, vocabulary=vocab, code=code))
    search.index(session, record_id, "incident", title=f["title"], body=f["narrative"],
                 place=_place_words(place))


def _project_person(session: Session, record_id: str, f: dict[str, Any]) -> None:
    session.add(Person(
        id=record_id, full_name=f["full_name"], pseudonym=f["pseudonym"],
        sex_gender=f["sex_gender"], age=f["age"], age_range=f["age_range"],
        community=f["community"], indigenous_people=f["indigenous_people"],
        languages=",".join(f["languages"]), roles=",".join(f["roles"]),
        contact=f["contact"], consent=f["consent"],
    ))
    search.index(session, record_id, "person", title=f["full_name"],
                 body=f["indigenous_people"], place=f["community"],
                 names=f"{f['full_name']} {f['pseudonym']}")


def _project_testimony(session: Session, record_id: str, f: dict[str, Any]) -> None:
    session.add(Testimony(
        id=record_id, witness_id=f["witness"], interviewer=f["interviewer"],
        recorded_date=f["recorded_date"], recorded_place=_place_words(f["recorded_place"]),
        language=f["language"], consent=f["consent"], transcript=f["transcript"],
        translation=f["translation"], notes=f["notes"],
    ))
    session.flush()
    for incident_id in f["incidents"]:
        session.add(TestimonyIncident(testimony_id=record_id, incident_id=incident_id))
    search.index(session, record_id, "testimony",
                 body="\n".join([f["transcript"], f["translation"], f["notes"]]),
                 place=_place_words(f["recorded_place"]), names=f["interviewer"])


def _project_media(session: Session, record_id: str, f: dict[str, Any]) -> None:
    meta = f["metadata"]

    def text_of(key: str) -> str | None:
        value = meta.get(key)
        return value if isinstance(value, str) else None

    def int_of(key: str) -> int | None:
        value = meta.get(key)
        return value if isinstance(value, int) else None

    session.add(Media(
        id=record_id, sha256=f["sha256"], size=f["size"], mime=f["mime"],
        media_kind=f["media_kind"], original_name=f["original_name"],
        intake_time=f["intake_time"], attached_to=f["attached_to"],
        captured_at=text_of("captured_at"), gps_latitude=text_of("gps_latitude"),
        gps_longitude=text_of("gps_longitude"), gps_altitude=text_of("gps_altitude"),
        camera_make=text_of("camera_make"), camera_model=text_of("camera_model"),
        orientation=int_of("orientation"), width=int_of("width"), height=int_of("height"),
    ))
    camera = " ".join(v for v in (text_of("camera_make"), text_of("camera_model")) if v)
    search.index(session, record_id, "media", title=f["original_name"],
                 body="\n".join(v for v in (camera, f["notes"]) if v))
