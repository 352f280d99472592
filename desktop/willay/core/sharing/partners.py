"""Partners: other organizations' cards, with the profile and consent scope they may receive."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, col, select

from willay.core.errors import NotFoundError, ValidationError, VerificationError
from willay.core.formats.card import Card, normalize_fingerprint
from willay.core.i18n import _
from willay.core.records import custody
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


class UnknownSenderError(VerificationError):
    """The bundle is signed by a key that is not among this vault's partners (or removed)."""


class RetiredCardError(VerificationError):
    """The bundle is signed with a partner's replaced card, after it was replaced."""


def allows(partner_scope: str, consent: str | None) -> bool:
    """Whether something consented as ``consent`` may go to a partner of ``partner_scope``."""
    return consent in RECEIVABLE.get(partner_scope, frozenset())


def when(stamp: str) -> str:
    """Return a stored time as a person reads it: ``2025-03-02 14:22 UTC``."""
    return f"{stamp[:10]} {stamp[11:16]} UTC" if len(stamp) >= 16 else stamp


def _check_terms(profile: str, scope: str) -> None:
    if profile not in PROFILES:
        raise ValidationError(_("Unknown profile {profile}; use one of: {choices}.").format(
            profile=repr(profile), choices=", ".join(PROFILES)))
    if scope not in SCOPES:
        raise ValidationError(_("Unknown scope {scope}; use one of: {choices}.").format(
            scope=repr(scope), choices=", ".join(SCOPES)))


def _check_new_card(session: Session, card: Card, replacing: Partner | None = None) -> None:
    """Refuse our own card, a card already known (even retired) and a name already used."""
    if card.fingerprint == own_card(session).fingerprint:
        raise ValidationError(_("That is this vault's own card, not a partner's."))
    existing = session.get(Partner, card.fingerprint)
    if existing is not None and existing.retired is not None:
        raise ValidationError(_(
            "The card {fingerprint} of {name} was retired on {date}; it cannot be used "
            "again. Ask {name} for their current card.").format(
                name=existing.name, fingerprint=existing.fingerprint, date=when(existing.retired)))
    if existing is not None:
        raise ValidationError(_("{name} ({fingerprint}) is already a partner.").format(
            name=existing.name, fingerprint=existing.fingerprint))
    same_name = next((p for p in list_partners(session) if p.name == card.name
                      and p is not replacing), None)
    if same_name is not None and replacing is not None:
        raise ValidationError(_(
            "Another partner is already called {name} (fingerprint {fingerprint}); ask for a "
            "card with a distinct name.").format(name=repr(card.name),
                                                 fingerprint=same_name.fingerprint))
    if same_name is not None:
        raise ValidationError(_(
            "Another partner is already called {name} (fingerprint {fingerprint}). If it is "
            "the same partner with a new card (a new vault, a lost laptop), replace their "
            "card instead (in the window: Partners, Replace card; on the command line: "
            "partner replace); otherwise ask for a card with a distinct name."
        ).format(name=repr(card.name), fingerprint=same_name.fingerprint))


def _new_partner(card: Card, profile: str, scope: str) -> Partner:
    return Partner(
        fingerprint=card.fingerprint, name=card.name, organization=card.organization,
        x25519_public=card.x25519_public, ed25519_public=card.ed25519_public,
        card_created=card.created, profile=profile, scope=scope, added=now_stamp(),
    )


def add_partner(session: Session, card: Card, profile: str = "full",
                scope: str = "partners") -> Partner:
    """Store a partner's card; refuses our own card and a second card with the same name."""
    _check_terms(profile, scope)
    _check_new_card(session, card)
    partner = _new_partner(card, profile, scope)
    session.add(partner)
    session.flush()
    return partner


def replace_partner(session: Session, name_or_fingerprint: str, card: Card
                    ) -> tuple[Partner, Partner]:
    """Give a current partner a new card; return the old card, retired, and the new one.

    The old card is kept, retired from now: what it signed before stays verifiable, a
    bundle it signs after today is refused, and exports go only to the new card. The new
    card keeps the old one's profile and scope; its fingerprint must be compared in person
    (``mark_verified``) exactly as for a card added: the new one starts unverified. The
    custody log records the change.
    """
    old = current_partner(session, name_or_fingerprint)
    _check_new_card(session, card, replacing=old)
    new = _new_partner(card, old.profile, old.scope)
    old.retired = new.added
    old.replaced_by = new.fingerprint
    session.add(old)
    session.add(new)
    session.flush()
    custody.append(session, "partner_replaced", None, old.fingerprint, {
        "partner": old.name, "old_fingerprint": old.fingerprint,
        "new_fingerprint": new.fingerprint, "new_name": new.name})
    return old, new


