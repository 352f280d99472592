"""Tables of the encrypted archive.

Revisions are the truth; the ``incident``, ``person`` and ``testimony`` tables hold the
head state of each record, rebuilt from its head revision, so that lists and filters
need no JSON parsing. The full-text index is owned by :mod:`willay.core.records.search`.
"""

from __future__ import annotations

from sqlalchemy import Index, MetaData
from sqlmodel import Field

# Re-exported: the vault's tables are registered on this class's metadata, set up below.
from sqlmodel import SQLModel as SQLModel

# Stable constraint names make migrations reproducible (and portable to PostgreSQL).
SQLModel.metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class VaultInfo(SQLModel, table=True):
    """Who this vault belongs to; exactly one row."""

    __tablename__ = "vault_info"
    id: int = Field(default=1, primary_key=True)
    vault_id: str
    name: str
    organization: str
    created: str


class IdentityKey(SQLModel, table=True):
    """The vault's own key pairs (Ed25519 to sign, X25519 to receive)."""

    __tablename__ = "identity_key"
    kind: str = Field(primary_key=True)
    public_key: bytes
    secret_key: bytes
    created: str


class Revision(SQLModel, table=True):
    """One immutable version of a record; ``body`` is its canonical JSON."""

    __tablename__ = "revision"
    seq: int | None = Field(default=None, primary_key=True)
    id: str = Field(unique=True, max_length=64)
    record_id: str = Field(index=True, max_length=36)
    kind: str = Field(max_length=16)
    author: str = Field(max_length=64)
    created: str
    deleted: bool = False
    body: bytes
    # The author's Ed25519 signature over ``body`` (see :mod:`willay.core.records.authorship`), or
    # for revisions older than signatures, this vault's attestation made at the upgrade.
    signature: bytes | None = None
    signed_by: str = Field(default="", max_length=64)
    attested: bool = False


class AuthorKey(SQLModel, table=True):
    """The card of a revision author who is not a partner, vouched for by one who is."""

    __tablename__ = "author_key"
    key_id: str = Field(primary_key=True, max_length=64)
    ed25519_public: bytes
    x25519_public: bytes
    name: str
    organization: str = ""
    card_created: str = ""
    vouched_by: str = Field(max_length=40)
    added: str


class RecordHead(SQLModel, table=True):
    """The revisions of a record that no other revision names as parent."""

    __tablename__ = "record_head"
    record_id: str = Field(primary_key=True, max_length=36)
    revision_id: str = Field(primary_key=True, max_length=64)


class Record(SQLModel, table=True):
    """Every record's id, kind and life state."""

    __tablename__ = "record"
    id: str = Field(primary_key=True, max_length=36)
    kind: str = Field(index=True, max_length=16)
    created: str
    updated: str
    deleted: bool = False
    conflict: bool = False


class Incident(SQLModel, table=True):
    """Head state of an incident."""

    __tablename__ = "incident"
    id: str = Field(primary_key=True, foreign_key="record.id", max_length=36)
    title: str
    occurred_start: str = Field(index=True)
    occurred_end: str
    precision: str
    ubigeo: str | None = Field(default=None, index=True, max_length=6)
    place_text: str = ""
    latitude: str | None = None
    longitude: str | None = None
    killed: int = 0
    injured: int = 0
    detained: int = 0
    narrative: str = ""
    status: str = "draft"

    # Counting reads these indexes alone, never the rows with their narratives: a tenth of
    # the pages to decrypt (reports/summary.py). The first serves places and months; the
    # second, in id order, joins the codes (stored in id order too) without jumping about.
    __table_args__ = (Index("ix_incident_counts", "ubigeo", "occurred_start", "occurred_end",
                            "precision", "status", "killed", "injured", "detained", "id"),
                      Index("ix_incident_by_id", "id", "ubigeo", "occurred_start",
                            "occurred_end", "precision", "status", "killed", "injured",
                            "detained"))


class IncidentCode(SQLModel, table=True):
    """A violation or perpetrator code of an incident, for filtering and counting."""

    __tablename__ = "incident_code"
    incident_id: str = Field(primary_key=True, foreign_key="incident.id", max_length=36)
    vocabulary: str = Field(primary_key=True, max_length=32)
    code: str = Field(primary_key=True, index=True, max_length=64)



class Person(SQLModel, table=True):
    """Head state of a person."""

    __tablename__ = "person"
    id: str = Field(primary_key=True, foreign_key="record.id", max_length=36)
    full_name: str
    pseudonym: str = ""
    sex_gender: str | None = None
    age: int | None = None
    age_range: str | None = None
    community: str = ""
    indigenous_people: str = ""
    languages: str = ""
    roles: str = ""
    contact: str = ""
    consent: str = "internal"


