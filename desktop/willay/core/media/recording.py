"""A testimony recorded in the app: voice in, Ogg/Opus out, sealed into the vault as it is spoken.

Sound arrives as 16-bit PCM from whatever captures it (the window's microphone, a test's
tone). It is encoded to Opus in an Ogg stream held in memory (libsndfile, through
``soundfile``). Every :data:`SEGMENT_SECONDS` the encoded bytes produced since the last
segment are sealed with ChaCha20-Poly1305, under a key derived from the vault's data key,
into a numbered file of ``recordings/<id>/`` and flushed to the disk. No sound reaches the
disk unencrypted, and a recording cut short (a dead battery, a killed process) loses at
most the last segment and the encoder's unfinished page.

:meth:`Recording.finish` joins the segments' bytes into one original, stored like any
other original (SHA-256, encrypted object, media record, custody event) and attached to
the testimony, then removes the segments. :func:`recover` does the same for recordings
that were cut short, marking the original as recovered.
"""

from __future__ import annotations

import contextlib
import io
import logging
import shutil
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from willay.core.canonical import canonical_json
from willay.core.errors import DiskFullError, ValidationError, WillayError
from willay.core.fileio import write_error
from willay.core.i18n import _
from willay.core.media.recording_parts import (
    END_MARK,
    KEY_PURPOSE,
    LOCK_FILE,
    SEGMENT_SECONDS,
    PartWriter,
    RecordingInfo,
    held,
    read_parts,
    recordings_root,
    write_part,
)
from willay.core.media.sniff import OPUS
from willay.core.records import service as records
from willay.core.records.revisions import now_stamp
from willay.core.vault.vault import Vault
from willay.core.vault.writer_lock import try_lock_file, unlock_file

log = logging.getLogger(__name__)

SAMPLE_RATES = (8000, 12000, 16000, 24000, 48000)  # what the Opus encoder takes
#: libsndfile's scale from best quality (0) to smallest file (1); 0.9 gives about 33 kbit/s
#: for one voice at 48 kHz, clear speech at about 15 MB an hour.
COMPRESSION = 0.9
RECORDED_LABEL = "Opus audio"  # a format name, the same in every language


def _soundfile() -> Any:
    """Import soundfile, turning a missing sound library into a message (it links libsndfile)."""
    try:
        import soundfile
    except (ImportError, OSError) as exc:
        raise WillayError(_("Recording is not possible on this computer: the sound library "
                            "is missing ({reason}).").format(reason=exc)) from exc
    return soundfile


@dataclass(frozen=True)
class Kept:
    """A recording stored as an original of a testimony."""

    media_id: str
    sha256: str
    size: int
    duration_ms: int
    testimony_id: str
    started: str
    recovered: bool


class _Encoded(io.RawIOBase):
    """The in-memory file libsndfile writes the Ogg stream into (it only appends)."""

    def __init__(self) -> None:
        super().__init__()
        self.data = bytearray()
        self._pos = 0

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        chunk = bytes(b)
        self.data[self._pos:self._pos + len(chunk)] = chunk
        self._pos += len(chunk)
        return len(chunk)

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._pos, 2: len(self.data)}[whence]
        self._pos = base + offset
        return self._pos

    def tell(self) -> int:
        return self._pos

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self._pos + size
        out = bytes(self.data[self._pos:end])
        self._pos += len(out)
        return out


