"""``willay-cli selftest``: prove on this machine that the whole chain works, then leave no trace.

Two throwaway vaults in one temporary folder play a documenter and a coordinator: a
record set with generated photos (JPEG and HEIC) and a recording of a generated tone
(encoded to Opus and decoded again, as the window records and plays testimonies) goes
from one to the other in a signed, encrypted bundle, both vaults are verified, and the
coordinator writes a report PDF and an evidence package (which proves Qt can draw
documents here, also without a display). The folder is removed at the end, also on
failure. Nothing of the user's own vault is read or written.
"""

from __future__ import annotations

import argparse
import array
import hashlib
import io
import math
import os
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from willay.cli import output
from willay.cli.context import Context
from willay.core.errors import VerificationError, WillayError
from willay.core.i18n import _, ngettext, number
from willay.core.keys import kdf
from willay.core.media import intake as media
from willay.core.media import recording
from willay.core.records import service as records
from willay.core.records.verify import verify_vault
from willay.core.reports import counts as reports
from willay.core.reports.evidence_package import build_package
from willay.core.sharing import receive as sync_import
from willay.core.sharing import send as sync_export
from willay.core.sharing.partners import add_partner, mark_verified
from willay.core.vault.identity import own_card
from willay.core.vault.vault import Vault

TRANSCRIPT = "Prueba automática: vi a los policías disparar desde el puente."


class StepFailed(Exception):
    """A self-test step found something wrong; ``exit_code`` says which kind."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class Step:
    """One step of the self-test and how it went."""

    name: str
    ok: bool
    seconds: float
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Return the step as a JSON-ready document."""
        return {"name": self.name, "ok": self.ok, "seconds": round(self.seconds, 3),
                "detail": self.detail}


@dataclass
class Run:
    """The state the steps share: the folder, the two vaults and what was sent."""

    root: Path
    passphrase: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    vaults: dict[str, Vault] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)
    photos: dict[str, bytes] = field(default_factory=dict)
    """The originals added, photos and the recording, by file name."""
    media: dict[str, str] = field(default_factory=dict)
    bundle: Path | None = None


def _cheap_kdf() -> kdf.KdfParams:
    # Throwaway vaults hold nothing worth protecting: the cheapest cost Willay accepts.
    return kdf.KdfParams(kdf.MIN_MEMORY_KIB, 1, 1, os.urandom(kdf.SALT_BYTES))


