"""A hub as the window remembers it: its address and the coordinator's name.

Never a passphrase, and never the database password an address may carry (after the
user name, or as ``password=`` among its options): that one belongs in PostgreSQL's own
password file (``~/.pgpass``) or ``PGPASSWORD``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit


def _with_password(address: str, replacement: str | None) -> str:
    """``address`` as typed, its password replaced (or, with None, left out)."""
    try:
        parts = urlsplit(address)
        password = parts.password
    except ValueError:
        return address
    user, at, host = parts.netloc.rpartition("@")
    options = parse_qsl(parts.query, keep_blank_values=True)
    in_options = any(key == "password" for key, _value in options)
    if (password is None or not at) and not in_options:
        return address
    if password is not None and at:
        name = user.partition(":")[0]
        kept = name if replacement is None else f"{name}:{replacement}"
        parts = parts._replace(netloc=f"{kept}@{host}")
    if in_options:
        parts = parts._replace(query=urlencode(
            [(key, value) for key, value in options if key != "password"]
            + ([] if replacement is None else [("password", replacement)]), safe="/*"))
    return urlunsplit(parts)


@dataclass(frozen=True)
class HubProfile:
    """Where a hub is (``postgresql://…``) and who opens it (a coordinator's name)."""

    address: str
    coordinator: str

    def remembered(self) -> HubProfile:
        """This profile as settings keep it: the address without any password."""
        return HubProfile(_with_password(self.address.strip(), None), self.coordinator.strip())

    def shown(self) -> str:
        """The address as typed, any password hidden."""
        return _with_password(self.address.strip(), "***")