class Recording:
    """One recording in progress, attached to a testimony that already exists.

    Feed it 16-bit little-endian PCM with :meth:`write` (interleaved when there are two
    channels). :meth:`finish` keeps it; :meth:`discard` throws it away. While it is open,
    its folder is locked, so :func:`recover` in another window or process leaves it alone.
    """

    def __init__(self, vault: Vault, testimony_ref: str, *, sample_rate: int = 48000,
                 channels: int = 1, device: str = "", interviewer: str = "") -> None:
        if sample_rate not in SAMPLE_RATES:
            raise ValidationError(_("The microphone gives {rate} samples a second; recording "
                                    "needs one of {rates}.").format(
                rate=sample_rate, rates=", ".join(str(r) for r in SAMPLE_RATES)))
        if channels not in (1, 2):
            raise ValidationError(_("Recording takes one or two channels, not {count}.")
                                  .format(count=channels))
        with vault.session() as session:
            target = records.find_record(session, testimony_ref, "testimony")
        self._vault = vault
        self.info = RecordingInfo(str(uuid.uuid4()), target.id, now_stamp(), sample_rate,
                                  channels, device, interviewer)
        self._key = vault.subkey(KEY_PURPOSE)
        self.folder = recordings_root(vault.path) / self.info.recording_id
        try:
            self.folder.mkdir(parents=True, mode=0o700)
        except OSError as exc:
            raise write_error(vault.path, exc, _("the recording")) from exc
        self._lock: IO[str] | None = open(self.folder / LOCK_FILE, "a+")  # noqa: SIM115
        if not try_lock_file(self._lock):
            raise WillayError(_("This recording is already open elsewhere."))
        write_part(self.folder, self._key, self.info.recording_id, 0,
                       canonical_json(self.info.as_fields()))
        self._encoded = _Encoded()
        sf = _soundfile()
        self._encoder = sf.SoundFile(self._encoded, "w", samplerate=sample_rate,
                                     channels=channels, format="OGG", subtype="OPUS",
                                     compression_level=COMPRESSION)
        self._writer = PartWriter(self.folder, self._key, self.info.recording_id)
        self._sealed_up_to = 0
        self._seq = 1
        self._frames = 0
        self._frames_at_segment = 0
        self._frame_bytes = 2 * channels
        self._partial = b""
        self.paused = False
        self.closed = False
        self.peak = 0.0

    @property
    def duration_ms(self) -> int:
        """How long the recording is so far (pauses not counted)."""
        return self._frames * 1000 // self.info.sample_rate

    @property
    def bytes_per_second(self) -> int:
        """About how many bytes a second of this recording takes on the disk."""
        seconds = self._frames / self.info.sample_rate
        if seconds < 5:
            return 4200 * self.info.channels  # COMPRESSION's rate, before there is a measure
        return int(len(self._encoded.data) / seconds) + 1

    def pause(self) -> None:
        """Stop taking sound until :meth:`resume`; what comes meanwhile is dropped."""
        self.paused = True

    def resume(self) -> None:
        """Take sound again after :meth:`pause`."""
        self.paused = False

    def write(self, pcm: bytes) -> None:
        """Encode some sound; seal a segment every SEGMENT_SECONDS of it.

        Raises the failure of an earlier segment (a full disk): what was sealed stays and
        :func:`recover` keeps it.
        """
        if self.closed:
            raise WillayError(_("The recording has ended."))
        if self.paused or not pcm:
            return
        data = self._partial + pcm
        usable = len(data) - len(data) % self._frame_bytes
        self._partial = data[usable:]
        if not usable:
            return
        block = data[:usable]
        self.peak = _peak(block)
        self._encoder.buffer_write(block, dtype="int16")
        self._frames += usable // self._frame_bytes
        if self._frames - self._frames_at_segment >= SEGMENT_SECONDS * self.info.sample_rate:
            try:
                self._seal_new()
            except DiskFullError as exc:
                self._stop_after_failure()
                raise _kept_sealed(exc) from exc

    def _seal_new(self) -> None:
        end = len(self._encoded.data)
        if end > self._sealed_up_to:
            self._writer.put(self._seq, bytes(self._encoded.data[self._sealed_up_to:end]))
            self._seq += 1
            self._sealed_up_to = end
        self._frames_at_segment = self._frames

    def _close_encoder(self) -> None:
        self.closed = True
        try:
            self._encoder.close()
            try:
                self._seal_new()
            finally:
                self._writer.close()
        finally:
            if self._lock is not None:
                unlock_file(self._lock)
                self._lock.close()
                self._lock = None

    def finish(self) -> Kept:
        """End the recording and keep it as an original of the testimony.

        If the disk is full, the sealed segments stay and :func:`recover` keeps them once
        there is space; the error says so.
        """
        if self._frames == 0:
            self.discard()
            raise ValidationError(_("Nothing was recorded: no sound came from the "
                                    "microphone."))
        try:
            self._close_encoder()
        except DiskFullError as exc:
            raise _kept_sealed(exc) from exc
        kept = _keep(self._vault, self.info, bytes(self._encoded.data), recovered=False)
        shutil.rmtree(self.folder, ignore_errors=True)
        return kept

    def _stop_after_failure(self) -> None:
        """Stop taking sound and release the folder, so that :func:`recover` can keep it."""
        with contextlib.suppress(WillayError, OSError, RuntimeError):
            self._close_encoder()

    def set_aside(self) -> None:
        """End the recording without keeping it yet (the vault is locking).

        Every part is sealed, then a sealed end mark; the next :func:`recover` keeps it
        as a whole recording, not as one cut short.
        """
        if self.closed:
            return
        self._close_encoder()
        write_part(self.folder, self._key, self.info.recording_id, END_MARK,
                   str(self._seq - 1).encode())

    def discard(self) -> None:
        """End the recording and remove everything of it."""
        if not self.closed:
            self._stop_after_failure()
        shutil.rmtree(self.folder, ignore_errors=True)


