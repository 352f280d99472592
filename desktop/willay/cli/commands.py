"""One function per ``willay-cli`` command: parse arguments, call the core, print."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from willay.cli import output, secrets
from willay.cli.context import Context
from willay.cli.reports import filters_from
from willay.core.errors import ValidationError, WillayError
from willay.core.media import intake as media
from willay.core.records import authorship, queries
from willay.core.records import service as records
from willay.core.records.search import search as run_search
from willay.core.reference.gazetteer import gazetteer
from willay.core.reference.vocabularies import vocabulary, vocabulary_names
from willay.core.vault.vault import Vault

KIND_OF_LIST = {"incidents": "incident", "people": "person", "testimonies": "testimony",
                "media": "media"}


def _read_text_file(path: str, what: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WillayError(f"The {what} file {path} does not exist.") from None
    except UnicodeDecodeError:
        raise WillayError(f"The {what} file {path} is not UTF-8 text.") from None
    except OSError as exc:
        raise WillayError(f"Cannot read the {what} file {path}: {exc.strerror}.") from exc


# -- vault ---------------------------------------------------------------------------
def init(ctx: Context, args: argparse.Namespace) -> int:
    """Create a vault and print its recovery code once."""
    passphrase = secrets.new_passphrase(ctx.passphrase_file, env=secrets.PASSPHRASE_ENV)
    vault, code = Vault.create(ctx.vault_path, passphrase, args.name, args.organization)
    vault.lock()
    if ctx.json:
        output.emit_json({"id": vault.vault_id, "path": str(ctx.vault_path),
                          "recovery_code": code})
        return 0
    output.emit(f"Vault created in {ctx.vault_path}")
    output.emit()
    output.emit("Recovery code (shown only this once; write it on paper and keep it apart")
    output.emit("from this computer; it can unlock the vault and set a new passphrase):")
    output.emit()
    output.emit(f"    {code}")
    output.emit()
    return 0


def passphrase_change(ctx: Context, args: argparse.Namespace) -> int:
    """Change the passphrase after unlocking with the current one."""
    with ctx.unlocked() as vault:
        vault.change_passphrase(secrets.new_passphrase(args.new_passphrase_file))
    _done(ctx, {"id": vault.vault_id, "changed": "passphrase"}, "Passphrase changed.")
    return 0


def passphrase_recover(ctx: Context, args: argparse.Namespace) -> int:
    """Unlock with the recovery code and set a new passphrase."""
    vault = Vault.open(ctx.vault_path)
    vault.unlock_with_recovery_code(secrets.recovery_code(args.recovery_code_file))
    try:
        vault.change_passphrase(secrets.new_passphrase(args.new_passphrase_file))
    finally:
        vault.lock()
    _done(ctx, {"id": vault.vault_id, "changed": "passphrase"},
          "New passphrase set. The recovery code stays valid.")
    return 0


def erase(ctx: Context, args: argparse.Namespace) -> int:
    """Destroy the vault: keyring overwritten, every file removed."""
    vault = Vault.open(ctx.vault_path)
    if not args.yes:
        if not sys.stdin.isatty():
            raise WillayError("Erasing needs confirmation: add --yes.")
        print(f"This destroys the vault in {ctx.vault_path} for good. Neither the passphrase "
              "nor the recovery code can bring it back; only copies already delivered to "
              "partners survive.")
        if input('Type ERASE to confirm: ').strip() != "ERASE":
            print("Nothing was erased.")
            return 1
    vault.erase()
    _done(ctx, {"id": vault.vault_id, "erased": True}, f"Vault {ctx.vault_path} erased.")
    return 0


def lock_check(ctx: Context, _args: argparse.Namespace) -> int:
    """Unlock, report format, schema and counts, lock."""
    with ctx.unlocked() as vault:
        status = vault.status()
        with vault.session() as session:
            counts = records.count_records(session)
    if ctx.json:
        output.emit_json({"id": status.vault_id, "path": status.path,
                          "keyring_format": status.keyring_format, "schema": status.schema,
                          "name": status.name, "organization": status.organization,
                          "kdf_memory_mib": status.kdf_memory_mib, "counts": counts,
                          "backup": vault.backup_made})
        return 0
    output.emit(f"Vault {status.path} unlocked and locked again.")
    output.emit(f"  owner: {status.name or '—'} ({status.organization or '—'})")
    output.emit(f"  keyring format {status.keyring_format}, schema {status.schema}, "
                f"Argon2id {status.kdf_memory_mib} MiB")
    output.emit(f"  {counts['incident']} incidents, {counts['person']} people, "
                f"{counts['testimony']} testimonies, {counts['media']} media items, "
                f"{counts['revisions']} revisions")
    if vault.backup_made:
        output.emit(f"  schema upgraded; encrypted backup at {vault.backup_made}")
    return 0


def _done(ctx: Context, doc: dict[str, Any], text: str) -> None:
    if ctx.json:
        output.emit_json(doc)
    else:
        output.emit(text)


# -- records -------------------------------------------------------------------------
def _incident_fields(args: argparse.Namespace, current: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if args.title is not None:
        fields["title"] = args.title
    if args.occurred or args.until or args.precision:
        occurred = current.get("occurred") or {}
        fields["occurred"] = {
            "text": args.occurred or occurred.get("start", ""),
            "until": args.until or (None if args.occurred else occurred.get("end")),
            "precision": args.precision,
        }
    place = dict(current.get("place") or {})
    for option, key in (("ubigeo", "ubigeo"), ("place", "text"), ("latitude", "latitude"),
                        ("longitude", "longitude")):
        if getattr(args, option) is not None:
            place[key] = getattr(args, option)
    if place != (current.get("place") or {}):
        fields["place"] = place
    if args.violation is not None:
        fields["violations"] = args.violation
    if args.perpetrator is not None:
        fields["perpetrators"] = args.perpetrator
    for key in ("killed", "injured", "detained", "status"):
        if getattr(args, key) is not None:
            fields[key] = getattr(args, key)
    if args.narrative is not None:
        fields["narrative"] = args.narrative
    elif args.narrative_file:
        fields["narrative"] = _read_text_file(args.narrative_file, "narrative")
    return fields


def _person_fields(args: argparse.Namespace, _current: dict[str, Any]) -> dict[str, Any]:
    mapping = {"name": "full_name", "pseudonym": "pseudonym", "sex": "sex_gender",
               "age": "age", "age_range": "age_range", "community": "community",
               "indigenous_people": "indigenous_people", "language": "languages",
               "role": "roles", "contact": "contact", "consent": "consent"}
    return {key: getattr(args, opt) for opt, key in mapping.items()
            if getattr(args, opt) is not None}


def _testimony_fields(args: argparse.Namespace, current: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    mapping = {"incident": "incidents", "witness": "witness", "language": "language",
               "consent": "consent", "text": "transcript", "translation": "translation",
               "notes": "notes", "recorded": "recorded_date", "interviewer": "interviewer"}
    for opt, key in mapping.items():
        if getattr(args, opt) is not None:
            fields[key] = getattr(args, opt)
    if args.text_file:
        fields["transcript"] = _read_text_file(args.text_file, "transcript")
    if args.translation_file:
        fields["translation"] = _read_text_file(args.translation_file, "translation")
    if args.recorded_place is not None or args.recorded_ubigeo is not None:
        place = dict(current.get("recorded_place") or {})
        if args.recorded_place is not None:
            place["text"] = args.recorded_place
        if args.recorded_ubigeo is not None:
            place["ubigeo"] = args.recorded_ubigeo
        fields["recorded_place"] = place
    return fields


FIELD_BUILDERS = {"incident": _incident_fields, "person": _person_fields,
                  "testimony": _testimony_fields}


def add(ctx: Context, args: argparse.Namespace) -> int:
    """Add an incident, person or testimony; print its id."""
    fields = FIELD_BUILDERS[args.kind](args, {})
    with ctx.unlocked() as vault, vault.session() as session:
        record_id = records.create(session, args.kind, fields)
    if ctx.json:
        output.emit_json({"id": record_id, "kind": args.kind})
    else:
        output.emit(record_id)
    return 0


def edit(ctx: Context, args: argparse.Namespace) -> int:
    """Change some fields of a record; print the new revision."""
    with ctx.unlocked() as vault, vault.session() as session:
        record = records.find_record(session, args.id, args.kind)
        current = records.current_fields(session, record) or {}
        changes = FIELD_BUILDERS[args.kind](args, current)
        if not changes:
            raise ValidationError("Nothing to change: give at least one field option.")
        revision_id = records.edit(session, record.id, changes)
    _done(ctx, {"id": record.id, "revision": revision_id},
          f"{record.id} now at revision {revision_id[:12]}")
    return 0


def delete(ctx: Context, args: argparse.Namespace) -> int:
    """Delete a record with a tombstone revision."""
    with ctx.unlocked() as vault, vault.session() as session:
        record = records.find_record(session, args.id)
        revision_id = records.delete(session, record.id)
    _done(ctx, {"id": record.id, "revision": revision_id, "deleted": True},
          f"{record.id} deleted (tombstone {revision_id[:12]}); its history stays.")
    return 0


def list_records(ctx: Context, args: argparse.Namespace) -> int:
    """List records of one kind."""
    kind = KIND_OF_LIST[args.what]
    lister = media.list_media if kind == "media" else records.LISTERS[kind]
    with ctx.unlocked() as vault, vault.session() as session:
        rows = lister(session, offset=args.offset, limit=args.limit)
    if ctx.json:
        output.emit_json(rows)
        return 0
    if kind == "incident":
        output.table([[r["id"][:8], r["occurred"], r["title"], r["place"],
                       f"{r['killed']}/{r['injured']}/{r['detained']}", r["status"]]
                      for r in rows],
                     ["ID", "OCCURRED", "TITLE", "PLACE", "K/I/D", "STATUS"])
    elif kind == "person":
        output.table([[r["id"][:8], r["full_name"], r["pseudonym"], ",".join(r["roles"]),
                       r["consent"]] for r in rows],
                     ["ID", "NAME", "PSEUDONYM", "ROLES", "CONSENT"])
    elif kind == "media":
        output.table([[r["id"][:8], r["original_name"], r["mime"], str(r["size"]),
                       r["attached_to"][:8], r["captured_at"] or "—"] for r in rows],
                     ["ID", "FILE", "TYPE", "BYTES", "ATTACHED", "CAPTURED"])
    else:
        output.table([[r["id"][:8], r["recorded_date"] or "—", r["witness_name"],
                       r["language"], r["consent"], str(len(r["incidents"]))] for r in rows],
                     ["ID", "RECORDED", "WITNESS", "LANG", "CONSENT", "INCIDENTS"])
    output.emit(f"({len(rows)} {args.what})")
    return 0


def show(ctx: Context, args: argparse.Namespace) -> int:
    """Show one record's current fields."""
    with ctx.unlocked() as vault, vault.session() as session:
        view = records.get(session, args.id)
        names: dict[str, str] = {}
        if view.kind == "testimony" and view.fields:
            for ref in view.fields["incidents"]:
                names[ref] = records.summary(session, ref, "incident")["title"]
            witness = view.fields["witness"]
            names[witness] = records.summary(session, witness, "person")["title"]
    doc = {"id": view.id, "kind": view.kind, "fields": view.fields, "heads": view.heads,
           "deleted": view.deleted, "conflict": view.conflict, "created": view.created,
           "updated": view.updated}
    if ctx.json:
        output.emit_json(doc)
        return 0
    output.emit(f"{view.kind} {view.id}" + ("  (deleted)" if view.deleted else ""))
    output.emit(f"created {view.created}, updated {view.updated}, head {view.heads[0][:12]}")
    readable = output.readable_fields(view.kind, view.fields or {})
    if names:
        readable["incidents"] = [f"{ref} ({names[ref]})" for ref in readable["incidents"]]
        readable["witness"] = f"{readable['witness']} ({names[readable['witness']]})"
    for line in output.describe(readable):
        output.emit("  " + line)
    return 0