class Testimony(SQLModel, table=True):
    """Head state of a testimony."""

    __tablename__ = "testimony"
    id: str = Field(primary_key=True, foreign_key="record.id", max_length=36)
    witness_id: str = Field(index=True, max_length=36)
    interviewer: str = ""
    recorded_date: str | None = None
    recorded_place: str = ""
    language: str
    consent: str
    transcript: str = ""
    translation: str = ""
    notes: str = ""


class TestimonyIncident(SQLModel, table=True):
    """Which incidents a testimony speaks of."""

    __tablename__ = "testimony_incident"
    testimony_id: str = Field(primary_key=True, foreign_key="testimony.id", max_length=36)
    incident_id: str = Field(primary_key=True, index=True, max_length=36)


class CustodyEvent(SQLModel, table=True):
    """One link of the signed, hash-chained custody log (see :mod:`willay.core.records.custody`)."""

    __tablename__ = "custody_event"
    seq: int = Field(primary_key=True)
    time: str
    action: str = Field(max_length=32)
    record_id: str | None = Field(default=None, index=True, max_length=36)
    subject: str = Field(default="", index=True, max_length=64)
    details: str = "{}"
    prev_hash: str = Field(max_length=64)
    hash: str = Field(unique=True, max_length=64)
    signer: str = Field(max_length=64)
    signature: bytes


class StoredObject(SQLModel, table=True):
    """An encrypted original in ``objects/``, by the SHA-256 of its plaintext."""

    __tablename__ = "stored_object"
    sha256: str = Field(primary_key=True, max_length=64)
    size: int
    stored: str
    purged: bool = False


class Media(SQLModel, table=True):
    """Head state of a media item: one original attached to one record."""

    __tablename__ = "media"
    id: str = Field(primary_key=True, foreign_key="record.id", max_length=36)
    sha256: str = Field(index=True, max_length=64)
    size: int
    mime: str
    media_kind: str = Field(max_length=16)
    original_name: str
    intake_time: str
    attached_to: str = Field(index=True, max_length=36)
    captured_at: str | None = None
    gps_latitude: str | None = None
    gps_longitude: str | None = None
    gps_altitude: str | None = None
    camera_make: str | None = None
    camera_model: str | None = None
    orientation: int | None = None
    width: int | None = None
    height: int | None = None


class MediaThumbnail(SQLModel, table=True):
    """A small JPEG preview of an image original, kept only inside the database."""

    __tablename__ = "media_thumbnail"
    sha256: str = Field(primary_key=True, max_length=64)
    jpeg: bytes


class Partner(SQLModel, table=True):
    """Another organization's card, with what it may receive."""

    __tablename__ = "partner"
    fingerprint: str = Field(primary_key=True, max_length=40)
    name: str
    organization: str = ""
    x25519_public: bytes
    ed25519_public: bytes
    card_created: str = ""
    profile: str = Field(default="full", max_length=16)
    scope: str = Field(default="partners", max_length=16)
    verified: bool = False
    added: str
    last_received_sequence: int = 0
    # A retired card stays known so what it signed before stays verifiable; nothing is sent
    # to it any more, and a bundle it signed after ``retired`` is refused.
    retired: str | None = None
    replaced_by: str = Field(default="", max_length=40)
    """The fingerprint of the card that replaced this one ("" when the partner was removed)."""


class SentBundle(SQLModel, table=True):
    """A bundle this vault wrote."""

    __tablename__ = "sent_bundle"
    id: str = Field(primary_key=True, max_length=36)
    sequence: int = Field(unique=True)
    kind: str = Field(max_length=16)
    created: str
    recipients: str
    profile: str = Field(max_length=16)
    revisions: int = 0
    media: int = 0


class ReceivedBundle(SQLModel, table=True):
    """A bundle this vault imported (or a receipt it received)."""

    __tablename__ = "received_bundle"
    # Known by sender and id together: a partner cannot claim another's bundle id.
    sender: str = Field(primary_key=True, max_length=40)
    id: str = Field(primary_key=True, max_length=36)
    sequence: int
    kind: str = Field(max_length=16)
    created: str
    imported: str
    manifest_sha256: str = Field(max_length=64)
    summary: str = "{}"
    # The id of the last receipt this vault wrote for it; None while none was written.
    receipt: str | None = Field(default=None, max_length=36)


class Delivery(SQLModel, table=True):
    """A revision or original that a partner confirmed receiving, by receipt."""

    __tablename__ = "delivery"
    item: str = Field(primary_key=True, max_length=64)
    partner: str = Field(primary_key=True, max_length=40)
    item_kind: str = Field(max_length=16)
    bundle_id: str = Field(max_length=36)
    confirmed: str


