"""Where a hub keeps its originals: its own rows, or an S3-compatible object store.

The choice is one of the hub's settings (``hub_setting``): the store's address, its
bucket and a prefix for the hub's keys, and where new originals go. Each original keeps
the place it was written to (``hub_object.place``), so changing the setting moves
nothing, and the store stays known while originals are on it. The store's credentials
are never in the hub: each coordinator's computer has them, as S3 tools read them
(``AWS_ACCESS_KEY_ID`` and ``AWS_SECRET_ACCESS_KEY``, or ``~/.aws/credentials``).

On the store each original is one object named by its row's number, holding the same
encrypted bytes the hub's rows would hold: the store alone reveals no media. Row-level
security cannot reach into the store, though: who may fetch which object is the
bucket's own policy, and every coordinator's credentials can fetch what the bucket
lets them (docs/hub.md).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Column, Connection, String, Table, Text, delete, insert, select

from willay.core.errors import ValidationError, VaultError, WillayError
from willay.core.formats import stream
from willay.core.i18n import _
from willay.core.vault.hub_keys import HUB_METADATA

SETTINGS = Table(
    "hub_setting", HUB_METADATA,
    Column("name", String(32), primary_key=True),
    Column("value", Text, nullable=False),
)
_KEYS = ("s3_bucket", "s3_prefix", "s3_endpoint", "s3_region")
_TO = "originals_to"
READ_BYTES = 1 << 20


@dataclass(frozen=True)
class S3Place:
    """An S3-compatible store: its bucket, the prefix of the hub's keys, its address."""

    bucket: str
    prefix: str = ""
    endpoint: str = ""
    region: str = ""

    @classmethod
    def parse(cls, address: str, endpoint: str = "", region: str = "") -> S3Place:
        """Read ``s3://bucket/prefix``; ValidationError if it is not one."""
        parts = urlsplit(address)
        if parts.scheme != "s3" or not parts.netloc:
            raise ValidationError(_("{address} is not the address of a bucket; write it as "
                                    "s3://bucket/prefix.").format(address=address))
        prefix = parts.path.strip("/")
        return cls(parts.netloc, f"{prefix}/" if prefix else "", endpoint, region)

    def __str__(self) -> str:
        where = f"s3://{self.bucket}/{self.prefix}"
        return f"{where} ({self.endpoint})" if self.endpoint else where

    def key(self, object_id: int) -> str:
        """The store's key of the original in row ``object_id``."""
        return f"{self.prefix}{object_id}"


def configured(conn: Connection) -> S3Place | None:
    """The S3 store this hub was given, if any (kept while originals are on it)."""
    found = {str(name): str(value) for name, value in conn.execute(
        select(SETTINGS.c.name, SETTINGS.c.value).where(SETTINGS.c.name.in_(_KEYS)))}
    if not found.get("s3_bucket"):
        return None
    return S3Place(found["s3_bucket"], found.get("s3_prefix", ""),
                   found.get("s3_endpoint", ""), found.get("s3_region", ""))


def sends_new(conn: Connection) -> bool:
    """Whether new originals go to the S3 store (rather than the hub's own rows)."""
    return conn.execute(select(SETTINGS.c.value).where(
        SETTINGS.c.name == _TO)).scalar() == "s3"


def refuse_move(conn: Connection, place: S3Place, kept_there: int) -> None:
    """ValidationError when ``kept_there`` originals are on another store than ``place``
    already (Willay does not move them)."""
    before = configured(conn)
    if kept_there and before is not None and (before.bucket, before.prefix) != (
            place.bucket, place.prefix):
        raise ValidationError(_("Originals of this hub are kept at {before}; Willay does not "
                                "move them to another bucket, so nothing was changed.")
                              .format(before=before))


def use_s3(conn: Connection, place: S3Place, kept_there: int) -> None:
    """Send new originals to ``place`` (see :func:`refuse_move`)."""
    refuse_move(conn, place, kept_there)
    conn.execute(delete(SETTINGS).where(SETTINGS.c.name.in_((*_KEYS, _TO))))
    conn.execute(insert(SETTINGS), [
        {"name": "s3_bucket", "value": place.bucket},
        {"name": "s3_prefix", "value": place.prefix},
        {"name": "s3_endpoint", "value": place.endpoint},
        {"name": "s3_region", "value": place.region},
        {"name": _TO, "value": "s3"}])


def use_database(conn: Connection) -> None:
    """Send new originals to the hub's own rows (those on the S3 store stay there)."""
    conn.execute(delete(SETTINGS).where(SETTINGS.c.name == _TO))
    conn.execute(insert(SETTINGS).values(name=_TO, value="database"))


class S3Store:
    """The objects of one S3-compatible store, through boto3."""

    def __init__(self, place: S3Place) -> None:
        try:
            import boto3  # type: ignore[import-untyped]
            from botocore.config import Config  # type: ignore[import-untyped]
        except ImportError as exc:
            raise VaultError(_("This hub keeps its originals on an S3-compatible store, and "
                               "this Willay was installed without the part that reaches "
                               "one; install Willay with its hub part (pip install "
                               "'willay[hub]').")) from exc
        self.place = place
        self._client: Any = boto3.client(
            "s3", endpoint_url=place.endpoint or None, region_name=place.region or None,
            config=Config(retries={"max_attempts": 3, "mode": "standard"}))

    def _failed(self, exc: Exception) -> WillayError:
        return WillayError(_("The store of originals {place} cannot be used: {reason}")
                           .format(place=self.place, reason=str(exc).strip()))

    def put(self, object_id: int, source: stream.Readable) -> None:
        """Write everything ``source`` holds as the object of row ``object_id``; what an
        error interrupts is not kept."""
        try:
            self._client.upload_fileobj(source, self.place.bucket, self.place.key(object_id))
        except WillayError:
            self.remove(object_id)
            raise
        except Exception as exc:  # botocore's errors have no common base worth naming
            self.remove(object_id)
            raise self._failed(exc) from exc

    def read(self, object_id: int) -> Iterator[bytes]:
        """Yield the stored bytes of row ``object_id``, a megabyte at a time."""
        try:
            body = self._client.get_object(Bucket=self.place.bucket,
                                           Key=self.place.key(object_id))["Body"]
        except Exception as exc:
            raise self._failed(exc) from exc
        with contextlib.closing(body):
            yield from body.iter_chunks(READ_BYTES)

    def remove(self, object_id: int) -> None:
        """Delete the object of row ``object_id``, if it is there."""
        with contextlib.suppress(Exception):
            self._client.delete_object(Bucket=self.place.bucket,
                                       Key=self.place.key(object_id))

    def probe(self) -> None:
        """Write, read back and delete a small object; WillayError if any step fails."""
        key = f"{self.place.prefix}willay-probe-{uuid.uuid4().hex}"
        try:
            self._client.put_object(Bucket=self.place.bucket, Key=key, Body=b"willay")
            found = self._client.get_object(Bucket=self.place.bucket, Key=key)["Body"].read()
            self._client.delete_object(Bucket=self.place.bucket, Key=key)
        except Exception as exc:
            raise self._failed(exc) from exc
        if found != b"willay":
            raise WillayError(_("The store of originals {place} gave back other bytes than "
                                "were written to it.").format(place=self.place))
