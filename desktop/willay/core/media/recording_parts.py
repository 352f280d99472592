"""The sealed parts of a recording in progress, in ``recordings/<id>/`` of a vault.

Part 0 holds what is known when the recording starts (:class:`RecordingInfo`); parts 1,
2… hold the encoded sound in order. Each is sealed with ChaCha20-Poly1305 under a key
derived from the data key, bound to its recording and its place, written whole and
flushed to the disk. While a recording is being made its folder is locked (``lock``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from willay.core import strict_json
from willay.core.errors import ValidationError, WillayError
from willay.core.fileio import atomic_file, write_error
from willay.core.i18n import _
from willay.core.vault.writer_lock import try_lock_file, unlock_file

log = logging.getLogger(__name__)

RECORDINGS_DIR = "recordings"
SEGMENT_SECONDS = 2.0
END_MARK = 999_999  # the place of the part that says the recording was ended, not cut
_MAGIC = b"WREC1"
_NONCE_BYTES = 12
LOCK_FILE = "lock"
_SEGMENT_SUFFIX = ".seg"
KEY_PURPOSE = "recordings"


@dataclass(frozen=True)
class RecordingInfo:
    """What is known about a recording when it starts, kept in its first sealed segment."""

    recording_id: str
    testimony_id: str
    started: str
    sample_rate: int
    channels: int
    device: str
    interviewer: str

    def as_fields(self) -> dict[str, Any]:
        """Return the info as plain values for canonical JSON."""
        return {"recording_id": self.recording_id, "testimony_id": self.testimony_id,
                "started": self.started, "sample_rate": self.sample_rate,
                "channels": self.channels, "device": self.device,
                "interviewer": self.interviewer}

    @classmethod
    def from_fields(cls, fields: dict[str, Any]) -> RecordingInfo:
        """Read the info back from its sealed first segment."""
        return cls(str(fields["recording_id"]), str(fields["testimony_id"]),
                   str(fields["started"]), int(fields["sample_rate"]),
                   int(fields["channels"]), str(fields["device"]),
                   str(fields["interviewer"]))


def recordings_root(vault_path: Path) -> Path:
    """Return the folder of a vault where recordings in progress are sealed."""
    return vault_path / RECORDINGS_DIR


def _aad(recording_id: str, seq: int) -> bytes:
    # Binding the recording and the position stops a segment from being moved to
    # another recording or to another place in this one.
    return _MAGIC + uuid.UUID(recording_id).bytes + seq.to_bytes(8, "big")


def seal(key: bytes, recording_id: str, seq: int, plain: bytes) -> bytes:
    nonce = os.urandom(_NONCE_BYTES)
    return _MAGIC + nonce + ChaCha20Poly1305(key).encrypt(nonce, plain,
                                                          _aad(recording_id, seq))


def open_sealed(key: bytes, recording_id: str, seq: int, sealed: bytes) -> bytes:
    head = len(_MAGIC) + _NONCE_BYTES
    if len(sealed) < head + 16 or not sealed.startswith(_MAGIC):
        raise InvalidTag
    nonce = sealed[len(_MAGIC):head]
    return ChaCha20Poly1305(key).decrypt(nonce, sealed[head:], _aad(recording_id, seq))


def part_name(seq: int) -> str:
    return f"{seq:06d}{_SEGMENT_SUFFIX}"


def write_part(folder: Path, key: bytes, recording_id: str, seq: int,
                   plain: bytes) -> None:
    """Seal one segment into ``folder`` durably (temporary file, fsync, rename, fsync)."""
    with atomic_file(folder / part_name(seq),
                     failure=lambda exc: write_error(folder, exc, _("the recording"))) as out:
        out.write(seal(key, recording_id, seq, plain))


class PartWriter:
    """Seals and flushes segments on its own thread, so a slow disk never stalls capture.

    A failure (a full disk) is kept and raised by the next :meth:`put` or :meth:`close`.
    """

    def __init__(self, folder: Path, key: bytes, recording_id: str) -> None:
        self._folder = folder
        self._key = key
        self._id = recording_id
        self._queue: queue.Queue[tuple[int, bytes] | None] = queue.Queue()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="willay-recording",
                                        daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            if self._error is None:
                try:
                    write_part(self._folder, self._key, self._id, *item)
                except BaseException as exc:  # kept for the recording's thread
                    self._error = exc

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def put(self, seq: int, plain: bytes) -> None:
        """Queue one segment to be sealed; raise the failure of an earlier one."""
        self._raise()
        self._queue.put((seq, plain))

    def close(self) -> None:
        """Wait until every queued segment is on the disk; raise a failure."""
        self._queue.put(None)
        self._thread.join()
        self._raise()


@contextlib.contextmanager
def held(folder: Path) -> Iterator[bool]:
    """Lock a recording's folder for as long as the block runs; yield whether it could."""
    try:
        handle = open(folder / LOCK_FILE, "a+")  # noqa: SIM115
    except OSError:
        yield False
        return
    with handle:
        if not try_lock_file(handle):
            yield False
            return
        try:
            yield True
        finally:
            unlock_file(handle)


@dataclass(frozen=True)
class Found:
    """What the sealed parts of one recording hold."""

    info: RecordingInfo | None
    encoded: bytes
    ended: bool  # it was ended on purpose (set aside at a lock), not cut short


def read_parts(key: bytes, folder: Path) -> Found:
    """Read a recording's parts back, up to the first gap or damage.

    A folder whose first part was never written holds no sound (no info, no bytes).
    """
    recording_id = folder.name
    try:
        uuid.UUID(recording_id)
        first = folder / part_name(0)
        if not first.exists():
            return Found(None, b"", ended=False)
        head = open_sealed(key, recording_id, 0, first.read_bytes())
        info = RecordingInfo.from_fields(strict_json.loads(head, "recording"))
    except (ValueError, KeyError, TypeError, OSError, InvalidTag, WillayError) as exc:
        raise ValidationError(_("The recording in {folder} cannot be read: its first part "
                                "is missing or damaged.").format(folder=folder)) from exc
    parts = []
    seq = 1
    while True:
        try:
            sealed = (folder / part_name(seq)).read_bytes()
        except FileNotFoundError:
            break
        try:
            parts.append(open_sealed(key, recording_id, seq, sealed))
        except InvalidTag:
            log.warning("Recording part %d is damaged; the recording is kept up to it", seq)
            break
        seq += 1
    return Found(info, b"".join(parts), _ended_at(key, folder, recording_id, seq - 1))


def _ended_at(key: bytes, folder: Path, recording_id: str, last: int) -> bool:
    """Whether the end mark is there, authentic, and names ``last`` as the last part."""
    try:
        mark = open_sealed(key, recording_id, END_MARK, (folder / part_name(END_MARK))
                           .read_bytes())
    except (OSError, InvalidTag):
        return False
    return mark == str(last).encode()