def _photo(kind: str) -> bytes:
    """A small photo made here with Pillow (JPEG, or HEIC as iPhones write), no file needed."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 240), (32, 96, 160))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 60, 280, 180), fill=(230, 180, 40))
    draw.text((60, 110), f"Willay selftest {kind}", fill=(0, 0, 0))
    buffer = io.BytesIO()
    if kind == "HEIC":
        import pillow_heif

        pillow_heif.from_pillow(image).save(buffer, quality=60)
    else:
        exif = Image.Exif()
        exif[0x010F] = "Willay"  # Make
        exif.get_ifd(0x8769)[0x9003] = "2023:01:09 15:42:10"  # DateTimeOriginal
        image.save(buffer, "JPEG", exif=exif, quality=85)
    return buffer.getvalue()


def _create_field_vault(run: Run) -> str:
    vault, _code = Vault.create(run.root / "field", run.passphrase, "Selftest field",
                                "Willay", kdf_params=_cheap_kdf())
    run.vaults["field"] = vault
    return f"vault {vault.vault_id[:8]} created and unlocked"


def _add_records(run: Run) -> str:
    vault = run.vaults["field"]
    with vault.session() as session:
        incident = records.create(session, "incident", {
            "title": "Prueba del sistema", "occurred": {"text": "2023-01-09"},
            "place": {"ubigeo": "211101", "text": "Puente Añashuayco"},
            "violations": ["injury_firearm"], "injured": 1,
            "narrative": "Registro de prueba, se borra al terminar."})
        witness = records.create(session, "person", {
            "full_name": "Testigo de Prueba", "pseudonym": "T-00", "consent": "partners"})
        testimony = records.create(session, "testimony", {
            "incidents": [incident], "witness": witness, "language": "es",
            "consent": "partners", "transcript": TRANSCRIPT, "interviewer": "Selftest"})
    run.ids.update(incident=incident, witness=witness, testimony=testimony)
    return f"incident {incident[:8]}, witness and testimony {testimony[:8]}"


def _add_photos(run: Run) -> str:
    paths = []
    for kind, name in (("JPEG", "foto-prueba.jpg"), ("HEIC", "foto-prueba.heic")):
        run.photos[name] = _photo(kind)
        paths.append(run.root / name)
        paths[-1].write_bytes(run.photos[name])
    added = media.add_files(run.vaults["field"], run.ids["incident"], paths)
    for path in paths:
        path.unlink()
    with run.vaults["field"].session() as session:
        for item in added:
            if media.thumbnail(session, item.sha256) is None:
                raise StepFailed(f"{item.sha256[:12]} was stored but no thumbnail was made")
    run.media = {item.media_id: path.name for item, path in zip(added, paths, strict=True)}
    return ", ".join(f"{name} ({len(data)} bytes)" for name, data in run.photos.items()) \
        + " encrypted, thumbnails made"


def _record_tone(run: Run) -> str:
    """Record a generated tone into the testimony as the window does, then decode it."""
    rate, seconds = 48000, 2
    tone = array.array("h", (int(9000 * math.sin(2 * math.pi * 220 * i / rate))
                             for i in range(rate * seconds)))
    if sys.byteorder != "little":
        tone.byteswap()
    pcm = tone.tobytes()
    rec = recording.Recording(run.vaults["field"], run.ids["testimony"], device="selftest")
    step = rate // 50 * 2  # 20 ms pieces, as a microphone delivers them
    for start in range(0, len(pcm), step):
        rec.write(pcm[start:start + step])
    kept = rec.finish()
    original = b"".join(run.vaults["field"].objects.read_chunks(kept.sha256))
    played = recording.duration_ms(original)
    if abs(played - seconds * 1000) > 50:
        raise StepFailed(f"the recording plays {played} ms; {seconds * 1000} ms were recorded")
    run.photos["grabacion-prueba.ogg"] = original
    run.media[kept.media_id] = "grabacion-prueba.ogg"
    return f"{played / 1000:.2f} s of Opus in {len(original)} bytes, sealed and decoded"


def _create_coordinator(run: Run) -> str:
    vault, _code = Vault.create(run.root / "coordinator", run.passphrase, "Selftest coordinator",
                                "Willay", kdf_params=_cheap_kdf())
    run.vaults["coordinator"] = vault
    return f"vault {vault.vault_id[:8]} created and unlocked"


def _exchange_cards(run: Run) -> str:
    field_vault, coordinator = run.vaults["field"], run.vaults["coordinator"]
    with field_vault.session() as session:
        field_card = own_card(session)
    with coordinator.session() as session:
        coordinator_card = own_card(session)
        add_partner(session, field_card, "full", "partners")
        mark_verified(session, field_card.name)
    with field_vault.session() as session:
        add_partner(session, coordinator_card, "full", "partners")
        mark_verified(session, coordinator_card.name)
    return f"fingerprints {field_card.fingerprint[:9]}… and {coordinator_card.fingerprint[:9]}…"


def _export(run: Run) -> str:
    run.bundle = run.root / "usb" / "selftest.willay"
    run.bundle.parent.mkdir()
    result = sync_export.export_bundle(run.vaults["field"], ["Selftest coordinator"],
                                       run.bundle)
    expected = 3 + len(run.media)  # three records and one revision per original
    if result.media != len(run.media) or result.revisions != expected:
        raise StepFailed(f"the bundle holds {result.revisions} revisions and {result.media} "
                         f"originals; expected {expected} and {len(run.media)}")
    return (f"bundle {result.bundle_id[:8]}: {result.revisions} revisions, {result.media} "
            f"originals, {run.bundle.stat().st_size} bytes")


def _import(run: Run) -> str:
    assert run.bundle is not None
    result = sync_import.import_bundle(run.vaults["coordinator"], run.bundle)
    if result.new_media != len(run.media) or result.new_revisions < 3 + len(run.media) \
            or result.conflicts:
        raise StepFailed(f"the import brought {result.new_revisions} revisions and "
                         f"{result.new_media} originals, {len(result.conflicts)} conflicts")
    coordinator = run.vaults["coordinator"]
    with coordinator.session() as session:
        fields = records.get(session, run.ids["testimony"]).fields
    if not fields or fields.get("transcript") != TRANSCRIPT:
        raise StepFailed("the testimony arrived different from what was sent", 3)
    for media_id, name in run.media.items():
        copy = run.root / "usb" / f"copia-{name}"
        media.export_original(coordinator, media_id, copy)
        same = copy.read_bytes() == run.photos[name]
        copy.unlink()
        if not same:
            raise StepFailed(f"the original {name} arrived different from what was sent", 3)
    return (f"signed by {result.signer}: {result.new_revisions} revisions, "
            f"{result.new_media} originals; testimony, photos and recording identical")


def _verify(run: Run) -> str:
    counts = []
    for name in ("field", "coordinator"):
        report = verify_vault(run.vaults[name])
        if not report.ok:
            first = report.problems[0]
            raise StepFailed(f"{name} vault: {first.item}: {first.reason}", 3)
        counts.append(f"{name}: {report.events} custody events, {report.revisions} "
                      f"revisions, {report.objects} originals")
    return "; ".join(counts)


def _documents(run: Run) -> str:
    # Imported here: these draw with Qt, which the rest of the command line never loads.
    from willay.pdf import report_pdf
    from willay.pdf.evidence_pdf import write_summary

    coordinator = run.vaults["coordinator"]
    with coordinator.session() as session:
        built = reports.build(session, lang="es", audience="partners")
    if built.totals.events != 1:
        raise StepFailed(f"the report counts {built.totals.events} events; expected 1")
    pdf = report_pdf.render(built, report_pdf.Signer("Selftest", "", "0000"), "selftest")
    if not pdf.startswith(b"%PDF-") or len(pdf) < 2000:
        raise StepFailed(f"the report PDF is not a PDF ({len(pdf)} bytes)")
    package = build_package(coordinator, [run.ids["incident"]], run.root / "evidence",
                            render_summary=write_summary)
    sums = (package.path / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    for line in sums:
        digest, name = line.split(maxsplit=1)
        data = (package.path / name.lstrip("*")).read_bytes()
        if hashlib.sha256(data).hexdigest() != digest:
            raise StepFailed(f"the evidence package's {name} does not match SHA256SUMS", 3)
    return (f"report PDF of {len(pdf)} bytes; evidence package with {package.originals} "
            f"originals and {len(sums)} files matching SHA256SUMS")


STEPS: tuple[tuple[str, Callable[[Run], str]], ...] = (
    ("create a vault", _create_field_vault),
    ("add an incident, a witness and a testimony", _add_records),
    ("add generated photos (JPEG and HEIC)", _add_photos),
    ("record a generated tone and play it back", _record_tone),
    ("create a second vault", _create_coordinator),
    ("exchange partner cards", _exchange_cards),
    ("export a bundle", _export),
    ("import the bundle into the second vault", _import),
    ("verify both vaults", _verify),
    ("write a report PDF and an evidence package", _documents),
)
CLEANUP = "remove everything"


def _lock_all(run: Run) -> None:
    for vault in run.vaults.values():
        if vault.is_unlocked:
            vault.lock()


def run_selftest(report: Callable[[Step], None] | None = None) -> tuple[list[Step], int]:
    """Run every step in a temporary folder, then remove it; return the steps and exit code.

    Steps stop at the first failure; removing the folder is always the last step.
    """
    say = report or (lambda _step: None)
    steps: list[Step] = []
    exit_code = 0

    def record(step: Step) -> None:
        steps.append(step)
        say(step)

    try:
        holder = tempfile.TemporaryDirectory(prefix="willay-selftest-")
    except OSError as exc:
        raise WillayError(_("The selftest could not make a temporary folder in {folder}: "
                            "{reason}. Set TMPDIR to a writable folder.").format(
            folder=tempfile.gettempdir(), reason=exc.strerror or exc)) from exc
    root = Path(holder.name)
    run = Run(root)
    try:
        for name, action in STEPS:
            start = time.perf_counter()
            try:
                detail = action(run)
            except (StepFailed, WillayError) as exc:
                code = exc.exit_code if isinstance(exc, StepFailed) else (
                    3 if isinstance(exc, VerificationError) else 1)
                record(Step(name, False, time.perf_counter() - start, str(exc)))
                exit_code = code
                break
            except Exception as exc:
                record(Step(name, False, time.perf_counter() - start,
                            f"unexpected {type(exc).__name__}: {exc}"))
                exit_code = 1
                break
            record(Step(name, True, time.perf_counter() - start, detail))
    finally:
        start = time.perf_counter()
        try:
            _lock_all(run)
        finally:
            holder.cleanup()
        gone = not root.exists()
        record(Step(CLEANUP, gone, time.perf_counter() - start,
                    f"{root} removed" if gone else f"{root} could not be removed"))
        if not gone and exit_code == 0:
            exit_code = 1
    return steps, exit_code


def _mark(ok: bool) -> str:
    mark = "✓" if ok else "✗"
    try:
        mark.encode(sys.stdout.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return "ok  " if ok else "FAIL"
    return mark


def selftest(ctx: Context, _args: argparse.Namespace) -> int:
    """Run the self-test and print each step; 0 if all pass, else 1 (or 3 for verification)."""

    def show(step: Step) -> None:
        if not ctx.json:
            output.emit(f"{_mark(step.ok)} {step.name} ({step.seconds:.1f} s): {step.detail}")
            sys.stdout.flush()

    steps, exit_code = run_selftest(show)
    ok = exit_code == 0
    failed = next((s.name for s in steps if not s.ok), None)
    if ctx.json:
        output.emit_json({"ok": ok, "failed_step": failed,
                          "steps": [s.as_dict() for s in steps]})
    elif ok:
        output.emit(ngettext("Selftest passed: {count} step.", "Selftest passed: {count} steps.",
                             len(steps)).format(count=number(len(steps))))
    else:
        print("willay-cli: " + _("selftest failed at step '{step}'.").format(step=failed),
              file=sys.stderr)
    return exit_code
