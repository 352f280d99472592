"""The one owner of the vault and the worker thread.

Widgets ask the controller to create, unlock, lock and recover the vault and to run
long work; they read and write records through :attr:`Controller.archive`, which opens
one session per unit of work. Widgets never hold sessions or the vault's keys.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from willay.core.errors import VaultLockedError
from willay.core.media import intake as media
from willay.core.media import redaction
from willay.core.media.intake import Added
from willay.core.records.verify import Report, verify_vault
from willay.core.reports import evidence_package
from willay.core.sharing import delivery
from willay.core.sharing import receive as sync_import
from willay.core.sharing import send as sync_export
from willay.core.vault.vault import Vault
from willay.gui.archive import Archive
from willay.gui.settings import AppSettings
from willay.gui.workers import Task, TaskContext, Workers

log = logging.getLogger(__name__)

# Work that costs the documenter something if stopped: when the vault locks for idle time
# it runs to its end (the keys go just after); anything else (showing a photo) stops.
FINISHED_ON_IDLE_LOCK = frozenset({
    "intake", "import bundle", "export bundle", "evidence package", "redact", "receipt",
    "purge", "verify", "export", "clear redaction"})


class Controller(QObject):
    """Opens, unlocks and locks one vault; runs long work in the worker thread."""

    unlocked = Signal()
    """Emits: the vault was unlocked (or created) and its records can be shown."""
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
        self._vault: Vault | None = None
        self._archive: Archive | None = None
        self._lock_when_idle = False

    # -- state -------------------------------------------------------------------
    @property
    def vault_exists(self) -> bool:
        """Whether ``vault_path`` holds a vault keyring (nothing is decrypted)."""
        return (self.vault_path / "keyring.json").is_file()

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

    def set_vault_path(self, path: Path) -> None:
        """Point at another vault folder (only while locked)."""
        self.lock()
        self.vault_path = path

    def _run(self, name: str, work: Callable[[TaskContext], Any]) -> Task:
        return self.workers.submit(Task(name, work))

    # -- life cycle --------------------------------------------------------------
    def create(self, name: str, organization: str, passphrase: str) -> Task:
        """Create a vault in ``vault_path`` in the worker; the task yields the recovery code.

        The vault is open afterwards, but :attr:`unlocked` is emitted only by
        :meth:`confirm_created`, once the recovery code has been written down.
        """
        path = self.vault_path

        def work(_ctx: TaskContext) -> str:
            vault, code = Vault.create(path, passphrase, name, organization)
            self._vault = vault
            return code

        return self._run("create", work)

    def confirm_created(self) -> None:
        """Show the new vault once its recovery code has been written down."""
        self._became_unlocked()

    def unlock(self, passphrase: str) -> Task:
        """Unlock the vault in the worker (Argon2id takes about a second)."""
        path = self.vault_path

        def work(_ctx: TaskContext) -> None:
            vault = Vault.open(path)
            vault.unlock(passphrase)
            self._vault = vault

        task = self._run("unlock", work)
        task.succeeded.connect(self._became_unlocked)
        return task

    def recover(self, code: str, new_passphrase: str) -> Task:
        """Unlock with the recovery code and set a new passphrase, in the worker."""
        path = self.vault_path

        def work(_ctx: TaskContext) -> None:
            vault = Vault.open(path)
            vault.unlock_with_recovery_code(code)
            try:
                vault.change_passphrase(new_passphrase)
            except BaseException:
                vault.lock()
                raise
            self._vault = vault

        task = self._run("recover", work)
        task.succeeded.connect(self._became_unlocked)
        return task

    def _became_unlocked(self, _result: object = None) -> None:
        if self._vault is None:
            return
        self._archive = Archive(self._vault)
        # Called in the worker thread; the signal reaches the window in its own thread.
        self._vault.waiting = self.waiting_for_writer.emit
        self._lock_when_idle = False
        self.settings.last_vault = str(self.vault_path)
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
        self._archive = None
        kept = []
        if finish_work:
            for task in self.workers.unfinished():
                if task.name in FINISHED_ON_IDLE_LOCK:
                    task.shielded = True
                    kept.append(task.name)
                    task.succeeded.connect(
                        lambda result, n=task.name: self.ended_while_locked.emit(n, True, result))
                    task.failed.connect(
                        lambda exc, n=task.name: self.ended_while_locked.emit(n, False, exc))
        self.workers.cancel_all()
        if self.workers.busy:
            # The worker stops at its next chunk; the keys are dropped when it ends.
            self._lock_when_idle = True
            lock_task = self._run("lock", lambda _ctx: None)
            lock_task.ended.connect(self._finish_lock)
        else:
            self._finish_lock()
        self.locked.emit()
        return kept

    def _finish_lock(self) -> None:
        if self._vault is not None and self._archive is None:
            self._vault.lock()
            self._vault = None
            log.info("Vault locked")

    def shutdown(self) -> None:
        """Stop the worker thread and lock the vault (at exit)."""
        self._archive = None
        self.workers.shutdown()
        if self._vault is not None:
            self._vault.lock()
            self._vault = None

    # -- long work ---------------------------------------------------------------
    def add_files(self, record_id: str, paths: list[Path]) -> Task:
        """Attach files to a record in the worker, all or nothing, with progress and cancel."""
        vault = self._require_vault()

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
        vault = self._require_vault()

        def work(ctx: TaskContext) -> bytes:
            parts = []
            for chunk in vault.objects.read_chunks(sha256):
                if ctx.cancel.cancelled:
                    return b""
                parts.append(chunk)
            return b"".join(parts)

        return self._run("read original", work)

    def export_original(self, media_id: str, destination: Path) -> Task:
        """Write a media item's original to ``destination`` in the worker."""
        vault = self._require_vault()
        return self._run("export", lambda _ctx: media.export_original(vault, media_id,
                                                                      destination))

    def evidence_package(self, incident_ids: list[str], out_dir: Path,
                         audience: str = "legal") -> Task:
        """Write an evidence package into the new folder ``out_dir``, in the worker."""
        vault = self._require_vault()

        def work(ctx: TaskContext) -> evidence_package.PackageResult:
            from willay.pdf.evidence_pdf import write_summary

            return evidence_package.build_package(
                vault, incident_ids, out_dir, audience=audience, render_summary=write_summary,
                progress=ctx.progress, cancel=ctx.cancel)

        task = self._run("evidence package", work)
        task.succeeded.connect(lambda _r: self.records_changed.emit("media", ""))
        return task

    def redact(self, media_id: str, regions: list[redaction.Region]) -> Task:
        """Make the redacted copy of a photo in the worker; the task yields the result."""
        vault = self._require_vault()
        task = self._run("redact", lambda _ctx: redaction.redact(vault, media_id, regions))
        task.succeeded.connect(lambda _r: self.records_changed.emit("media", media_id))
        return task

    def clear_redaction(self, media_id: str) -> Task:
        """Remove a photo's redacted copy (its history stays in custody), in the worker."""
        vault = self._require_vault()
        task = self._run("clear redaction", lambda _ctx: redaction.clear(vault, media_id))
        task.succeeded.connect(lambda _r: self.records_changed.emit("media", media_id))
        return task

    def verify(self) -> Task:
        """Check the custody chain, revisions and originals in the worker."""
        vault = self._require_vault()

        def work(ctx: TaskContext) -> Report:
            return verify_vault(vault, ctx.say)

        return self._run("verify", work)

    def export_bundle(self, partners: list[str], path: Path, complete: bool,
                      profile: str | None) -> Task:
        """Seal a bundle for ``partners`` in the worker, with progress (bytes) and cancel."""
        vault = self._require_vault()

        def work(ctx: TaskContext) -> sync_export.ExportResult:
            return sync_export.export_bundle(vault, partners, path, complete=complete,
                                             profile=profile, progress=ctx.progress,
                                             cancel=ctx.cancel)

        return self._run("export bundle", work)

    def import_bundle(self, path: Path, accept_replay: bool = False) -> Task:
        """Verify and import a bundle or receipt in the worker, all or nothing."""
        vault = self._require_vault()

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
        vault = self._require_vault()
        return self._run("receipt", lambda _ctx: delivery.write_receipt(vault, bundle_id, path,
                                                                        sender))

    def purge_delivered(self) -> Task:
        """Remove the originals partners confirmed receiving, in the worker."""
        vault = self._require_vault()
        task = self._run("purge", lambda _ctx: delivery.purge_delivered(vault))
        task.succeeded.connect(self._purged)
        return task

    def _purged(self, _result: object) -> None:
        self.records_changed.emit("bundle", "")

    def _require_vault(self) -> Vault:
        if self._vault is None or not self._vault.is_unlocked or self._archive is None:
            raise VaultLockedError("The vault is locked.")
        return self._vault

    def notify_changed(self, kind: str, record_id: str) -> None:
        """Tell every view that a record changed (after a save)."""
        self.records_changed.emit(kind, record_id)