def room_left(vault_path: Path, bytes_per_second: int) -> tuple[int, int]:
    """Return the free bytes on the vault's disk and about how many seconds of recording
    fit in them, leaving room to keep the recording whole at the end (twice its size)."""
    try:
        free = shutil.disk_usage(vault_path).free
    except OSError:
        return 0, 0
    return free, free // (2 * max(1, bytes_per_second))


def _kept_sealed(exc: DiskFullError) -> DiskFullError:
    return DiskFullError(_("{problem} The recording up to now is kept, sealed in the vault; "
                           "free some space and open the vault again to keep it with the "
                           "testimony.").format(problem=exc))


def _peak(block: bytes) -> float:
    """Return the loudest sample of ``block`` from 0 (silence) to 1 (full scale)."""
    import numpy

    samples = numpy.frombuffer(block, dtype="<i2")
    if not samples.size:
        return 0.0
    return float(numpy.abs(samples.astype(numpy.int32)).max()) / 32768.0


def duration_ms(encoded: bytes) -> int:
    """Return how long an Ogg/Opus recording plays, decoding it whole.

    Raises ValidationError when the bytes do not decode (a damaged recording).
    """
    sf = _soundfile()
    try:
        with sf.SoundFile(io.BytesIO(encoded)) as audio:
            frames = 0
            for block in audio.blocks(blocksize=48000, dtype="int16"):
                frames += len(block)
            return int(frames * 1000 // audio.samplerate)
    except (RuntimeError, sf.LibsndfileError) as exc:
        raise ValidationError(_("The recording does not play: {reason}.").format(
            reason=exc)) from exc


def _name(started: str) -> str:
    stamp = datetime.fromisoformat(started.replace("Z", "+00:00")).astimezone(UTC)
    return stamp.strftime("%Y-%m-%d_%H%M%S") + "." + OPUS.extension


def _keep(vault: Vault, info: RecordingInfo, encoded: bytes, *, recovered: bool) -> Kept:
    """Store the recording's bytes as an original of its testimony (its segments stay)."""
    from willay.core.media import intake

    duration = duration_ms(encoded)
    metadata: dict[str, str | int] = {
        "type_label": RECORDED_LABEL,
        "recording_started": info.started,
        "duration_ms": duration,
        "recorded_with": info.device,
        "interviewer": info.interviewer,
        "recorded_in_app": "yes",
    }
    if recovered:
        metadata["recovered"] = "yes"
    added = intake.add_bytes(vault, info.testimony_id, encoded, _name(info.started), OPUS,
                             metadata)
    return Kept(added.media_id, added.sha256, added.size, duration, info.testimony_id,
                info.started, recovered)


@dataclass(frozen=True)
class Interrupted:
    """A recording cut short, found on the disk; ``busy`` while it is still being made."""

    recording_id: str
    folder: Path
    busy: bool


def interrupted(vault_path: Path) -> list[Interrupted]:
    """List the recordings in progress or cut short in a vault (no key needed)."""
    root = recordings_root(vault_path)
    if not root.is_dir():
        return []
    found = []
    for folder in sorted(root.iterdir()):
        if not folder.is_dir():
            continue
        with held(folder) as free:
            found.append(Interrupted(folder.name, folder, busy=not free))
    return found


def recover(vault: Vault) -> tuple[list[Kept], list[str]]:
    """Keep every recording that was cut short, up to its last sealed segment, and
    every one set aside at a lock.

    Returns what was kept and, for each recording that could not be kept, a sentence
    saying why. A recording still being made (its folder is locked) is left alone; one
    with no sound sealed yet is removed.
    """
    kept: list[Kept] = []
    problems: list[str] = []
    key = vault.subkey(KEY_PURPOSE)
    for item in interrupted(vault.path):
        done = False
        with held(item.folder) as free:
            if not free:
                continue
            try:
                found = read_parts(key, item.folder)
                if found.info is not None and found.encoded:
                    kept.append(_keep(vault, found.info, found.encoded,
                                      recovered=not found.ended))
                done = True
            except WillayError as exc:
                problems.append(str(exc))
        if done:  # removed once unlocked: Windows keeps a folder with an open file
            shutil.rmtree(item.folder, ignore_errors=True)
    return kept, problems
