"""A POSIX tar stream written lazily and read strictly, without touching the file system.

The writer yields the bytes of a tar archive member by member, so a bundle can be piped
straight into encryption. The reader accepts only what Willay writes: regular files,
plain relative names, sizes stated in the header, nothing after the end marker but
zero padding.
"""

from __future__ import annotations

import tarfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from willay.core.errors import VerificationError
from willay.core.formats.stream import Readable
from willay.core.i18n import _

BLOCK = 512
RECORD = 20 * BLOCK
_PIECE = 64 * 1024


@dataclass(frozen=True)
class MemberSpec:
    """One member to write: its name, size, and the chunks of its content."""

    name: str
    size: int
    chunks: Iterable[bytes]


def _header(name: str, size: int, mtime: int) -> bytes:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = mtime
    info.mode = 0o600
    info.type = tarfile.REGTYPE
    info.uname = info.gname = ""
    # PAX only when a size does not fit ustar's 8 GiB; otherwise plain ustar.
    return info.tobuf(tarfile.PAX_FORMAT, "utf-8", "strict")


def write(members: Iterable[MemberSpec], mtime: int) -> Iterator[bytes]:
    """Yield a complete tar archive of ``members``, checking each member's stated size."""
    total = 0
    for member in members:
        header = _header(member.name, member.size, mtime)
        yield header
        written = 0
        for chunk in member.chunks:
            written += len(chunk)
            if written > member.size:
                raise VerificationError(_("{name} grew while it was being written.").format(
                    name=member.name))
            yield chunk
        if written != member.size:
            raise VerificationError(_("{name} shrank while it was being written.").format(
                name=member.name))
        padding = -member.size % BLOCK
        yield b"\0" * padding
        total += len(header) + member.size + padding
    end = 2 * BLOCK
    total += end
    yield b"\0" * (end + (-total % RECORD))


class IterReader:
    """A file-like ``read`` over an iterator of byte strings."""

    def __init__(self, pieces: Iterable[bytes]) -> None:
        self._pieces = iter(pieces)
        self._buffer = bytearray()

    def read(self, size: int = -1, /) -> bytes:
        """Return up to ``size`` bytes (all remaining when negative)."""
        while size < 0 or len(self._buffer) < size:
            piece = next(self._pieces, None)
            if piece is None:
                break
            self._buffer += piece
        if size < 0:
            size = len(self._buffer)
        out = bytes(self._buffer[:size])
        del self._buffer[:size]
        return out


@dataclass(frozen=True)
class Member:
    """A member header as read from a stream."""

    name: str
    size: int


_MAX_DIGITS = 18  # no length or size in an extended header needs more (2**63 has 19)


def _cut_in_padding() -> str:
    return _("{where}: the archive is cut short (it ends in the padding after a file).")


def _cut_in_description() -> str:
    return _("{where}: the archive is cut short (it ends in the description of a file).")


def _damaged_description() -> str:
    return _("{where}: the archive is damaged (a malformed extended description of a file).")


