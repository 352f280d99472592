"""The custody log of an incident in its evidence package, for a program and for a person.

``custody.jsonl`` holds this vault's events one a line (body, hash, signature);
``custody-partners.jsonl`` the events received from partners, each with the minisign
public key of the partner who signed it; ``custody.txt`` says the same in words.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from willay.core.canonical import canonical_json
from willay.core.formats.minisign import public_key_line
from willay.core.records import custody
from willay.core.reports.evidence_contents import IncidentEvidence, PackageInfo
from willay.core.reports.evidence_files import write_file
from willay.core.vault.identity import key_id
from willay.core.vault.models import CustodyEvent, Partner


def _event_doc(event: CustodyEvent) -> dict[str, Any]:
    return {"body": json.loads(custody.event_body(event)), "hash": event.hash,
            "signature": event.signature.hex()}


def custody_text(evidence: IncidentEvidence, info: PackageInfo,
                 partners: dict[str, Partner]) -> str:
    """Return the custody log of an incident's items in a form a person can read."""
    names = {m.id: f"media {m.id[:8]} ({m.original_name})" for m in evidence.media}
    names[evidence.id] = f"incident {evidence.id[:8]}"
    names.update({t: f"testimony {t[:8]}" for t, _ in evidence.testimonies})
    names.update({p: f"person {p[:8]}" for p, _ in evidence.people})
    lines = [
        f"Custody log of incident {evidence.id}",
        f"Evidence package {info.package_id}, made {info.created}",
        "",
        "Each event's hash is the SHA-256 of the canonical JSON of its \"body\" (see",
        "custody.jsonl) and its signature is Ed25519 over those same bytes. \"prev\" is the",
        "hash of the event before it in the vault's whole log, which also holds events of",
        "other records; the sequence numbers show where events of other records were.",
        f"This vault's signing key id is {info.key_id}; its public key is in minisign.pub",
        f"(fingerprint {info.fingerprint}).",
        "",
    ]
    for event in evidence.events:
        details = json.loads(event.details)
        lines.append(f"#{event.seq}  {event.time}  {event.action}")
        lines.append(f"    record:    {names.get(event.record_id or '', event.record_id or '—')}")
        if event.subject:
            lines.append(f"    subject:   {event.subject}")
        lines.append(f"    signer:    {event.signer}")
        lines.append(f"    prev hash: {event.prev_hash}")
        lines.append(f"    hash:      {event.hash}")
        for key in sorted(details):
            value = details[key]
            text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False,
                                                                     sort_keys=True)
            lines.append(f"    {key}: {text}")
        lines.append("")
    if evidence.foreign_events:
        lines += ["Custody events received from partners (custody-partners.jsonl), each",
                  "signed by the partner who recorded it:", ""]
        by_key = {key_id(p.ed25519_public): p for p in partners.values()}
        for foreign in evidence.foreign_events:
            body = json.loads(foreign.body)
            partner = by_key.get(foreign.origin)
            who = f"{partner.name} ({partner.fingerprint})" if partner else foreign.origin
            lines.append(f"#{foreign.seq}  {body.get('time', '')}  {body.get('action', '')}")
            lines.append(f"    record:    {names.get(foreign.record_id or '', '—')}")
            lines.append(f"    signed by: {who}")
            lines.append(f"    hash:      {foreign.hash}")
            lines.append(f"    bundle:    {foreign.bundle_id}")
            lines.append("")
    return "\n".join(lines)


def _foreign_lines(evidence: IncidentEvidence, partners: dict[str, Partner]) -> bytes:
    by_key = {key_id(p.ed25519_public): p for p in partners.values()}
    out = []
    for foreign in evidence.foreign_events:
        partner = by_key.get(foreign.origin)
        out.append(canonical_json({
            "body": json.loads(foreign.body), "hash": foreign.hash,
            "signature": foreign.signature.hex(),
            "signer_minisign_public_key":
                public_key_line(partner.ed25519_public) if partner else None,
        }) + b"\n")
    return b"".join(out)


def write_custody(folder: Path, evidence: IncidentEvidence, info: PackageInfo,
                  partners: dict[str, Partner]) -> None:
    """Write an incident's custody.jsonl, custody-partners.jsonl (if any) and custody.txt."""
    write_file(folder / "custody.jsonl", b"".join(
        canonical_json(_event_doc(e)) + b"\n" for e in evidence.events))
    if evidence.foreign_events:
        write_file(folder / "custody-partners.jsonl", _foreign_lines(evidence, partners))
    write_file(folder / "custody.txt", custody_text(evidence, info, partners).encode("utf-8"))