def remove_partner(session: Session, name_or_fingerprint: str) -> Partner:
    """Stop sharing with a current partner; return it, retired.

    They receive no more exports and their bundles are refused as from an unknown sender;
    their card stays known, retired, so what they sent before stays verifiable. The custody
    log records the removal.
    """
    partner = current_partner(session, name_or_fingerprint)
    partner.retired = now_stamp()
    partner.replaced_by = ""
    session.add(partner)
    session.flush()
    custody.append(session, "partner_removed", None, partner.fingerprint, {
        "partner": partner.name, "fingerprint": partner.fingerprint})
    return partner


def list_partners(session: Session, include_retired: bool = False) -> list[Partner]:
    """Return the current partners by name (with ``include_retired``, retired cards too)."""
    query = select(Partner)
    if not include_retired:
        query = query.where(col(Partner.retired).is_(None))
    return list(session.exec(query.order_by(col(Partner.name), col(Partner.added))).all())


def find_partner(session: Session, name_or_fingerprint: str) -> Partner:
    """Return the partner with that exact fingerprint (even retired) or current name.

    Spaces and case are ignored in a fingerprint; a name means a current partner only.
    """
    wanted = name_or_fingerprint.strip()
    by_fp = session.get(Partner, normalize_fingerprint(wanted))
    if by_fp is not None:
        return by_fp
    by_name = [p for p in list_partners(session) if p.name == wanted]
    if len(by_name) == 1:
        return by_name[0]
    known = ", ".join(f"{p.name} ({p.fingerprint})" for p in list_partners(session)) \
        or _("none yet")
    raise NotFoundError(_(
        "No partner is called or has the fingerprint {wanted}. Partners: {known}."
    ).format(wanted=repr(wanted), known=known))


def current_partner(session: Session, name_or_fingerprint: str) -> Partner:
    """Return the current partner so named or fingerprinted; a retired card is refused."""
    partner = find_partner(session, name_or_fingerprint)
    if partner.retired is None:
        return partner
    if partner.replaced_by:
        raise ValidationError(_(
            "The card {fingerprint} of {name} was replaced on {date} by the card "
            "{new_fingerprint}; use the new card.").format(
                name=partner.name, fingerprint=partner.fingerprint, date=when(partner.retired),
                new_fingerprint=partner.replaced_by))
    raise ValidationError(_(
        "{name} ({fingerprint}) was removed from the partners on {date}.").format(
            name=partner.name, fingerprint=partner.fingerprint, date=when(partner.retired)))


def current_card(session: Session, partner: Partner) -> Partner:
    """Return the card that replaced ``partner``'s, if it was replaced (else ``partner``).

    A partner removed has no current card: that is refused.
    """
    seen = {partner.fingerprint}
    while partner.retired is not None and partner.replaced_by:
        newer = session.get(Partner, partner.replaced_by)
        if newer is None or newer.fingerprint in seen:
            break
        seen.add(newer.fingerprint)
        partner = newer
    return current_partner(session, partner.fingerprint)


def mark_verified(session: Session, name_or_fingerprint: str) -> Partner:
    """Record that the partner's fingerprint was compared in person."""
    partner = current_partner(session, name_or_fingerprint)
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


def signer_of(session: Session, fingerprint: str, claimed_name: str, where: str) -> Partner:
    """Return the partner whose card signed ``where`` (maybe a replaced card).

    An unknown fingerprint, and the card of a partner removed, are refused alike.
    """
    partner = session.get(Partner, fingerprint)
    if partner is not None and partner.retired is not None and not partner.replaced_by:
        raise UnknownSenderError(_(
            "{where} is signed by {name} (fingerprint {fingerprint}), who was removed from "
            "the partners on {date}; nothing from them is imported any more. If they should "
            "be a partner again, compare their current card in person and add it."
        ).format(where=where, name=partner.name, fingerprint=fingerprint,
                 date=when(partner.retired)))
    if partner is None:
        raise UnknownSenderError(_(
            "{where} is signed by an unknown sender: fingerprint {fingerprint} (calling "
            "itself {name}). If you expected it, compare that fingerprint with the sender in "
            "person, add their card as a partner first (in the window: Partners, Add a card "
            "file; on the command line: partner add), then import it again."
        ).format(where=where, fingerprint=fingerprint, name=repr(claimed_name)))
    return partner


def refuse_if_retired(partner: Partner, created: str, where: str) -> None:
    """Refuse a bundle signed with a replaced card after the card was replaced.

    One made before the replacement still verifies: the old card signed it while it was
    the partner's own.
    """
    if partner.retired is None or _instant(created) <= _instant(partner.retired):
        return
    raise RetiredCardError(_(
        "{where} is signed with the old card of {name} ({fingerprint}), which was replaced "
        "on {date} by the card {new_fingerprint}; this bundle was made after that, on "
        "{created}, so it was not imported. Someone else may hold the old card's keys: ask "
        "{name}, in person or by phone, to export it again with their new card."
    ).format(where=where, name=partner.name, fingerprint=partner.fingerprint,
             date=when(partner.retired), new_fingerprint=partner.replaced_by,
             created=when(created)))


def _instant(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))