def history(ctx: Context, args: argparse.Namespace) -> int:
    """Print every revision of a record, with the fields each one changed."""
    with ctx.unlocked() as vault, vault.session() as session:
        revs = records.history(session, args.id)
        checked = {c.revision_id: c for c in queries.changes(session, revs[0].record_id)
                   } if revs else {}
    if ctx.json:
        output.emit_json([{"id": r.id, "record": r.record_id, "kind": r.kind,
                           "parents": r.parents, "author": r.author,
                           "author_name": checked[r.id].author_name, "time": r.time,
                           "signature": _seal_doc(checked[r.id]),
                           "deleted": r.deleted, "fields": r.fields} for r in revs])
        return 0
    previous: dict[str, Any] = {}
    for rev in revs:
        if rev.deleted:
            change = "deleted"
        elif not rev.parents:
            change = "created"
        else:
            fields = rev.fields or {}
            changed = sorted(k for k in fields if fields[k] != previous.get(k))
            change = "changed " + (", ".join(changed) if changed else "nothing")
        who = checked[rev.id].author_name or f"unknown key {rev.author[:12]}"
        output.emit(f"{rev.time}  {rev.id[:12]}  by {who}  {change}")
        output.emit(f"    {_seal_text(checked[rev.id])}")
        previous = rev.fields or {}
    return 0


