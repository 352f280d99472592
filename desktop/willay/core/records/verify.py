"""``verify``: recompute the custody chain, every revision id and every original's hash."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlmodel import Session, col, select

from willay.core.canonical import sha256_hex
from willay.core.errors import VerificationError
from willay.core.i18n import _
from willay.core.progress import Cancelled, CancelToken
from willay.core.records import authorship, custody, revisions
from willay.core.records.custody import Problem
from willay.core.vault.identity import author_key_id
from willay.core.vault.models import (
    CustodyEvent,
    ForeignCustodyEvent,
    Media,
    Revision,
    StoredObject,
)
from willay.core.vault.vault import Vault


@dataclass
class Report:
    """What was checked and what was found broken."""

    events: int = 0
    revisions: int = 0
    signed: int = 0  # revisions whose author signature was checked
    attested: int = 0  # revisions older than signatures, checked against their attestation
    objects: int = 0
    purged: int = 0  # originals removed after a partner confirmed them: nothing to check
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether nothing was found broken."""
        return not self.problems


def _check(cancel: CancelToken | None) -> None:
    """Stop the check (it changes nothing) once ``cancel`` is set."""
    if cancel is not None and cancel.cancelled:
        raise Cancelled(_("The vault check was cancelled."))


def verify_vault(vault: Vault, progress: Callable[[str], None] | None = None,
                 batch: int = 2000, cancel: CancelToken | None = None) -> Report:
    """Check the whole vault; broken items are listed in the report, never raised.

    Raises :class:`~willay.core.progress.Cancelled` soon after ``cancel`` is set.
    """
    report = Report()
    say = progress or (lambda _msg: None)
    with vault.session() as session:
        _check(cancel)
        say(_("custody log"))
        report.problems.extend(custody.verify_chain(session))
        report.events = len(session.exec(select(CustodyEvent.seq)).all())
        _check(cancel)
        say(_("revisions"))
        authors = authorship.known_authors(session)
        me = author_key_id(session)
        last = 0
        while True:
            rows = session.exec(select(Revision).where(col(Revision.seq) > last)
                                .order_by(col(Revision.seq)).limit(batch)).all()
            if not rows:
                break
            for row in rows:
                _check(cancel)
                try:
                    view = revisions.parse(row.body, row.id)
                    if view.record_id != row.record_id or view.kind != row.kind:
                        raise VerificationError(_("it is filed under another record"))
                except (VerificationError, ValueError, KeyError, TypeError) as exc:
                    report.problems.append(Problem(
                        _("revision {revision} of record {record}").format(
                            revision=row.id[:12], record=row.record_id),
                        str(exc).split(": ", 1)[-1] or _("its content does not match its id")))
                else:
                    seal = authorship.examine(row, view.author, authors, me)
                    if seal.state == authorship.BROKEN:
                        report.problems.append(Problem(
                            _("revision {revision} of record {record}").format(
                                revision=row.id[:12], record=row.record_id), seal.reason))
                    elif seal.state == authorship.ATTESTED:
                        report.attested += 1
                    else:
                        report.signed += 1
                report.revisions += 1
                last = row.seq or last
        _check(cancel)
        say(_("custody events received from partners"))
        report.problems.extend(_foreign_events(session, cancel))
        _check(cancel)
        objects = session.exec(select(StoredObject).where(col(StoredObject.purged).is_(False))
                               ).all()
        report.purged = len(session.exec(select(StoredObject.sha256).where(
            col(StoredObject.purged).is_(True))).all())
        names = {row.sha256: row for row in session.exec(select(Media)).all()}
    for stored in objects:
        _check(cancel)
        say(_("original {sha}").format(sha=stored.sha256[:12]))
        problem = vault.objects.check(stored.sha256, stored.size, cancel)
        report.objects += 1
        if problem:
            media = names.get(stored.sha256)
            if media is not None:
                label = _("original {sha} ({name}, media {media})").format(
                    sha=stored.sha256[:12], name=media.original_name, media=media.id)
            else:
                label = _("original {sha}").format(sha=stored.sha256[:12])
            report.problems.append(Problem(label, problem))
    return report


def _foreign_events(session: Session, cancel: CancelToken | None = None) -> list[Problem]:
    """Check the partners' custody events kept from bundles: hash, signer, signature and the
    chain of each signer's log (as far as it reached this vault)."""
    keys = {kid: ed25519.Ed25519PublicKey.from_public_bytes(author.public_key)
            for kid, author in authorship.known_authors(session).items()}
    problems = []
    origins: set[str] = set()
    for event in session.exec(select(ForeignCustodyEvent)).all():
        _check(cancel)
        origins.add(event.origin)
        item = _("received custody event {event} (bundle {bundle})").format(
            event=event.hash[:12], bundle=event.bundle_id)
        if sha256_hex(event.body) != event.hash:
            problems.append(Problem(item, _("its content does not match its fingerprint "
                                            "(altered)")))
            continue
        try:
            signer = json.loads(event.body).get("signer")
        except (ValueError, AttributeError):
            signer = None
        if signer != event.origin:
            problems.append(Problem(item, _("it names {signer} as its signer, but was kept "
                                            "as signed by {origin}").format(
                signer=str(signer)[:12], origin=event.origin[:12])))
            continue
        public = keys.get(event.origin)
        if public is None:
            problems.append(Problem(item, _("signed by a key no partner holds ({key})")
                                    .format(key=event.origin[:12])))
            continue
        try:
            public.verify(event.signature, event.body)
        except InvalidSignature:
            problems.append(Problem(item, _("its signature is not valid")))
    for origin in sorted(origins):
        problems.extend(custody.chain_breaks(custody.stored_links(session, origin)))
    return problems
