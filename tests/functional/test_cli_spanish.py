"""willay-cli in Spanish: with a Spanish locale, its help and its errors are in Spanish."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.functional.conftest import CliRunner

SPANISH = {"LANG": "es_PE.UTF-8", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}
# Words of an English sentence that no Spanish message of the command line contains.
ENGLISH = re.compile(r"\b(the|is|was|does|not|usage|show|help message|arguments|options:|"
                     r"required|wrong|passphrase|vault|date|create)\b", re.IGNORECASE)


def _said(result: subprocess.CompletedProcess[str], tmp_path: Path) -> str:
    """Everything the command printed, without the test's own folder names."""
    return (result.stdout + result.stderr).replace(str(tmp_path), "<folder>")


def _no_english(text: str) -> None:
    """Fail if ``text`` holds an English word outside option, command and variable names."""
    text = re.sub(r"^ {4}\S+", "", text, flags=re.MULTILINE)  # the list of command names
    text = re.sub(r"--?[\w-]+|\b[A-Z_]{2,}\b|willay-cli", "", text)
    found = ENGLISH.findall(text)
    assert not found, f"English words {found} in: {text}"


def test_the_help_is_in_spanish(cli_process: CliRunner, tmp_path: Path) -> None:
    result = cli_process("--help", env=SPANISH)
    said = _said(result, tmp_path)
    assert said.startswith("uso: willay-cli ")
    assert "\nargumentos:\n" in said and "\nopciones:\n" in said
    assert "mostrar esta ayuda y salir" in said
    assert "crear una bóveda nueva" in said and "escribir un paquete para aliadas" in said
    assert "Códigos de salida: 0 éxito, 1 error, 2 uso incorrecto" in said
    _no_english(said)
    sub = _said(cli_process("incident", "add", "--help", env=SPANISH), tmp_path)
    assert "título corto del incidente" in sub and "código del presunto responsable" in sub
    assert "usage:" not in sub and "show this help" not in sub


def test_a_usage_error_is_explained_in_spanish(cli_process: CliRunner, tmp_path: Path) -> None:
    result = cli_process("incident", "add", "--title", "Bloqueo", env=SPANISH, expect=2)
    said = _said(result, tmp_path)
    assert said.startswith("uso: willay-cli incident add")
    _no_english(said)
    last = said.strip().splitlines()[-1]
    assert last == ("willay-cli incident add: error: faltan estas opciones obligatorias: "
                    "--occurred")
    chosen = _said(cli_process("report", "--format", "doc", "-o", "x.pdf", env=SPANISH,
                               expect=2), tmp_path).strip().splitlines()[-1]
    assert chosen == ("willay-cli report: error: opción --format: valor no válido: 'doc' "
                      "(elija entre 'pdf', 'csv')")


def test_a_wrong_passphrase_and_a_bad_date_are_said_in_spanish(
        cli_process: CliRunner, tmp_path: Path) -> None:
    created = _said(cli_process("init", "--name", "Rosa Huamán", env=SPANISH), tmp_path)
    assert "Bóveda creada en <folder>" in created
    assert "Código de recuperación (se muestra solo esta vez" in created

    wrong = cli_process("list", env={**SPANISH, "WILLAY_PASSPHRASE": "otra frase cualquiera"},
                        expect=1)
    said = _said(wrong, tmp_path)
    assert said.strip() == "willay-cli: Frase de paso incorrecta: no abre esta bóveda."

    dated = cli_process("incident", "add", "--title", "Bloqueo de carretera",
                        "--occurred", "enero 2023", env=SPANISH, expect=1)
    said = _said(dated, tmp_path).strip()
    assert said.startswith("willay-cli: 'enero 2023' no es una fecha que Willay entienda.")
    assert "AAAA-MM-DD (un día)" in said
    _no_english(said)