def _seal_doc(change: queries.Change) -> dict[str, str]:
    seal = change.seal
    assert seal is not None
    return {"state": seal.state, "signer": seal.signer, "reason": seal.reason}


def _seal_text(change: queries.Change) -> str:
    """Say what checking a revision's signature found, naming the key on demand."""
    seal = change.seal
    assert seal is not None
    if seal.state == authorship.SIGNED:
        return f"signed by its author, key {change.author} (checked)"
    if seal.state == authorship.ATTESTED:
        return (f"written before author signatures; attested by {seal.signer} at its upgrade "
                "(checked), not signed by its author")
    return f"NOT VERIFIED: {seal.reason}"


def search(ctx: Context, args: argparse.Namespace) -> int:
    """Full-text search with place, date, violation and perpetrator filters."""
    filters = filters_from(args)
    with ctx.unlocked() as vault, vault.session() as session:
        hits = run_search(session, args.query, filters, limit=args.limit)
        rows = [{**records.summary(session, h.record_id, h.kind), "snippet": h.snippet}
                for h in hits]
    if ctx.json:
        output.emit_json(rows)
        return 0
    for row in rows:
        output.emit(f"{row['id'][:8]}  {row['kind']:<9}  {row['title']}")
        if row["snippet"]:
            output.emit(f"          {' '.join(row['snippet'].split())}")
    output.emit(f"({len(rows)} found)")
    return 0


