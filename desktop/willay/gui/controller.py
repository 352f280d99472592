"""The one owner of the vault and the worker thread.

Widgets ask the controller to create, unlock, lock and recover the vault and to run
long work (one typed method per kind, each returning its :class:`Task`); they read and
write records through :attr:`Controller.archive`, which opens one session per unit of
work. Widgets never hold sessions or the vault's keys, nor submit work themselves. The
vault is set only in the GUI thread, by the slot of the task that opened it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QObject, Signal

from willay.core.errors import VaultLockedError
from willay.core.fileio import atomic_write
from willay.core.formats.card import Card
from willay.core.media import intake as media
from willay.core.media import redaction
from willay.core.media.intake import Added
from willay.core.reconcile.duplicates import Suggestion
from willay.core.records.filter import IncidentFilter
from willay.core.records.verify import Report, verify_vault
from willay.core.reports import counts as reports
from willay.core.reports import evidence_package
from willay.core.sharing import delivery
from willay.core.sharing import receive as sync_import
from willay.core.sharing import send as sync_export
from willay.core.vault.hub import Hub
from willay.core.vault.vault import Vault, is_vault
from willay.gui.archive import Archive
from willay.gui.capabilities import Feature, NotOnHubYet, available
from willay.gui.hub_profile import HubProfile
from willay.gui.lock_notes import LockNotes
from willay.gui.opening import Opening, Openings, Store, open_hub, open_vault, recover_vault
from willay.gui.settings import AppSettings
from willay.gui.workers import VAULT_LANE, Task, TaskContext, Workers

log = logging.getLogger(__name__)

# Work that costs the documenter something if stopped: when the vault locks for idle time
# it runs to its end (the keys go just after); anything else (showing a photo) stops.
FINISHED_ON_IDLE_LOCK = frozenset({
    "intake", "import bundle", "export bundle", "evidence package", "redact", "receipt",
    "purge", "verify", "export", "clear redaction", "keep recording"})


# Long work that only reads runs in a lane of its own, beside the vault's writers and
# beside each other: a report never waits behind a duplicate search (see workers.py).
# The vault check stays in the vault lane: a purge beside it would look like a lost original.
LANES = {"report counts": "reports", "report data": "reports", "write report": "reports",
         "duplicates": "duplicates", "read original": "viewer"}


class Controller(QObject):
    """Opens, unlocks and locks one vault (or hub); runs long work in the worker thread."""

    unlocked = Signal()
    """Emits: the vault was unlocked (or created) and its records can be shown."""
    about_to_lock = Signal()
    """Emits: the vault is about to lock, records still readable and writable (editors
    keep their unsaved changes as drafts now)."""
    locked = Signal()
    """Emits: the vault was locked; every widget showing records must go."""
    records_changed = Signal(str, str)
    """Emits: a record ("incident", "person", "testimony", "media") or the bundles changed."""
    waiting_for_writer = Signal(object)
    """Emits: work waits for another window or command changing the vault (a writer_lock
    Holder), then None once it goes on."""
    ended_while_locked = Signal(str, bool, object)
    """Emits: work let finish by an idle-time lock ended (name, succeeded, result or error)."""

    def __init__(self, vault_path: Path, settings: AppSettings,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.vault_path = vault_path
        self.settings = settings
        self.workers = Workers(self)
        self.hub: HubProfile | None = None
        """The hub to open (as its coordinator) instead of the vault in ``vault_path``."""
        self._vault: Store | None = None
        self._archive: Archive | None = None
        self._openings = Openings(self)
        self._lock_when_idle = False
        self._lock_notes = LockNotes(self)

    # -- state -------------------------------------------------------------------
    @property
    def vault_exists(self) -> bool:
        """Whether ``vault_path`` holds a vault keyring (nothing is decrypted)."""
        return is_vault(self.vault_path)

    @property
    def is_unlocked(self) -> bool:
        """Whether a vault is open and unlocked."""
        return self._vault is not None and self._vault.is_unlocked

    @property
    def archive(self) -> Archive:
        """The records of the unlocked vault; VaultLockedError when locked."""
        if self._archive is None or not self.is_unlocked:
            raise VaultLockedError("The vault is locked.")
        return self._archive

    def can(self, feature: Feature) -> bool:
        """Whether the archive open (or to open) has ``feature`` (see capabilities)."""
        return available(self.hub is not None, feature)

    def set_vault_path(self, path: Path) -> None:
        """Point at another vault folder (only while locked)."""
        self.lock()
        self.vault_path = path
        self.hub = None

    def set_hub(self, profile: HubProfile) -> None:
        """Point at a hub, to open as the coordinator ``profile`` names (only while locked)."""
        self.lock()
        self.hub = profile

    def _run(self, name: str, work: Callable[[TaskContext], Any]) -> Task:
        return self.workers.submit(Task(name, work, LANES.get(name, VAULT_LANE)))

    # -- life cycle --------------------------------------------------------------
    def create(self, name: str, organization: str, passphrase: str) -> Task:
        """Create a vault in ``vault_path`` in the worker; the task yields the recovery code.

        The vault is open afterwards, but :attr:`unlocked` is emitted only by
        :meth:`confirm_created`, once the recovery code has been written down.
        """
        path = self.vault_path
        self.hub = None
        opening = Opening()

        def work(_ctx: TaskContext) -> str:
            opening.store, code = Vault.create(path, passphrase, name, organization)
            return code

        task = self._openings.watch(self._run("create", work), opening)
        task.succeeded.connect(self._created)
        return task

    def _created(self, _code: object) -> None:
        self._take_over()

    def confirm_created(self) -> None:
        """Show the new vault once its recovery code has been written down."""
        self._became_unlocked()

    def unlock(self, passphrase: str) -> Task:
        """Unlock the vault, or the hub as its coordinator, in the worker (Argon2id takes
        about a second)."""
        path, hub = self.vault_path, self.hub
        opening = Opening()

        def work(_ctx: TaskContext) -> None:
            opening.store = open_hub(hub, passphrase) if hub else open_vault(path, passphrase)

        task = self._openings.watch(self._run("unlock", work), opening)
        task.succeeded.connect(self._opened)
        return task

    def recover(self, code: str, new_passphrase: str) -> Task:
        """Unlock with the recovery code and set a new passphrase, in the worker."""
        path = self.vault_path
        opening = Opening()

        def work(_ctx: TaskContext) -> None:
            opening.store = recover_vault(path, code, new_passphrase)

        task = self._openings.watch(self._run("recover", work), opening)
        task.succeeded.connect(self._opened)
        return task

    def _take_over(self) -> None:
        # The succeeded slot of the task that opened the vault, so in the GUI thread: the
        # only place the vault is set.
        store = self._openings.take(self.sender())
        if store is not None:
            self._vault = store

    def _opened(self, _result: object) -> None:
        self._take_over()
        self._became_unlocked()

    def _became_unlocked(self) -> None:
        if self._vault is None:
            return
        self._archive = Archive(self._vault)
        if isinstance(self._vault, Vault):
            # The vault calls this in the worker thread; the signal reaches the window in its own.
            self._vault.waiting = self.waiting_for_writer.emit
        self._lock_when_idle = False
        self.settings.remember_opened(self.vault_path, self.hub)
        log.info("Vault unlocked")
        self.unlocked.emit()

    def lock(self, finish_work: bool = False) -> list[str]:
        """Lock now: widgets are told at once; keys go as soon as running work stops.

        With ``finish_work`` (the idle-time lock) work that would be lost if stopped runs
        to its end instead of being cancelled, and :attr:`ended_while_locked` says how it
        ended; returns the names of that work.
        """
        if self._vault is None:
            return []
        if self._archive is not None:
            self.about_to_lock.emit()
        self._archive = None
        kept = []
        if finish_work:
            for task in self.workers.unfinished():
                if task.name in FINISHED_ON_IDLE_LOCK:
                    task.shielded = True
                    kept.append(task.name)
                    task.succeeded.connect(self._kept_succeeded)
                    task.failed.connect(self._kept_failed)
        for task in self.workers.unfinished():
            if not task.shielded:
                self._lock_notes.watch(task)
        self.workers.cancel_all()
        # Every lane stops at its next chunk; the keys are dropped when the last one ends.
        self._lock_when_idle = self.workers.busy
        self.workers.when_idle(self._finish_lock)
        self.locked.emit()
        return kept

    def _kept_succeeded(self, result: object) -> None:
        task = self.sender()
        if isinstance(task, Task):
            self.ended_while_locked.emit(task.name, True, result)

    def _kept_failed(self, exc: object) -> None:
        task = self.sender()
        if isinstance(task, Task):
            self.ended_while_locked.emit(task.name, False, exc)

    def take_lock_notes(self) -> list[str]:
        """Say how the work running at the last lock ended (cancelled, or finished first),
        one sentence each, once; the window shows them after unlocking."""
        return self._lock_notes.take()

    def _finish_lock(self) -> None:
        if self._vault is not None and self._archive is None:
            self._vault.lock()
            self._vault = None
            log.info("Vault locked")

    def shutdown(self) -> None:
        """Stop the worker thread and lock the vault (at exit)."""
        self._archive = None
        self.workers.shutdown()
        self._openings.lock_all()
        if self._vault is not None:
            self._vault.lock()
            self._vault = None

    # -- long work ---------------------------------------------------------------
    def add_files(self, record_id: str, paths: list[Path]) -> Task:
        """Attach files to a record in the worker, all or nothing, with progress and cancel."""
        vault = self._require_vault(Feature.ORIGINALS)

        def work(ctx: TaskContext) -> list[Added]:
            return media.add_files(vault, record_id, paths, ctx.progress, ctx.cancel)

        task = self._run("intake", work)
        task.setProperty("record_id", record_id)
        task.succeeded.connect(self._media_added)
        return task

    def _media_added(self, added: object) -> None:
        for item in added if isinstance(added, list) else []:
            if isinstance(item, Added):
                self.records_changed.emit("media", item.media_id)

    def read_original(self, sha256: str) -> Task:
        """Decrypt an original into memory in the worker; the task yields its bytes."""
        vault = self._require_vault(Feature.ORIGINALS)

        def work(ctx: TaskContext) -> bytes:
            parts = []
            for chunk in media.read_original(vault, sha256):
                if ctx.cancel.cancelled:
                    return b""
                parts.append(chunk)
            return b"".join(parts)

        return self._run("read original", work)

    def export_original(self, media_id: str, destination: Path) -> Task:
        """Write a media item's original to ``destination`` in the worker."""
        vault = self._require_vault(Feature.ORIGINALS)
        return self._run("export", lambda ctx: media.export_original(
            vault, media_id, destination, ctx.progress, ctx.cancel))

    def evidence_package(self, incident_ids: list[str], out_dir: Path,
                         audience: str = "legal") -> Task:
        """Write an evidence package into the new folder ``out_dir``, in the worker."""
        vault = self._require_vault(Feature.EVIDENCE)

        def work(ctx: TaskContext) -> evidence_package.PackageResult:
            from willay.pdf.evidence_pdf import write_summary

            return evidence_package.build_package(
                vault, incident_ids, out_dir, audience=audience, render_summary=write_summary,
                progress=ctx.progress, cancel=ctx.cancel)

        task = self._run("evidence package", work)
        task.succeeded.connect(self._packaged)
        return task

    def _packaged(self, _result: object) -> None:
        self.records_changed.emit("media", "")

    def redact(self, media_id: str, regions: list[redaction.Region]) -> Task:
        """Make the redacted copy of a photo in the worker; the task yields the result."""
        vault = self._require_vault(Feature.ORIGINALS)
        task = self._run("redact", lambda _ctx: redaction.redact(vault, media_id, regions))
        task.setProperty("media_id", media_id)
        task.succeeded.connect(self._redaction_changed)
        return task

    def clear_redaction(self, media_id: str) -> Task:
        """Remove a photo's redacted copy (its history stays in custody), in the worker."""
        vault = self._require_vault(Feature.ORIGINALS)
        task = self._run("clear redaction", lambda _ctx: redaction.clear(vault, media_id))
        task.setProperty("media_id", media_id)
        task.succeeded.connect(self._redaction_changed)
        return task

    def _redaction_changed(self, _result: object) -> None:
        task = self.sender()
        if isinstance(task, Task):
            self.records_changed.emit("media", str(task.property("media_id")))

    def verify(self) -> Task:
        """Check the custody chain, revisions and originals in the worker."""
        vault = self._require_vault(Feature.VERIFY)

        def work(ctx: TaskContext) -> Report:
            return verify_vault(vault, ctx.say, cancel=ctx.cancel)

        return self._run("verify", work)

    def export_bundle(self, partners: list[str], path: Path, complete: bool,
                      profile: str | None) -> Task:
        """Seal a bundle for ``partners`` in the worker, with progress (bytes) and cancel."""
        vault = self._require_vault(Feature.BUNDLES)

        def work(ctx: TaskContext) -> sync_export.ExportResult:
            return sync_export.export_bundle(vault, partners, path, complete=complete,
                                             profile=profile, progress=ctx.progress,
                                             cancel=ctx.cancel)

        return self._run("export bundle", work)

    def import_bundle(self, path: Path, accept_replay: bool = False) -> Task:
        """Verify and import a bundle or receipt in the worker, all or nothing."""
        vault = self._require_vault(Feature.BUNDLES)

        def work(ctx: TaskContext) -> sync_import.ImportResult:
            return sync_import.import_bundle(vault, path, accept_replay=accept_replay,
                                             progress=ctx.progress, cancel=ctx.cancel)

        task = self._run("import bundle", work)
        task.succeeded.connect(self._bundle_imported)
        return task

    def _bundle_imported(self, result: object) -> None:
        if isinstance(result, sync_import.ImportResult):
            self.records_changed.emit("bundle", result.bundle_id)

    def write_receipt(self, bundle_id: str, path: Path, sender: str | None = None) -> Task:
        """Write a signed receipt for an imported bundle (of ``sender``), in the worker."""
        vault = self._require_vault(Feature.BUNDLES)
        return self._run("receipt", lambda ctx: delivery.write_receipt(
            vault, bundle_id, path, sender, cancel=ctx.cancel))

    def write_receipt_for_partner(self, partner: str, path: Path) -> Task:
        """Write one signed receipt for every bundle of ``partner`` that has none yet."""
        vault = self._require_vault(Feature.BUNDLES)
        return self._run("receipt", lambda ctx: delivery.write_receipt_for_partner(
            vault, partner, path, cancel=ctx.cancel))

    def purge_delivered(self) -> Task:
        """Remove the originals partners confirmed receiving, in the worker."""
        vault = self._require_vault(Feature.PURGE)
        task = self._run("purge", lambda _ctx: delivery.purge_delivered(vault))
        task.succeeded.connect(self._purged)
        return task

    def _purged(self, _result: object) -> None:
        self.records_changed.emit("bundle", "")

    # -- reports and duplicates --------------------------------------------------
    def count_report(self, filters: IncidentFilter, lang: str,
                     audience: str = "partners") -> Task:
        """Count the events ``filters`` pass, in the worker; the task yields the Summary
        and reports the steps done (of ``summary.STEPS``)."""
        archive = self.archive
        return self._run("report counts", lambda ctx: archive.summary(
            filters, lang, audience, cancel=ctx.cancel,
            progress=lambda done, _total: ctx.progress(done)))

    def report_for_file(self, filters: IncidentFilter, lang: str, audience: str) -> Task:
        """Count with victims in the worker; the task yields the Report and this vault's Card."""
        archive = self.archive

        def work(ctx: TaskContext) -> tuple[reports.Report, Card]:
            return (archive.report(filters, lang, audience, with_victims=True,
                                   cancel=ctx.cancel),
                    archive.own_card())

        return self._run("report data", work)

    def write_report(self, path: Path, data: bytes) -> Task:
        """Write a report file already rendered, in the worker; the task yields ``path``."""

        def work(_ctx: TaskContext) -> Path:
            atomic_write(path, data)
            return path

        return self._run("write report", work)

    def write_report_csv(self, path: Path, filters: IncidentFilter, lang: str,
                         audience: str = "partners") -> Task:
        """Write one CSV row per incident (with its event and the organization fields
        ``audience`` may see), in the worker; yields ``path``."""
        archive = self.archive

        def work(ctx: TaskContext) -> Path:
            atomic_write(path, archive.report_csv(filters, lang, audience, ctx.cancel))
            return path

        return self._run("write report", work)

    def find_duplicates(self, kinds: tuple[str, ...], limit: int) -> Task:
        """Look for possible duplicates of each kind in the worker; yields them by kind and
        reports the percent done."""
        archive = self.archive

        def work(ctx: TaskContext) -> dict[str, list[Suggestion]]:
            found = {}
            for n, kind in enumerate(kinds):
                # One percent scale for the whole search: each kind takes its share of it.
                def share(percent: int, n: int = n) -> None:
                    ctx.progress((n * 100 + percent) // len(kinds))

                found[kind] = archive.duplicate_suggestions(kind, limit, ctx.cancel, share)
            return found

        return self._run("duplicates", work)

    def _require_vault(self, needs: Feature | None = None) -> Vault:
        if self._vault is None or not self._vault.is_unlocked or self._archive is None:
            raise VaultLockedError("The vault is locked.")
        if isinstance(self._vault, Hub):
            if needs is None or not self.can(needs):
                raise NotOnHubYet(needs)
            return cast("Vault", self._vault)  # what a hub has of a vault serves ``needs``
        return self._vault

    def unlocked_vault(self) -> Vault:
        """The vault, for core services that keep working with it (a recording)."""
        return self._require_vault(Feature.RECORDINGS)

    def hub_task(self, name: str, work: Callable[[Hub, TaskContext], Any]) -> Task:
        """Run ``work(hub, ctx)`` in the worker; VaultLockedError unless a hub is open."""
        hub = self._vault
        if not isinstance(hub, Hub) or not hub.is_unlocked or self._archive is None:
            raise VaultLockedError("The hub is locked.")
        return self._run(name, lambda ctx: work(hub, ctx))

    def vault_task(self, name: str, work: Callable[[Vault, TaskContext], Any]) -> Task:
        """Run ``work(vault, ctx)`` in the worker; raise VaultLockedError when locked."""
        vault = self._require_vault()
        return self._run(name, lambda ctx: work(vault, ctx))

    def notify_changed(self, kind: str, record_id: str) -> None:
        """Tell every view that a record changed (after a save)."""
        self.records_changed.emit(kind, record_id)

