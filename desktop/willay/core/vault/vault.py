"""The vault: a folder with keyring.json, the SQLCipher archive.db and objects/.

Opening reads only the keyring; unlocking derives the key-encryption key, unwraps the
data key (DEK), opens the database with a key derived from it, and brings the schema
up to date. Locking disposes of the engine and forgets the keys.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from willay.core.errors import (
    NotAVaultError,
    ReadOnlyVaultError,
    ValidationError,
    VaultBusyError,
    VaultError,
    VaultExistsError,
    VaultLockedError,
    WillayError,
)
from willay.core.fileio import fsync_dir
from willay.core.i18n import _
from willay.core.keys import kdf, keyring
from willay.core.keys.recovery import new_recovery_code
from willay.core.paths import (
    BACKUPS_DIR,
    DATABASE_FILE,
    KEYRING_FILE,
    OBJECTS_DIR,
    make_private_dir,
)
from willay.core.vault import database
from willay.core.vault.identity import new_identity_keys
from willay.core.vault.models import StoredObject, VaultInfo
from willay.core.vault.objects import TEMP_PREFIX, ObjectStore
from willay.core.vault.writer_lock import WAIT_SECONDS, Waiting, WriterLock

log = logging.getLogger(__name__)

MIN_PASSPHRASE_CHARS = 10
CUSTODY_SCHEMA = "0002"  # the schema that brought the custody log
SIGNATURES_SCHEMA = "0006"  # the schema that brought author signatures on revisions

UpgradeStep = Callable[[Session], object]
# Data upgrades that follow a schema migration but need the records layer above (they
# chain and sign revisions with the vault's keys): schema that brought them -> what they do.
# :mod:`willay.core.records` registers a step for each when it is imported; a vault that
# needs a step nobody registered is refused before anything changes.
DATA_UPGRADES = {
    CUSTODY_SCHEMA: "the custody log of the revisions made before it",
    SIGNATURES_SCHEMA: "the attestation of the revisions made before author signatures",
}
_upgrade_steps: dict[str, UpgradeStep] = {}


def register_upgrade(schema: str, step: UpgradeStep) -> None:
    """Run ``step`` in its own session after a database older than ``schema`` is migrated."""
    if schema not in DATA_UPGRADES:
        raise ValueError(_("No data upgrade is expected for schema {schema}.").format(
            schema=schema))
    _upgrade_steps[schema] = step


def _check_upgrades_known(found: str | None) -> None:
    missing = [what for schema, what in DATA_UPGRADES.items()
               if found is not None and found < schema and schema not in _upgrade_steps]
    if missing:
        raise RuntimeError(_("This vault needs upgrades that only the records layer makes "
                             "({steps}): import willay.core.records before unlocking.").format(
                                 steps="; ".join(missing)))


def check_passphrase_strength(passphrase: str) -> None:
    """Refuse passphrases too short to resist guessing on a seized laptop."""
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        raise ValidationError(
            _("The passphrase is too short: use at least {count} characters (a few unrelated "
              "words are easy to remember and hard to guess).").format(
                  count=MIN_PASSPHRASE_CHARS)
        )
    if len(set(passphrase)) < 4:
        raise ValidationError(_("The passphrase repeats too few characters to be safe."))


def is_vault(path: Path) -> bool:
    """Whether ``path`` is a vault folder: it holds a keyring (nothing is read or decrypted)."""
    return (path / KEYRING_FILE).is_file()


def _subkey(dek: bytes, purpose: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=f"willay {purpose}".encode()).derive(dek)


@dataclass(frozen=True)
class VaultStatus:
    """What ``lock-check`` reports about an unlocked vault."""

    path: str
    vault_id: str
    keyring_format: int
    schema: str
    name: str
    organization: str
    kdf_memory_mib: int


class Vault:
    """One vault folder. Create with :meth:`create`, open with :meth:`open`."""

    def __init__(self, path: Path, ring: keyring.Keyring) -> None:
        self.path = path
        self._keyring = ring
        self._dek: bytearray | None = None
        self._engine: Engine | None = None
        self._writer = WriterLock(path)
        self._objects: ObjectStore | None = None  # made once per unlock, dropped on lock
        self.backup_made: str | None = None
        # Told, once, when a change waits for another process to finish its own.
        self.waiting: Waiting | None = None

    # -- files -------------------------------------------------------------------
    @property
    def keyring_path(self) -> Path:
        """Path of keyring.json."""
        return self.path / KEYRING_FILE

    @property
    def database_path(self) -> Path:
        """Path of the encrypted archive.db."""
        return self.path / DATABASE_FILE

    @property
    def vault_id(self) -> str:
        """The vault's UUID, as recorded in its keyring."""
        return self._keyring.vault_id

    @property
    def kdf_params(self) -> kdf.KdfParams:
        """The passphrase's Argon2id parameters."""
        return self._keyring.kdf

    # -- life cycle --------------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: Path,
        passphrase: str,
        name: str = "",
        organization: str = "",
        kdf_params: kdf.KdfParams | None = None,
    ) -> tuple[Vault, str]:
        """Create a vault in ``path`` (missing or empty); return it unlocked and its recovery code.

        The recovery code is returned once and stored nowhere in the clear.
        """
        check_passphrase_strength(passphrase)
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            if (path / KEYRING_FILE).exists():
                raise VaultExistsError(_("A vault already exists in {path}.").format(path=path))
            raise VaultExistsError(
                _("{path} is not empty; choose a new or empty folder for the vault.").format(
                    path=path)
            )
        params = kdf_params or kdf.calibrate()
        recovery_code = new_recovery_code()
        dek = os.urandom(keyring.DEK_BYTES)
        ring = keyring.new_keyring(passphrase, recovery_code, dek, params)
        make_private_dir(path)
        vault: Vault | None = None
        try:
            make_private_dir(path / OBJECTS_DIR)
            vault = cls(path, ring)
            vault._open_database(dek)
            with vault.session() as session:
                session.add(VaultInfo(vault_id=ring.vault_id, name=name.strip(),
                                      organization=organization.strip(),
                                      created=ring.created))
                for key in new_identity_keys():
                    session.add(key)
            # The keyring is written last: a vault without one is not a vault yet.
            keyring.write(vault.keyring_path, ring)
        except BaseException:
            if vault is not None:
                with contextlib.suppress(Exception):
                    vault.lock()
            shutil.rmtree(path, ignore_errors=True)
            raise
        log.info("Vault created")
        return vault, recovery_code

    @classmethod
    def open(cls, path: Path) -> Vault:
        """Return the locked vault in ``path`` after checking its keyring and database exist."""
        if not path.exists():
            raise NotAVaultError(
                _("There is no vault at {path}. Create one with \"willay-cli init\" or give "
                  "the right folder with --vault.").format(path=path)
            )
        if not path.is_dir():
            raise NotAVaultError(_("{path} is a file, not a vault folder.").format(path=path))
        keyring_path = path / KEYRING_FILE
        if not keyring_path.exists():
            raise NotAVaultError(_("{path} is not a Willay vault (it has no {file}).").format(
                path=path, file=KEYRING_FILE))
        ring = keyring.read(keyring_path)
        if not (path / DATABASE_FILE).is_file():
            raise VaultError(
                _("The vault's database {path} is missing. Restore it from a backup; the "
                  "keyring alone holds no records.").format(path=path / DATABASE_FILE)
            )
        return cls(path, ring)

    def unlock(self, passphrase: str) -> None:
        """Unlock with the passphrase; WrongPassphraseError if it does not fit."""
        self._open_database(keyring.unwrap_with_passphrase(self._keyring, passphrase))

    def unlock_with_recovery_code(self, code: str) -> None:
        """Unlock with the recovery code shown at creation."""
        self._open_database(keyring.unwrap_with_recovery_code(self._keyring, code))

    def _open_database(self, dek: bytes) -> None:
        self._refuse_read_only()
        self._dek = bytearray(dek)
        engine = database.open_engine(self.database_path, self.subkey("archive.db"))
        try:
            _check_upgrades_known(database.current_revision(engine))
            migration = database.migrate(engine, self.database_path, self.path / BACKUPS_DIR)
        except BaseException:
            engine.dispose()
            self._forget_key()
            raise
        self.backup_made = migration.backup
        self._engine = engine
        self._restrict_files()
        for schema in sorted(DATA_UPGRADES):
            if migration.previous is not None and migration.previous < schema:
                with self.session() as session:
                    _upgrade_steps[schema](session)
        self._tidy_files()

    def _refuse_read_only(self) -> None:
        # The encrypted database writes its journal beside itself even to read, so a
        # read-only disk would otherwise look like a database that does not open.
        try:
            read_only = bool(os.statvfs(self.path).f_flag & os.ST_RDONLY) \
                or not os.access(self.path, os.W_OK)
        except OSError:
            return  # the database open that follows says what is wrong
        if read_only:
            raise ReadOnlyVaultError(_(
                "The vault {path} is on a disk that cannot be written (a write-protected "
                "stick or a read-only drive). Willay needs to write to the vault even to open "
                "it. Remove the write protection, or copy the whole folder to this computer, "
                "and open it again. Nothing was changed.").format(path=self.path))

    def _tidy_files(self) -> None:
        # Housekeeping only: when another process is writing, its files are its own.
        with contextlib.suppress(VaultBusyError), self.writing("cleanup", wait=0):
            pass

    @contextmanager
    def writing(self, activity: str, wait: float = WAIT_SECONDS) -> Iterator[None]:
        """Hold the vault's writer lock while changing originals (see writer_lock).

        Waits up to ``wait`` seconds for another writer, telling :attr:`waiting`, then
        raises VaultBusyError. Files this work listed and left unreferenced (a failure, a
        cancel) are removed at the end; those of a writer killed before are removed first.
        """
        with self._writer.hold(activity, wait, self.waiting) as outermost:
            if not outermost:
                yield
                return
            self._remove_leftovers()
            try:
                yield
            finally:
                try:
                    self._remove_leftovers()
                except (WillayError, OSError):
                    # The list stays on disk; the next writer removes them.
                    log.warning("Unreferenced new object files are left for the next writer")

    def _remove_leftovers(self) -> None:
        mine = dict(self._writer.claimed_here)
        listed = self._writer.claimed()
        temps = any(self.objects.root.glob(f"{TEMP_PREFIX}*"))
        if not listed and not temps and not mine:
            return
        kept = select(StoredObject.sha256).where(col(StoredObject.purged).is_(False))
        known: set[str] = set()
        with self.session() as session:
            if set(listed) <= set(mine):
                # Only this process's claims: ask about those originals, not all of them.
                shas = sorted(mine.values())
                for start in range(0, len(shas), 500):
                    known.update(session.exec(kept.where(
                        col(StoredObject.sha256).in_(shas[start:start + 500]))).all())
            else:
                known.update(session.exec(kept).all())
        removed = self.objects.remove_leftovers(listed, known)
        self._writer.forget_claims()
        if removed:
            log.info("Removed %d object files no record refers to", removed)

    @property
    def objects(self) -> ObjectStore:
        """The encrypted originals of this vault."""
        if self._objects is None:
            self._objects = ObjectStore(self.path / OBJECTS_DIR, self.subkey("objects"),
                                        self.subkey("object names"), self._writer)
        return self._objects

    def _restrict_files(self) -> None:
        # SQLite creates its files with the process umask; the vault's must be private.
        for path in self.path.glob(DATABASE_FILE + "*"):
            with contextlib.suppress(OSError):
                os.chmod(path, 0o600)

    def _forget_key(self) -> None:
        self._objects = None  # it holds keys derived from the DEK
        if self._dek is not None:
            for i in range(len(self._dek)):
                self._dek[i] = 0
        self._dek = None

    def lock(self) -> None:
        """Close the database and drop the keys held in memory."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        self._forget_key()

    @property
    def is_unlocked(self) -> bool:
        """Whether the database is open."""
        return self._engine is not None

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.lock()

    # -- keys and sessions -------------------------------------------------------
    def subkey(self, purpose: str) -> bytes:
        """Return a key derived from the DEK for one purpose (database, objects, names)."""
        if self._dek is None:
            raise VaultLockedError(_("The vault is locked."))
        return _subkey(bytes(self._dek), purpose)

    @property
    def engine(self) -> Engine:
        """The open database engine."""
        if self._engine is None:
            raise VaultLockedError(_("The vault is locked."))
        return self._engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work on the archive, committed on success."""
        with database.session_scope(self.engine) as session:
            yield session

    # -- passphrase --------------------------------------------------------------
    def change_passphrase(self, new_passphrase: str) -> None:
        """Wrap the data key under a new passphrase (the recovery code stays valid)."""
        check_passphrase_strength(new_passphrase)
        if self._dek is None:
            raise VaultLockedError(_("Unlock the vault before changing its passphrase."))
        ring = keyring.rewrap_passphrase(self._keyring, bytes(self._dek), new_passphrase)
        keyring.write(self.keyring_path, ring)
        self._keyring = ring
        log.info("Passphrase changed")

    # -- status ------------------------------------------------------------------
    def status(self) -> VaultStatus:
        """Return format, schema and owner of the unlocked vault."""
        with self.session() as session:
            info = session.get(VaultInfo, 1)
        return VaultStatus(
            path=str(self.path),
            vault_id=self.vault_id,
            keyring_format=keyring.VERSION,
            schema=database.current_revision(self.engine) or "",
            name=info.name if info else "",
            organization=info.organization if info else "",
            kdf_memory_mib=self._keyring.kdf.memory_kib // 1024,
        )

    # -- emergency erase ---------------------------------------------------------
    def erase(self) -> None:
        """Destroy the vault for good: the keyring is overwritten, then every file removed.

        Without the keyring the data key is gone, so what remains on the disk (even a
        copy of archive.db elsewhere) cannot be decrypted; the recovery code cannot help.
        """
        self.lock()
        erase_vault_folder(self.path)


def erase_vault_folder(path: Path) -> None:
    """Overwrite the keyring with random bytes, then delete the whole vault folder."""
    keyring_path = path / KEYRING_FILE
    if keyring_path.exists():
        size = max(keyring_path.stat().st_size, 4096)
        with open(keyring_path, "r+b") as handle:
            handle.write(os.urandom(size))
            handle.flush()
            os.fsync(handle.fileno())
        keyring_path.unlink()
        fsync_dir(path)
    shutil.rmtree(path, ignore_errors=True)

