"""Partners: other organizations' cards, with the profile and consent scope they may receive."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from willay.core.errors import NotFoundError, ValidationError
from willay.core.formats.card import Card, normalize_fingerprint
from willay.core.i18n import _
from willay.core.records.authorship import known_authors
from willay.core.records.revisions import now_stamp
from willay.core.vault.identity import key_id, own_card
from willay.core.vault.models import AuthorKey, Partner

PROFILES = ("full", "anonymized")
SCOPES = ("partners", "legal", "public")
# What each partner scope may receive, by the consent given. "internal" never leaves the
# vault; "legal" is for legal proceedings, so only a partner of scope "legal" gets it.
RECEIVABLE = {
    "partners": frozenset({"partners", "public"}),
    "legal": frozenset({"partners", "legal", "public"}),
    "public": frozenset({"public"}),
}


def allows(partner_scope: str, consent: str | None) -> bool:
    """Whether something consented as ``consent`` may go to a partner of ``partner_scope``."""
    return consent in RECEIVABLE.get(partner_scope, frozenset())


def add_partner(session: Session, card: Card, profile: str = "full",
                scope: str = "partners") -> Partner:
    """Store a partner's card; refuses our own card and a second card with the same name."""
    if profile not in PROFILES:
        raise ValidationError(_("Unknown profile {profile}; use one of: {choices}.").format(
            profile=repr(profile), choices=", ".join(PROFILES)))
    if scope not in SCOPES:
        raise ValidationError(_("Unknown scope {scope}; use one of: {choices}.").format(
            scope=repr(scope), choices=", ".join(SCOPES)))
    if card.fingerprint == own_card(session).fingerprint:
        raise ValidationError(_("That is this vault's own card, not a partner's."))
    existing = session.get(Partner, card.fingerprint)
    if existing is not None:
        raise ValidationError(_("{name} ({fingerprint}) is already a partner.").format(
            name=existing.name, fingerprint=existing.fingerprint))
    same_name = session.exec(select(Partner).where(Partner.name == card.name)).first()
    if same_name is not None:
        raise ValidationError(_(
            "Another partner is already called {name} (fingerprint {fingerprint}); refer to "
            "partners by fingerprint, or ask for a card with a distinct name."
        ).format(name=repr(card.name), fingerprint=same_name.fingerprint))
    partner = Partner(
        fingerprint=card.fingerprint, name=card.name, organization=card.organization,
        x25519_public=card.x25519_public, ed25519_public=card.ed25519_public,
        card_created=card.created, profile=profile, scope=scope, added=now_stamp(),
    )
    session.add(partner)
    session.flush()
    return partner


def list_partners(session: Session) -> list[Partner]:
    """Return every partner, by name."""
    return list(session.exec(select(Partner).order_by(col(Partner.name))).all())


def find_partner(session: Session, name_or_fingerprint: str) -> Partner:
    """Return the partner with that exact name or fingerprint (spaces and case ignored)."""
    wanted = name_or_fingerprint.strip()
    by_fp = session.get(Partner, normalize_fingerprint(wanted))
    if by_fp is not None:
        return by_fp
    by_name = session.exec(select(Partner).where(Partner.name == wanted)).all()
    if len(by_name) == 1:
        return by_name[0]
    known = ", ".join(f"{p.name} ({p.fingerprint})" for p in list_partners(session)) \
        or _("none yet")
    raise NotFoundError(_(
        "No partner is called or has the fingerprint {wanted}. Partners: {known}."
    ).format(wanted=repr(wanted), known=known))


def mark_verified(session: Session, name_or_fingerprint: str) -> Partner:
    """Record that the partner's fingerprint was compared in person."""
    partner = find_partner(session, name_or_fingerprint)
    partner.verified = True
    session.add(partner)
    session.flush()
    return partner


def vouch_for_authors(session: Session, cards: Iterable[Card], partner: Partner, time: str) -> int:
    """Keep the cards of relayed authors a partner vouched for; return how many are new.

    Keys already known (own, a partner's, vouched before) are left as they are.
    """
    known = known_authors(session)
    added = 0
    for card in cards:
        kid = key_id(card.ed25519_public)
        if kid in known:
            continue
        session.add(AuthorKey(key_id=kid, ed25519_public=card.ed25519_public,
                              x25519_public=card.x25519_public, name=card.name,
                              organization=card.organization, card_created=card.created,
                              vouched_by=partner.fingerprint, added=time))
        added += 1
    return added
