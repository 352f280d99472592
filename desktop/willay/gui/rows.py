"""Plain values the window lists and edits, copied out of a session: no stored object
outlives it (see :mod:`willay.gui.archive`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from willay.core.records import custody
from willay.core.reference.fieldsets import FieldSet

if TYPE_CHECKING:
    from willay.core.vault.models import CustodyEvent, Partner, Redaction


@dataclass(frozen=True)
class OrganizationValues:
    """What an editor gives its organization fields: the set, the values, whether a
    draft (required fields may wait)."""

    fieldset: FieldSet
    values: dict[str, Any]
    draft: bool = False


@dataclass(frozen=True)
class Found:
    """One search result, ready to list."""

    record_id: str
    kind: str
    title: str
    snippet: str


@dataclass(frozen=True)
class PartnerRow:
    """A partner's card as the window shows it, with what the partner may receive."""

    fingerprint: str
    name: str
    organization: str
    profile: str
    scope: str
    verified: bool
    added: str

    @classmethod
    def of(cls, partner: Partner) -> PartnerRow:
        """Copy a stored partner's values (inside its session)."""
        return cls(partner.fingerprint, partner.name, partner.organization, partner.profile,
                   partner.scope, partner.verified, partner.added)


@dataclass(frozen=True)
class CustodyRow:
    """One custody event about a record or its original, ready to list."""

    seq: int
    time: str
    action: str
    record_id: str | None
    original_sha256: str
    """The SHA-256 of the original the event is about, or "" if it is about none."""
    coordinator: str = ""  # who did it, on a hub

    @classmethod
    def of(cls, event: CustodyEvent) -> CustodyRow:
        """Copy a custody event's values (inside its session)."""
        return cls(event.seq, event.time, event.action, event.record_id,
                   custody.original_sha256(event), custody.coordinator_of(event))


@dataclass(frozen=True)
class RedactionRow:
    """A photo's current redacted copy: the original it comes from, its own hash, the regions."""

    media_id: str
    original_sha256: str
    derivative_sha256: str
    regions: str
    """Canonical JSON of the regions hidden (read with ``redaction.load_regions``)."""
    created: str

    @classmethod
    def of(cls, found: Redaction) -> RedactionRow:
        """Copy a stored redaction's values (inside its session)."""
        return cls(found.media_id, found.original_sha256, found.derivative_sha256,
                   found.regions, found.created)