class ForeignCustodyEvent(SQLModel, table=True):
    """A custody event of another vault, received in a bundle, kept as signed."""

    __tablename__ = "foreign_custody_event"
    hash: str = Field(primary_key=True, max_length=64)
    origin: str = Field(index=True, max_length=64)
    seq: int
    record_id: str | None = Field(default=None, index=True, max_length=36)
    body: bytes
    signature: bytes
    bundle_id: str = Field(max_length=36)


class AnonymizedExport(SQLModel, table=True):
    """The last anonymized revision of a record sent to a partner (its own chain)."""

    __tablename__ = "anonymized_export"
    partner: str = Field(primary_key=True, max_length=40)
    record_id: str = Field(primary_key=True, max_length=36)
    revision_id: str = Field(max_length=64)


class SentItem(SQLModel, table=True):
    """A revision, custody event or original already sent to a partner."""

    __tablename__ = "sent_item"
    partner: str = Field(primary_key=True, max_length=40)
    item: str = Field(primary_key=True, max_length=64)
    bundle_id: str = Field(max_length=36)


class ReceivedItem(SQLModel, table=True):
    """A revision or original a received bundle carried (what a receipt confirms)."""

    __tablename__ = "received_item"
    sender: str = Field(primary_key=True, max_length=40)
    bundle_id: str = Field(primary_key=True, max_length=36)
    item: str = Field(primary_key=True, max_length=64)
    item_kind: str = Field(max_length=16)


class SearchEntry(SQLModel, table=True):
    """Which full-text row holds a record, so updates touch one row, not a scan."""

    __tablename__ = "search_entry"
    record_id: str = Field(primary_key=True, max_length=36)
    doc: int = Field(unique=True)


class DuplicateDecision(SQLModel, table=True):
    """A coordinator's decision on a pair of records that may describe the same thing.

    ``same`` links two incidents (one event) or two people (one person); ``distinct``
    dismisses the suggestion. Both records are always kept; deleting the row undoes it.
    The pair is stored with ``first < second``.
    """

    __tablename__ = "duplicate_decision"
    first: str = Field(primary_key=True, max_length=36)
    second: str = Field(primary_key=True, max_length=36, index=True)
    kind: str = Field(max_length=16)
    decision: str = Field(max_length=16)
    decided: str


class Redaction(SQLModel, table=True):
    """A redacted copy of a photo: regions blurred or blacked out, metadata stripped.

    The derivative is a stored object of its own; ``regions`` is canonical JSON of what was
    hidden. A media item has at most one current redaction.
    """

    __tablename__ = "redaction"
    media_id: str = Field(primary_key=True, foreign_key="record.id", max_length=36)
    original_sha256: str = Field(max_length=64)
    derivative_sha256: str = Field(index=True, max_length=64)
    regions: str = "[]"
    created: str


class FieldSetHead(SQLModel, table=True):
    """Head state of a field set (a record of kind ``fieldset``): its newest version."""

    __tablename__ = "fieldset_head"
    record_id: str = Field(primary_key=True, foreign_key="record.id", max_length=36)
    set_id: str = Field(unique=True, max_length=64)
    version: int
    organization: str


class FieldSetInUse(SQLModel, table=True):
    """The field set this vault fills in for its own records; at most one row."""

    __tablename__ = "fieldset_in_use"
    id: int = Field(default=1, primary_key=True)
    set_id: str = Field(max_length=64)


class CustomPart(SQLModel, table=True):
    """Head state of one part of a record's organization fields (one sensitivity).

    ``text`` holds the words of its text values, which the record's search entry carries.
    """

    __tablename__ = "custom_part"
    id: str = Field(primary_key=True, foreign_key="record.id", max_length=36)
    record_id: str = Field(index=True, max_length=36)
    record_kind: str = Field(max_length=16)
    sensitivity: str = Field(max_length=16)
    set_id: str = Field(max_length=64)
    version: int
    text: str = ""


class CustomCode(SQLModel, table=True):
    """A choice (or yes/no, or vocabulary code) a record gives an organization field."""

    __tablename__ = "custom_code"
    part_id: str = Field(primary_key=True, foreign_key="custom_part.id", max_length=36)
    key: str = Field(primary_key=True, max_length=64)
    code: str = Field(primary_key=True, max_length=64)
    record_id: str = Field(max_length=36)
    set_id: str = Field(max_length=64)

    __table_args__ = (Index("ix_custom_code_counts", "set_id", "key", "code", "record_id"),)
