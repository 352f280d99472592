"""Reads and writes of records for the window, one session per unit of work.

This is the only GUI module that opens sessions. Each method is short (one query or
one revision) and runs in the GUI thread; long work goes through the controller's
worker thread instead. What it returns are plain values (frozen rows, tuples), copied
inside the session: no stored object outlives it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from willay.core.errors import NotFoundError
from willay.core.formats.card import Card
from willay.core.media import intake as media
from willay.core.media import redaction
from willay.core.progress import CancelToken, Progress
from willay.core.reconcile import conflicts, duplicates, links, merge
from willay.core.records import (
    custody,
    custom_values,
    fieldset_lookup,
    fieldset_store,
    queries,
    unit_of_work,
)
from willay.core.records import service as records
from willay.core.records.filter import IncidentFilter
from willay.core.records.search import SearchHit, search
from willay.core.records.search import count as count_matches
from willay.core.reference.fieldset_text import described
from willay.core.reference.fieldsets import FieldSet, label_in
from willay.core.reports import counts as reports
from willay.core.reports import csv as report_csv
from willay.core.reports import custom_fields
from willay.core.reports import summary as summaries
from willay.core.sharing import delivery, partners
from willay.core.vault.identity import own_card
from willay.gui.opening import Store
from willay.gui.rows import CustodyRow, Found, OrganizationValues, PartnerRow, RedactionRow

if TYPE_CHECKING:
    from sqlmodel import Session




def _table_key(column: custom_fields.Column) -> str:
    return f"field:{column.fieldset.id}.{column.entry.key}"


class Archive:
    """The records of one unlocked vault, or hub."""

    def __init__(self, vault: Store) -> None:
        self._vault = vault

    # -- counts and pages --------------------------------------------------------
    def data_version(self) -> tuple[int, int, str]:
        """A stamp that changes whenever records or duplicate decisions change (any process)."""
        with self._vault.session() as session:
            return queries.data_version(session)

    def count_incidents(self, filters: IncidentFilter | None = None) -> int:
        """How many incidents match ``filters``."""
        with self._vault.session() as session:
            return queries.count_incidents(session, filters)

    def incident_page(self, offset: int, limit: int,
                      filters: IncidentFilter | None = None, order: str = "occurred",
                      descending: bool = True) -> list[queries.IncidentRow]:
        """One page of the incident list, sorted by ``order`` (see queries.INCIDENT_ORDERS)."""
        with self._vault.session() as session:
            return queries.incident_page(session, offset, limit, filters, order, descending)

    def count_people(self) -> int:
        """How many people the vault holds."""
        with self._vault.session() as session:
            return queries.count_people(session)

    def people_page(self, offset: int, limit: int) -> list[queries.PersonRow]:
        """One page of the people list."""
        with self._vault.session() as session:
            return queries.people_page(session, offset, limit)

    def all_people(self) -> list[queries.PersonRow]:
        """People to choose a witness from."""
        with self._vault.session() as session:
            return queries.all_people(session)

    def count_media(self, attached_to: list[str] | None = None) -> int:
        """How many media items (attached to ``attached_to`` when given)."""
        with self._vault.session() as session:
            return queries.count_media(session, attached_to)

    def media_page(self, offset: int, limit: int,
                   attached_to: list[str] | None = None) -> list[queries.MediaRow]:
        """One page of a media gallery."""
        with self._vault.session() as session:
            return queries.media_page(session, offset, limit, attached_to)

    def media_item(self, media_id: str) -> queries.MediaRow | None:
        """One media item."""
        with self._vault.session() as session:
            return queries.media_item(session, media_id)

    def thumbnails(self, shas: list[str]) -> dict[str, bytes]:
        """The JPEG thumbnails of these originals (images only)."""
        out = {}
        with self._vault.session() as session:
            for sha in shas:
                jpeg = media.thumbnail(session, sha)
                if jpeg is not None:
                    out[sha] = jpeg
        return out

    # -- one record --------------------------------------------------------------
    def record(self, record_id: str) -> records.RecordView:
        """A record's current fields."""
        with self._vault.session() as session:
            return records.get(session, record_id)

    def title_of(self, record_id: str, kind: str) -> str:
        """How lists name a record: an incident's title, a person's (or witness's) name."""
        with self._vault.session() as session:
            return str(records.summary(session, record_id, kind)["title"])

    def kind_of(self, record_id: str) -> str | None:
        """The kind of a record."""
        with self._vault.session() as session:
            return queries.record_kind(session, record_id)

    def links(self, incident_id: str) -> queries.IncidentLinks:
        """Testimonies, witnesses and media of an incident."""
        with self._vault.session() as session:
            return queries.incident_links(session, incident_id)

    def testimonies_of(self, person_id: str) -> list[queries.TestimonyRow]:
        """Testimonies a person gave."""
        with self._vault.session() as session:
            return queries.testimonies_of_person(session, person_id)

    def changes(self, record_id: str) -> list[queries.Change]:
        """The revisions of a record with the fields each changed."""
        with self._vault.session() as session:
            return queries.changes(session, record_id)

    def custody(self, record_ids: list[str]) -> list[CustodyRow]:
        """Custody events about these records, oldest first."""
        with self._vault.session() as session:
            return [CustodyRow.of(event) for event in custody.events_for(session, record_ids)]

    def media_fields(self, media_id: str) -> dict[str, Any]:
        """All fields of a media item (metadata included)."""
        with self._vault.session() as session:
            return records.get(session, media_id).fields or {}

    def redaction(self, media_id: str) -> RedactionRow | None:
        """The current redacted copy of a photo, if it has one."""
        with self._vault.session() as session:
            found = redaction.current(session, media_id)
            return RedactionRow.of(found) if found is not None else None

    # -- writes ------------------------------------------------------------------
    def save(self, kind: str, record_id: str | None, fields: dict[str, Any],
             custom: OrganizationValues | None = None) -> str:
        """Create (``record_id`` None) or revise a record, with the values of its
        organization fields when given, in one unit of work; return its id. On a hub,
        saved again when another coordinator's work at the same moment undid it, unless
        they changed this very record."""
        def work(session: Session) -> str:
            saved = record_id
            if saved is None:
                saved = records.create(session, kind, fields)
            else:
                records.edit(session, saved, fields)
            if custom is not None:
                custom_values.write(session, saved, custom.values,
                                    fieldset=custom.fieldset, draft=custom.draft)
            return saved

        return unit_of_work.write(self._vault, work, [record_id] if record_id else [])

    # -- field sets --------------------------------------------------------------
    def organization_form(self, record_id: str | None, kind: str
                          ) -> tuple[FieldSet, dict[str, Any]] | None:
        """The field set an editor of ``kind`` shows (the record's own, else the one this
        vault fills in) and the record's values; None when it has no field for ``kind``."""
        with self._vault.session() as session:
            found, values = custom_values.form_for(session, record_id)
        return (found, values) if found is not None and found.for_kind(kind) else None

    def custom_shown(self, record_id: str, kind: str, lang: str
                     ) -> tuple[str, list[tuple[str, str]]]:
        """A record's organization fields in words: the set's name and (label, value)
        pairs, headings with no value; a set this vault lacks shows keys and values."""
        with self._vault.session() as session:
            read = custom_values.read(session, record_id)
            if not read.values:
                return "", []
            if read.fieldset is None:
                return read.named, [(key, str(value)) for key, value in read.values.items()]
            names = custom_values.linked_names(session, read.fieldset, kind, read.values)
        return (label_in(read.fieldset.labels, lang),
                described(read.fieldset, kind, read.values, lang, names))

    def custom_values(self, record_id: str) -> custom_values.RecordValues:
        """The values a record gives its organization fields."""
        with self._vault.session() as session:
            return custom_values.read(session, record_id)

    def fieldsets(self) -> tuple[list[FieldSet], str | None]:
        """Every field set held here (newest versions) and the id of the one in use."""
        with self._vault.session() as session:
            used = fieldset_lookup.in_use(session)
            return fieldset_lookup.held(session), used.id if used else None

    def organization_labels(self, lang: str) -> dict[str, str]:
        """The label of every field of the field sets held here, by key."""
        return {entry.key: label_in(entry.labels, lang) for fieldset in self.fieldsets()[0]
                for entry in fieldset.fields}

    def keep_fieldset(self, fieldset: FieldSet, use: bool = False) -> fieldset_store.Kept:
        """Keep a field set (new, or its next version)."""
        with self._vault.session() as session:
            return fieldset_store.keep(session, fieldset, use=use)

    def use_fieldset(self, set_id: str) -> None:
        """Fill in new records with ``set_id``."""
        with self._vault.session() as session:
            fieldset_store.use(session, set_id)

    def organization(self) -> str:
        """This vault's organization, as its card names it."""
        with self._vault.session() as session:
            return own_card(session).organization

    # -- search and identity -----------------------------------------------------
    def search(self, query: str, filters: IncidentFilter | None = None,
               limit: int = 200) -> list[Found]:
        """Records matching ``query`` and ``filters``, best first."""
        return self.search_page(query, filters, limit)[0]

    def search_page(self, query: str, filters: IncidentFilter | None = None,
                    shown: int = 200) -> tuple[list[Found], int]:
        """The first ``shown`` records matching ``query`` and ``filters``, and how many match.

        People (and the witnesses of testimonies) are named by their pseudonym when they
        have one.
        """
        with self._vault.session() as session:
            hits: list[SearchHit] = search(session, query, filters, shown)
            found = [Found(hit.record_id, hit.kind, self._search_title(session, hit),
                           hit.snippet) for hit in hits]
            return found, count_matches(session, query, filters)

    @staticmethod
    def _search_title(session: Session, hit: SearchHit) -> str:
        person_id = hit.record_id if hit.kind == "person" else None
        if hit.kind == "testimony":
            testimony = records.get(session, hit.record_id).fields or {}
            person_id = str(testimony.get("witness") or "") or None
        if person_id is not None:
            person = records.get(session, person_id).fields or {}
            if person.get("pseudonym"):
                return str(person["pseudonym"])
        return str(records.summary(session, hit.record_id, hit.kind)["title"])

    def own_card(self) -> Card:
        """This vault's public card."""
        with self._vault.session() as session:
            return own_card(session)

    # -- partners ----------------------------------------------------------------
    def partners(self) -> list[PartnerRow]:
        """Every partner, by name."""
        with self._vault.session() as session:
            return [PartnerRow.of(partner) for partner in partners.list_partners(session)]

    def add_partner(self, card: Card, profile: str, scope: str, verified: bool) -> PartnerRow:
        """Store a partner's card; mark it verified when its fingerprint was compared."""
        with self._vault.session() as session:
            partner = partners.add_partner(session, card, profile, scope)
            if verified:
                partner = partners.mark_verified(session, partner.fingerprint)
            return PartnerRow.of(partner)

    def mark_verified(self, fingerprint: str) -> PartnerRow:
        """Record that a partner's fingerprint was compared in person."""
        with self._vault.session() as session:
            return PartnerRow.of(partners.mark_verified(session, fingerprint))

    def replace_partner(self, fingerprint: str, card: Card, verified: bool) -> PartnerRow:
        """Give a partner a new card (the old one retired); mark it verified if compared."""
        with self._vault.session() as session:
            _old, partner = partners.replace_partner(session, fingerprint, card)
            if verified:
                partner = partners.mark_verified(session, partner.fingerprint)
            return PartnerRow.of(partner)

    def remove_partner(self, fingerprint: str) -> PartnerRow:
        """Stop sharing with a partner; their card stays known, retired."""
        with self._vault.session() as session:
            return PartnerRow.of(partners.remove_partner(session, fingerprint))

    def partner(self, fingerprint: str) -> PartnerRow | None:
        """The partner with this fingerprint, if any."""
        with self._vault.session() as session:
            return next((PartnerRow.of(partner) for partner in partners.list_partners(session)
                         if partner.fingerprint == fingerprint), None)

    # -- bundles and conflicts ---------------------------------------------------
    def received_bundles(self) -> list[queries.ReceivedRow]:
        """Bundles and receipts imported, newest first."""
        with self._vault.session() as session:
            return queries.received_bundles(session)

    def unconfirmed(self, partner: str) -> int:
        """How many bundles from ``partner`` (any of its cards) have no receipt yet."""
        with self._vault.session() as session:
            try:
                return len(delivery.unconfirmed_bundles(session, partner))
            except NotFoundError:  # a sender that is no longer a partner
                return 0

    def sent_bundles(self) -> list[queries.SentRow]:
        """Bundles and receipts written, newest first."""
        with self._vault.session() as session:
            return queries.sent_bundles(session)

    def conflicts(self) -> list[conflicts.ConflictRow]:
        """Records in conflict, with their heads and the fields in dispute."""
        with self._vault.session() as session:
            return conflicts.conflict_rows(session)

    def resolve(self, record_id: str, take: str | None) -> tuple[str, list[str]]:
        """Keep one head (``take``) or merge with the newest winning; one revision."""
        with self._vault.session() as session:
            return merge.resolve_conflict(session, record_id, take)

    def purgeable(self) -> tuple[int, int]:
        """Originals partners confirmed receiving that are still here: count and bytes."""
        with self._vault.session() as session:
            return queries.purgeable_originals(session)

    def unsent_bytes(self, fingerprints: list[str], complete: bool) -> int:
        """At most how many bytes of originals an export to these partners would seal."""
        with self._vault.session() as session:
            return queries.unsent_original_bytes(session, fingerprints, complete)

    # -- reports -----------------------------------------------------------------
    def report(self, filters: IncidentFilter, lang: str, audience: str,
               with_victims: bool = False, cancel: CancelToken | None = None
               ) -> reports.Report:
        """Counts, tables, timeline (and victims) with linked incidents counted once."""
        with self._vault.session() as session:
            return reports.build(session, filters, lang, audience, with_victims, cancel)

    def summary(self, filters: IncidentFilter, lang: str, audience: str,
                cancel: CancelToken | None = None,
                progress: Callable[[int, int], None] | None = None) -> summaries.Summary:
        """Totals and tables only, counted by the database (linked incidents once); with
        a field set, a table for each of its choice fields the audience may see (see
        :meth:`countable_fields`)."""
        with self._vault.session() as session:
            found = summaries.summarize(session, filters, lang, audience, cancel, progress)
            columns = custom_fields.columns(session, audience, countable=True)
            if columns:
                merged = reports.events(session, filters, cancel=cancel)
                for column in columns:
                    found.tables[_table_key(column)] = custom_fields.count_by_field(
                        session, merged, column, lang, audience)
            return found

    def countable_fields(self, audience: str, lang: str) -> dict[str, str]:
        """The organization's choice fields a report for ``audience`` can count by: the
        key of each one's table in :meth:`summary`, and its label."""
        with self._vault.session() as session:
            return {_table_key(c): c.label(lang)
                    for c in custom_fields.columns(session, audience, countable=True)}

    def report_events(self, filters: IncidentFilter, cancel: CancelToken | None = None
                      ) -> list[reports.Event]:
        """The events a report covers, with their records."""
        with self._vault.session() as session:
            return reports.events(session, filters, cancel=cancel)

    def report_csv(self, filters: IncidentFilter, lang: str, audience: str,
                   cancel: CancelToken | None = None) -> bytes:
        """The CSV report: one row per incident, with the organization fields
        ``audience`` may see."""
        with self._vault.session() as session:
            merged = reports.events(session, filters, cancel=cancel)
            return report_csv.render(merged, lang,
                                     custom_fields.table_for(session, merged, audience))

    # -- reconciling: conflicts field by field, duplicates ------------------------
    def dispute(self, record_id: str) -> merge.Dispute:
        """A record in conflict: its versions, what merged already, what is disputed."""
        with self._vault.session() as session:
            return merge.dispute(session, record_id)

    def resolve_fields(self, record_id: str, picks: dict[str, str], values: dict[str, Any],
                       fallback: str | None = None,
                       keep_deleted: bool = False) -> merge.Resolution:
        """Settle a conflict field by field in one merge revision."""
        with self._vault.session() as session:
            return merge.resolve_fields(session, record_id, picks, values, fallback=fallback,
                                        keep_deleted=keep_deleted)

    def duplicate_suggestions(self, kind: str, limit: int | None = None,
                              cancel: CancelToken | None = None,
                              progress: Progress | None = None
                              ) -> list[duplicates.Suggestion]:
        """Pairs of incidents or people that may be the same (may take a while: use a task);
        ``progress`` hears the percent done."""
        with self._vault.session() as session:
            return duplicates.suggestions(session, kind, limit, cancel, progress)

    def duplicate_decisions(self, kind: str) -> list[duplicates.Decided]:
        """Links and dismissals of one kind, newest first."""
        with self._vault.session() as session:
            return duplicates.decided(session, kind)

    def decide_duplicate(self, first: str, second: str, decision: str) -> None:
        """Link two records as the same (``links.SAME``) or dismiss (``links.DISTINCT``)."""
        with self._vault.session() as session:
            links.decide(session, first, second, decision)

    def undo_duplicate(self, first: str, second: str) -> bool:
        """Forget a link or dismissal; return whether there was one."""
        with self._vault.session() as session:
            return links.undo(session, first, second)
