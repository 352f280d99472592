"""Check what the frozen folder holds, and report its size (run by `make package-check`).

Usage: python packaging/check_folder.py [dist/willay]
Exits 1, naming each missing or unwanted file, when the folder is not what the spec means.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Big parts of Qt that must stay out (see UNUSED_QT in packaging/willay.spec). Qt6Network,
# Qt6Quick and Qt6Qml come in as libraries that Qt Multimedia's FFmpeg plugin links against.
UNWANTED = ("Qt6WebEngine", "Qt6Quick3D", "Qt6QuickControls2", "Qt6QuickWidgets", "Qt63D",
            "Qt6Pdf", "Qt6Sql", "Qt6Test", "Qt6Designer", "QtWebEngine", "QtQml", "QtQuick",
            "libqgtk3", "libqeglfs")


# Pure-Python modules live inside each executable's archive, not as files.
GUI_MODULES = ("willay.gui.app", "willay.gui.dialogs.about_dialog", "willay.gui.player",
               "willay.core.vault.database", "willay.gui.audio_input",
               "willay.core.media.recording", "soundfile",
               "segno", "pillow_heif", "alembic", "mako.template", "sqlcipher3",
               "psycopg", "sqlalchemy.dialects.postgresql.psycopg", "boto3")
CLI_MODULES = ("willay.cli", "willay.cli.selftest", "willay.core.media.recording", "soundfile",
               "willay.core.sharing.receive", "pillow_heif", "alembic", "sqlcipher3",
               "willay.pdf.report_pdf", "willay.pdf.evidence_pdf",
               "psycopg", "sqlalchemy.dialects.postgresql.psycopg", "boto3")


def _missing_modules(executable: Path, wanted: tuple[str, ...],
                     forbidden: tuple[str, ...]) -> list[str]:
    """Modules missing from (or wrongly in) the archive inside ``executable``."""
    if not executable.is_file():
        return []
    from PyInstaller.archive.readers import CArchiveReader

    archive = CArchiveReader(str(executable))
    names = [n for n in archive.toc if n.lower().endswith(".pyz")]
    if not names:
        return [f"missing: the module archive inside {executable}"]
    modules = set(archive.open_embedded_archive(names[0]).toc)
    out = [f"missing: module {m} in {executable.name}" for m in wanted if m not in modules]
    out += [f"unwanted: module {m} in {executable.name}" for m in sorted(modules)
            if any(m == f or m.startswith(f + ".") for f in forbidden)]
    return out


def problems(folder: Path) -> list[str]:
    """Return what is missing from ``folder`` or should not be there."""
    internal = folder / "_internal"
    found: list[str] = []
    executables = ("willay", "willay-cli") if sys.platform != "win32" else (
        "willay.exe", "willay-cli.exe")
    wanted = [*(folder / name for name in executables),
              internal / "resources" / "vocabularies" / "violations.json",
              internal / "resources" / "gazetteer" / "peru-ubigeo.json",
              internal / "resources" / "translations" / "willay_es.qm",
              internal / "resources" / "icons" / "willay.svg",
              internal / "willay" / "core" / "vault" / "migrations" / "env.py",
              internal / "willay" / "core" / "vault" / "migrations" / "script.py.mako",
              internal / "willay" / "core" / "vault" / "migrations" / "hub" / "env.py",
              internal / "licenses" / "GPL-3.0.txt",
              internal / "licenses" / "LGPL-3.0.txt"]
    found += [f"missing: {path}" for path in wanted if not path.exists()]
    migrations = internal / "willay" / "core" / "vault" / "migrations"
    versions = sorted((migrations / "versions").glob("0*.py"))
    if not versions:
        found.append("missing: the migration scripts (willay/core/vault/migrations/versions)")
    for pattern, what in (("sqlcipher3/_sqlite3*", "the SQLCipher extension"),
                          ("_pillow_heif*", "the pillow-heif extension"),
                          ("PySide6/QtSvg*", "QtSvg"),
                          ("PySide6/QtCharts*", "QtCharts"),
                          ("PySide6/QtPrintSupport*", "QtPrintSupport"),
                          ("PySide6/QtMultimedia.*", "QtMultimedia (the media player)"),
                          ("_soundfile_data/libsndfile*",
                           "libsndfile (records and plays testimonies)"),
                          ("numpy", "numpy (sound for recordings)"),
                          ("PySide6/Qt/plugins/multimedia/*ffmpeg*",
                           "Qt Multimedia's FFmpeg plugin"),
                          ("psycopg_binary/_psycopg*", "the hub's database driver"),
                          ("psycopg_binary.libs/libpq*", "libpq (reaches a hub)")):
        if not list(internal.glob(pattern)):
            found.append(f"missing: {what} ({pattern})")
    found += _missing_modules(folder / executables[0], GUI_MODULES, forbidden=())
    found += _missing_modules(folder / executables[1], CLI_MODULES, forbidden=("willay.gui",))
    for path in internal.rglob("*"):
        if any(name in path.name for name in UNWANTED):
            found.append(f"unwanted: {path}")
    return found


def size_mib(folder: Path) -> float:
    """Return the folder's size in MiB, counting each file once."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()
               and not p.is_symlink()) / 2**20


def main() -> int:
    """Check the folder given (default dist/willay); print the findings and the size."""
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "dist/willay")
    if not folder.is_dir():
        print(f"check_folder: {folder} does not exist; run 'make package' first.",
              file=sys.stderr)
        return 1
    found = problems(folder)
    for line in found:
        print(f"check_folder: {line}", file=sys.stderr)
    files = sum(1 for p in folder.rglob("*") if p.is_file())
    print(f"{folder}: {size_mib(folder):.0f} MiB in {files} files"
          + ("" if found else "; everything expected is there, nothing unwanted"))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
