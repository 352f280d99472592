"""Reading a bundle (``*.willay``): its table of contents and signature first, then its
members in order, each checked against what the signed table of contents lists.

The format itself (member names, limits, the manifest) is :mod:`willay.core.sharing.bundle`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import BinaryIO

from willay.core.errors import VerificationError
from willay.core.formats import age, minisign, tarstream
from willay.core.i18n import _, ngettext
from willay.core.i18n import number as grouped
from willay.core.sharing.bundle import (
    MANIFEST,
    MAX_JSONL,
    MAX_LINE,
    MAX_MANIFEST,
    MAX_RECEIPT,
    MAX_SIGNATURE,
    SIGNATURE,
    MemberEntry,
    parse_manifest,
)


class Lines:
    """The lines of one member, read piece by piece: memory holds one line at most.

    Iterating yields ``(number, line)`` without the newline. The member's SHA-256 is
    known only at its end, so the caller keeps nothing durable until iteration has ended
    (which checks it); when the caller refuses a line first, :meth:`blame` reads on to
    the end and, if the member does not match the manifest, says that instead.
    """

    def __init__(self, tar: tarstream.StrictReader, entry: MemberEntry, where: str,
                 max_lines: int) -> None:
        self._tar = tar
        self._entry = entry
        self._where = where
        self._max_lines = max_lines
        self._digest = hashlib.sha256()

    def __iter__(self) -> Iterator[tuple[int, bytes]]:
        name = self._entry.name
        buffer = bytearray()
        number = 0
        for piece in self._tar.chunks():
            self._digest.update(piece)
            buffer += piece
            start = 0
            while (end := buffer.find(b"\n", start)) >= 0:
                number += 1
                if number > self._max_lines:
                    raise VerificationError(ngettext(
                        "{where}: {member} holds more than {count} line, more than a bundle "
                        "may carry.",
                        "{where}: {member} holds more than {count} lines, more than a bundle "
                        "may carry.", self._max_lines).format(
                            where=self._where, member=name, count=grouped(self._max_lines)))
                if end - start > MAX_LINE:
                    raise VerificationError(self._too_long(number))
                yield number, bytes(buffer[start:end])
                start = end + 1
            del buffer[:start]
            if len(buffer) > MAX_LINE:
                raise VerificationError(self._too_long(number + 1))
        if buffer:
            raise VerificationError(_(
                "{where}: {member} does not end with a newline; the bundle may be cut short."
            ).format(where=self._where, member=name))
        self._check()

    def _too_long(self, number: int) -> str:
        return _("{where}: {member} line {line} is longer than {size} MB, more than any "
                 "record can hold.").format(where=self._where, member=self._entry.name,
                                            line=grouped(number),
                                            size=grouped(MAX_LINE // 1024**2))

    def _check(self) -> None:
        if self._digest.hexdigest() != self._entry.sha256:
            raise VerificationError(_(
                "{where}: {member} does not match the bundle's list of contents (size or "
                "SHA-256); this copy of the bundle is damaged or altered."
            ).format(where=self._where, member=self._entry.name))

    def blame(self) -> None:
        """After a refused line: raise the manifest mismatch instead, if there is one."""
        for piece in self._tar.chunks():
            self._digest.update(piece)
        self._check()


class Opened:
    """A bundle being read: header and signature first, then members in order.

    Nothing is written anywhere; the caller verifies the signature (knowing the
    sender's key) before reading further.
    """

    def __init__(self, source: BinaryIO, identity: bytes, where: str) -> None:
        self.where = where
        self._decryptor = age.Decryptor([identity], source, where)
        # In this thread: the bundle is read ahead by the disk's helper (open_for_reading);
        # decrypting it in another thread as well made imports slower, not faster.
        self._plain = self._decryptor.chunks()
        self._tar = tarstream.StrictReader(tarstream.IterReader(self._plain), where)
        try:
            self.manifest_bytes = self._fixed(MANIFEST, MAX_MANIFEST)
            self.signature = self._fixed(SIGNATURE, MAX_SIGNATURE).decode("utf-8", "replace")
            self.manifest = parse_manifest(self.manifest_bytes, where)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Stop reading the bundle (before its file is closed)."""
        self._plain.close()

    def _next(self, name: str) -> tarstream.Member:
        member = self._tar.next_member()
        if member is None:
            raise VerificationError(_("{where}: {member} is missing from the bundle."
                                      ).format(where=self.where, member=name))
        if member.name != name:
            raise VerificationError(_(
                "{where}: expected the file {expected} but found {found} (a file is missing, "
                "extra or out of order).").format(where=self.where, expected=name,
                                                  found=repr(member.name)))
        return member

    def _fixed(self, name: str, limit: int) -> bytes:
        member = self._next(name)
        if member.size > limit:
            raise VerificationError(_("{where}: {member} is larger than a bundle may carry."
                                      ).format(where=self.where, member=name))
        return self._tar.read(member.size)

    def verify_signature(self, minisign_public_key: str) -> None:
        """Check the manifest's signature and that its trusted comment names this bundle."""
        comment = minisign.verify(minisign_public_key, self.manifest_bytes, self.signature,
                                  _("{where}: the sender's signature").format(
                                      where=self.where))
        if comment != self.manifest.trusted_comment():
            raise VerificationError(_(
                "{where}: the sender's signature belongs to another bundle: its trusted "
                "comment ({comment}) does not name this bundle and sequence number."
            ).format(where=self.where, comment=repr(comment)))

    def read_checked(self, name: str, limit: int = MAX_RECEIPT) -> bytes:
        """Read the next member, which must be ``name``, whole (at most ``limit`` bytes),
        and check its size and SHA-256."""
        entry = self.manifest.member(name)
        assert entry is not None
        data = self._fixed(name, min(entry.size, limit))
        if len(data) != entry.size or hashlib.sha256(data).hexdigest() != entry.sha256:
            raise VerificationError(_(
                "{where}: {member} does not match the bundle's list of contents (size or "
                "SHA-256); this copy of the bundle is damaged or altered."
            ).format(where=self.where, member=name))
        return data

    def lines(self, name: str, max_lines: int) -> Lines:
        """Read the next member, which must be ``name``, a line at a time (see Lines)."""
        entry = self.manifest.member(name)
        assert entry is not None
        member = self._next(name)
        if member.size != entry.size:
            raise VerificationError(_(
                "{where}: {member} does not match the bundle's list of contents (size); this "
                "copy of the bundle is damaged or altered.").format(where=self.where,
                                                                    member=name))
        if member.size > MAX_JSONL:
            raise VerificationError(_(
                "{where}: {member} is larger than a bundle may carry ({size} GB)."
            ).format(where=self.where, member=name, size=grouped(MAX_JSONL // 1024**3)))
        return Lines(self._tar, entry, self.where, max_lines)

    def media_members(self) -> Iterator[tuple[MemberEntry, tarstream.StrictReader]]:
        """Yield each media member's manifest entry and a reader positioned on its content.

        The caller must read each to its end (its hash is checked as it is stored).
        """
        for entry in self.manifest.members[2:]:
            member = self._tar.next_member()
            if member is None:
                raise VerificationError(_("{where}: {member} is missing from the bundle."
                                          ).format(where=self.where, member=entry.name))
            if member.name != entry.name:
                raise VerificationError(_(
                    "{where}: expected the file {expected} but found {found} (a file is "
                    "missing, extra, repeated or out of order).").format(
                        where=self.where, expected=entry.name, found=repr(member.name)))
            if member.size != entry.size:
                raise VerificationError(_(
                    "{where}: {member} does not match the bundle's list of contents (size); "
                    "this copy of the bundle is damaged or altered.").format(
                        where=self.where, member=entry.name))
            yield entry, self._tar
        if self._tar.next_member() is not None:
            raise VerificationError(_(
                "{where}: the bundle holds a file that its list of contents does not list."
            ).format(where=self.where))