# -- reference data ------------------------------------------------------------------
def vocab(ctx: Context, args: argparse.Namespace) -> int:
    """List vocabularies, or the codes of one with Spanish and English labels."""
    if not args.name:
        rows = [vocabulary(name) for name in vocabulary_names()]
        if ctx.json:
            output.emit_json([{"id": v.name, "version": v.version, "labels": v.labels,
                               "terms": len(v.terms)} for v in rows])
        else:
            output.table([[v.name, v.version, str(len(v.terms)), v.labels.get("es", ""),
                           v.labels.get("en", "")] for v in rows],
                         ["NAME", "VERSION", "TERMS", "ES", "EN"])
        return 0
    voc = vocabulary(args.name)
    if ctx.json:
        output.emit_json({"id": voc.name, "version": voc.version, "source": voc.source,
                          "terms": [{"id": t.code, "es": t.es, "en": t.en} for t in voc.terms]})
        return 0
    output.emit(f"{voc.name} {voc.version} — {voc.labels.get('es', '')} / "
                f"{voc.labels.get('en', '')}")
    output.table([[t.code, t.es, t.en] for t in voc.terms], ["CODE", "ES", "EN"])
    return 0


def places(ctx: Context, args: argparse.Namespace) -> int:
    """Find places of the gazetteer by name or code."""
    found = gazetteer().search(args.query, limit=args.limit)
    if ctx.json:
        output.emit_json([{"id": p.code, "name": p.name, "level": p.level,
                           "full_name": p.full_name} for p in found])
        return 0
    for place in found:
        output.emit(f"{place.code:<6}  {place.level:<10}  {place.full_name}")
    if not found:
        output.emit(f"No place matches {args.query!r}.")
    return 0