class StrictReader:
    """Reads tar members one by one from a stream, refusing anything unusual."""

    def __init__(self, source: Readable, where: str) -> None:
        self._source = source
        self._where = where
        self._remaining = 0
        self._padding = 0

    def _fail(self, message: str, **values: object) -> VerificationError:
        """The error for a damaged archive: ``message`` filled with ``{where}`` and ``values``."""
        return VerificationError(message.format(where=self._where, **values))

    def _read_exact(self, size: int, truncated: str) -> bytes:
        """Read ``size`` bytes; ``truncated`` (with ``{where}``) says what was cut short."""
        parts = []
        left = size
        while left:
            part = self._source.read(left)
            if not part:
                raise self._fail(truncated)
            parts.append(part)
            left -= len(part)
        return b"".join(parts)

    def next_member(self) -> Member | None:
        """Return the next member's header, or None at the end marker."""
        if self._remaining:
            raise self._fail(_("{where}: a file in the archive was not read to its end."))
        if self._padding:
            self._read_exact(self._padding, _cut_in_padding())
            self._padding = 0
        block = self._read_exact(BLOCK, _cut_in_description())
        if block == b"\0" * BLOCK:
            self._finish()
            return None
        info = self._frombuf(block)
        if info.type == tarfile.XHDTYPE:
            info = self._pax(info)
        if info.type not in (tarfile.REGTYPE, tarfile.AREGTYPE):
            if info.type == tarfile.SYMTYPE:
                message = _("{where}: the archive holds {name}, which is a symbolic link; "
                            "Willay's archives hold only plain files.")
            elif info.type == tarfile.LNKTYPE:
                message = _("{where}: the archive holds {name}, which is a hard link; "
                            "Willay's archives hold only plain files.")
            elif info.type == tarfile.DIRTYPE:
                message = _("{where}: the archive holds {name}, which is a folder; Willay's "
                            "archives hold only plain files.")
            else:
                message = _("{where}: the archive holds {name}, which is not a plain file; "
                            "Willay's archives hold only plain files.")
            raise self._fail(message, name=repr(info.name))
        name = info.name
        if name.startswith("/") or ".." in name.split("/") or "\\" in name or not name:
            raise self._fail(_("{where}: the archive holds a file named {name}, which is not a "
                               "plain relative path; it is damaged or was made to cause "
                               "harm."), name=repr(name))
        self._remaining = info.size
        self._padding = -info.size % BLOCK
        return Member(name, info.size)

    def _frombuf(self, block: bytes) -> tarfile.TarInfo:
        try:
            info = tarfile.TarInfo.frombuf(block, "utf-8", "strict")
        except tarfile.HeaderError as exc:
            raise self._fail(_("{where}: the archive is damaged (the description of a file "
                               "cannot be read: {reason})."), reason=exc) from exc
        except UnicodeDecodeError:
            raise self._fail(_("{where}: the archive holds a file name that is not UTF-8 "
                               "text.")) from None
        if info.size < 0:
            raise self._fail(_("{where}: the archive gives {name} a negative size."),
                             name=repr(info.name))
        return info

    def _pax(self, info: tarfile.TarInfo) -> tarfile.TarInfo:
        if info.size > 64 * 1024:
            raise self._fail(_("{where}: the archive is damaged (the extended description of "
                               "a file is too large)."))
        data = self._read_exact(info.size, _cut_in_description())
        self._read_exact(-info.size % BLOCK, _cut_in_padding())
        fields: dict[str, str] = {}
        pos = 0
        while pos < len(data):
            space = data.find(b" ", pos)
            digits = data[pos:space] if space > pos else b""
            if not (digits.isdigit() and digits.isascii()) or len(digits) > _MAX_DIGITS:
                raise self._fail(_damaged_description())
            length = int(digits)
            end = pos + length
            if end <= space + 1 or end > len(data) or data[end - 1:end] != b"\n":
                raise self._fail(_damaged_description())
            try:
                record = data[space + 1 : end - 1].decode("utf-8")
            except UnicodeDecodeError as exc:
                raise self._fail(_damaged_description()) from exc
            key, _equals, value = record.partition("=")
            fields[key] = value
            pos = end
        if set(fields) - {"size", "path"}:
            raise self._fail(_("{where}: the archive is damaged (the extended description of "
                               "a file has unexpected fields {fields})."),
                             fields=sorted(set(fields) - {"size", "path"}))
        real = self._frombuf(self._read_exact(BLOCK, _cut_in_description()))
        if "size" in fields:
            if not (fields["size"].isascii() and fields["size"].isdigit()) \
                    or len(fields["size"]) > _MAX_DIGITS:
                raise self._fail(_("{where}: the archive is damaged (the extended "
                                   "description of a file gives a malformed size)."))
            real.size = int(fields["size"])
        if "path" in fields:
            real.name = fields["path"]
        return real

    def read(self, size: int = -1, /) -> bytes:
        """Read up to ``size`` bytes of the current member's content (all when negative)."""
        size = self._remaining if size < 0 else min(size, self._remaining)
        if size <= 0:
            return b""
        data = self._read_exact(size, _("{where}: the archive is cut short (it ends in the "
                                         "middle of a file)."))
        self._remaining -= len(data)
        return data

    def chunks(self, piece: int = _PIECE) -> Iterator[bytes]:
        """Yield the rest of the current member's content."""
        while self._remaining:
            yield self.read(piece)

    def _finish(self) -> None:
        second = self._read_exact(BLOCK, _("{where}: the archive is cut short (its end marker "
                                           "is incomplete)."))
        if second != b"\0" * BLOCK:
            raise self._fail(_("{where}: the archive is damaged (there is data where its end "
                               "marker should be)."))
        while True:
            rest = self._source.read(_PIECE)
            if not rest:
                break
            if rest.strip(b"\0"):
                raise self._fail(_("{where}: data follows the end of the archive."))
