"""The command line starts without Qt: its PDF reports load Qt only when asked for. Its
parser starts without the vault: ``--help`` and parsing load no database or vault code.

That the core never imports Qt at all is a contract of ``lint-imports`` (pyproject.toml).
"""

from __future__ import annotations

import subprocess
import sys

from willay.cli import evidence_package as cli_evidence_package
from willay.cli import reports as cli_reports
from willay.core.reports import counts, evidence_package

SCRIPT = """
import sys
sys.modules["PySide6"] = None  # any import of PySide6 now fails
import pkgutil, importlib, willay.core, willay.cli
for info in pkgutil.walk_packages(willay.core.__path__, "willay.core."):
    if ".migrations" in info.name:
        continue
    importlib.import_module(info.name)
assert not any(name.startswith("PySide6") for name in sys.modules if sys.modules[name])
print("ok")
"""

# The database libraries and the parts of the core that sit on them.
VAULT_STACK = ("sqlalchemy", "sqlmodel", "alembic", "willay.core.vault", "willay.core.records",
               "willay.core.reports", "willay.core.sharing", "willay.core.reconcile")

# ``--help`` of the program and of every command, then a whole command line of each group.
PARSE_SCRIPT = """
import argparse, sys
from willay.cli import build_parser

commands = next(action for action in build_parser()._actions
                if isinstance(action, argparse._SubParsersAction)).choices
command_lines = [["--help"], *([name, "--help"] for name in commands)] + [
    ["init", "--name", "Ana"], ["passphrase", "change"], ["erase", "--yes"],
    ["incident", "add", "--title", "T", "--occurred", "2023-01-09"],
    ["person", "edit", "abc", "--age", "30"], ["list", "people"],
    ["search", "bala", "--department", "21", "--from", "2023"], ["vocab"], ["places", "Juli"],
    ["identity", "card", "-o", "card.json"], ["partner", "add", "card.json"],
    ["export", "--to", "CNDDHH", "-o", "b.willay"], ["resolve", "abc", "--merge"],
    ["duplicates", "people"], ["link", "a", "b"], ["receipt", "b1", "-o", "r.willay"],
    ["media", "add", "abc", "photo.jpg"], ["redact", "m1", "--black", "1,2,3,4"],
    ["evidence-package", "abc", "-o", "pkg"], ["selftest"], ["about"], ["lock-check"],
    ["report", "--format", "pdf", "-o", "r.pdf", "--audience", "legal"],
    ["export-uwazi", "-o", "u.csv", "--violation", "ejecucion_extrajudicial"],
]
for argv in command_lines:
    try:
        build_parser().parse_args(argv)
    except SystemExit as exc:
        assert exc.code == 0, (argv, exc.code)
stack = tuple(sys.argv[1:])
loaded = sorted(name for name in sys.modules
                if name in stack or name.startswith(tuple(part + "." for part in stack)))
print(f"{len(commands)} commands; vault stack loaded: {' '.join(loaded) or 'none'}")
"""


def test_every_core_and_cli_module_imports_without_qt() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_help_and_parsing_load_no_database_or_vault_code() -> None:
    result = subprocess.run([sys.executable, "-c", PARSE_SCRIPT, *VAULT_STACK],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "usage: willay-cli report" in result.stdout
    summary = result.stdout.splitlines()[-1]
    assert summary.endswith(" commands; vault stack loaded: none"), summary


def test_the_parser_offers_the_audiences_and_languages_the_core_knows() -> None:
    # The command line spells these out so that parsing it does not load the reports.
    assert cli_reports.AUDIENCES == counts.AUDIENCES
    assert cli_reports.LANGUAGES == counts.LANGUAGES
    assert cli_evidence_package.AUDIENCES == evidence_package.AUDIENCES
