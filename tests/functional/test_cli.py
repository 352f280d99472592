"""willay-cli end to end: what a documenter types and what they see."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path

from tests.conftest import tree_snapshot
from tests.functional.conftest import CliRunner


def _init(cli: CliRunner) -> str:
    out = cli("init", "--name", "Rosa Huamán", "--organization", "Red Sur").stdout
    match = re.search(r"\b([0-9A-Z]{4}(?:-[0-9A-Z]{4}){7})\b", out)
    assert match, out
    return match.group(1)


def _fill(cli: CliRunner) -> tuple[str, str, str]:
    incident = cli("incident", "add", "--title", "Enfrentamiento en Juliaca",
                   "--occurred", "2023-01-09", "--ubigeo", "211101",
                   "--place", "Puente Añashuayco", "--violation", "killing",
                   "--perpetrator", "pnp", "--killed", "18",
                   "--narrative", "Disparos contra manifestantes aimaras.").stdout.strip()
    person = cli("person", "add", "--name", "ROSALÍA QUISPE CCORI", "--pseudonym", "T-01",
                 "--role", "witness", "--consent", "partners").stdout.strip()
    testimony = cli("testimony", "add", "--incident", incident[:8], "--witness", person[:8],
                    "--language", "qu", "--consent", "partners",
                    "--text", "Policía disparó desde la comisaría.").stdout.strip()
    return incident, person, testimony


def test_a_documenter_fills_and_searches_a_vault(cli: CliRunner, cli_env: dict[str, str]
                                                 ) -> None:
    _init(cli)
    assert oct(Path(cli_env["WILLAY_VAULT"]).stat().st_mode & 0o777) == "0o700"
    incident, person, testimony = _fill(cli)
    for record_id in (incident, person, testimony):
        assert re.fullmatch(r"[0-9a-f-]{36}", record_id)

    listing = cli("list").stdout
    assert "Enfrentamiento en Juliaca" in listing and "Juliaca, San Román, Puno" in listing

    hits = json.loads(cli("--json", "search", "puno").stdout)
    assert [h["id"] for h in hits] == [incident]
    hits = json.loads(cli("--json", "search", "quispe").stdout)
    assert [h["id"] for h in hits] == [person]
    hits = json.loads(cli("--json", "search", "comisaria", "--department", "21",
                          "--from", "2023-01", "--violation", "killing").stdout)
    assert [h["id"] for h in hits] == [testimony]
    assert json.loads(cli("--json", "search", "comisaria", "--department", "03").stdout) == []

    cli("incident", "edit", incident[:8], "--killed", "19", "--status", "reviewed")
    history = json.loads(cli("--json", "history", incident).stdout)
    assert [h["fields"]["killed"] for h in history] == [18, 19]
    assert history[1]["parents"] == [history[0]["id"]]
    assert "changed killed, status" in cli("history", incident).stdout

    shown = json.loads(cli("--json", "show", testimony[:10]).stdout)
    assert shown["id"] == testimony and shown["fields"]["witness"] == person

    status = json.loads(cli("--json", "lock-check").stdout)
    assert status["counts"] == {"incident": 1, "person": 1, "testimony": 1, "media": 0,
                                "revisions": 4}
    assert status["name"] == "Rosa Huamán" and status["id"]

    cli("delete", testimony)
    assert json.loads(cli("--json", "list", "testimonies").stdout) == []
    assert len(json.loads(cli("--json", "history", testimony).stdout)) == 2


def test_every_json_object_carries_an_id(cli: CliRunner) -> None:
    _init(cli)
    _fill(cli)
    for args in (["list"], ["list", "people"], ["list", "testimonies"], ["search", "juliaca"],
                 ["vocab"], ["places", "apurimac"], ["lock-check"]):
        doc = json.loads(cli("--json", *args).stdout)
        items = doc if isinstance(doc, list) else [doc]
        assert items, args
        assert all("id" in item for item in items), args
    terms = json.loads(cli("--json", "vocab", "consent_scopes").stdout)
    assert [t["id"] for t in terms["terms"]] == ["internal", "partners", "legal", "public"]


def test_wrong_passphrase_is_a_clear_error_and_changes_nothing(cli: CliRunner,
                                                               cli_env: dict[str, str]) -> None:
    _init(cli)
    vault = Path(cli_env["WILLAY_VAULT"])
    before = tree_snapshot(vault)
    result = cli("list", env={"WILLAY_PASSPHRASE": "no es la frase"}, expect=1)
    assert "Wrong passphrase" in result.stderr and result.stdout == ""
    assert tree_snapshot(vault) == before


def test_corrupt_keyring_is_a_clear_error(cli: CliRunner, cli_env: dict[str, str]) -> None:
    _init(cli)
    keyring = Path(cli_env["WILLAY_VAULT"]) / "keyring.json"
    keyring.write_bytes(keyring.read_bytes()[:100])
    result = cli("list", expect=1)
    assert "damaged or truncated" in result.stderr
    assert "Traceback" not in result.stderr


def test_not_a_vault_and_no_vault(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("list", expect=1)
    assert "There is no vault at" in result.stderr and "willay-cli init" in result.stderr
    (tmp_path / "docs").mkdir()
    result = cli("--vault", str(tmp_path / "docs"), "list", expect=1)
    assert "is not a Willay vault" in result.stderr


def test_usage_errors_exit_2(cli_process: CliRunner) -> None:
    cli = cli_process  # argparse exits the real process
    assert cli("fly", expect=2).returncode == 2
    assert "required" in cli("incident", "add", "--title", "x", expect=2).stderr
    assert cli("--vault", expect=2).returncode == 2


def test_unknown_codes_suggest_the_closest(cli: CliRunner) -> None:
    _init(cli)
    result = cli("incident", "add", "--title", "x", "--occurred", "2023-01-09",
                 "--violation", "kiling", expect=1)
    assert "Closest: killing" in result.stderr
    result = cli("incident", "add", "--title", "x", "--occurred", "2023-01-09",
                 "--ubigeo", "21110", expect=1)
    assert "211101" in result.stderr or "6-digit" in result.stderr
    assert cli("--json", "list").stdout.strip() == "[]"


def test_passphrase_change_and_recovery(cli: CliRunner) -> None:
    code = _init(cli)
    cli("passphrase", "change", env={"WILLAY_NEW_PASSPHRASE": "segunda frase secreta"})
    assert "Wrong passphrase" in cli("list", expect=1).stderr
    cli("list", env={"WILLAY_PASSPHRASE": "segunda frase secreta"})
    cli("passphrase", "recover", env={"WILLAY_RECOVERY_CODE": code.lower(),
                                      "WILLAY_NEW_PASSPHRASE": "tercera frase secreta"})
    cli("list", env={"WILLAY_PASSPHRASE": "tercera frase secreta"})
    result = cli("passphrase", "recover", env={"WILLAY_RECOVERY_CODE": "0" * 32,
                                               "WILLAY_NEW_PASSPHRASE": "cuarta frase"},
                 expect=1)
    assert "Wrong recovery code" in result.stderr


def test_passphrase_file_and_no_terminal(cli: CliRunner, cli_process: CliRunner,
                                        tmp_path: Path) -> None:
    _init(cli)
    secret = tmp_path / "frase.txt"
    secret.write_text("una frase larga y secreta\n")
    cli_process("--passphrase-file", str(secret), "list", env={"WILLAY_PASSPHRASE": ""})
    result = cli_process("list", env={"WILLAY_PASSPHRASE": ""}, expect=1)
    assert "no terminal to ask on" in result.stderr


def test_emergency_erase(cli: CliRunner, cli_env: dict[str, str]) -> None:
    _init(cli)
    _fill(cli)
    assert "needs confirmation" in cli("erase", expect=1).stderr
    assert Path(cli_env["WILLAY_VAULT"]).exists()
    cli("erase", "--yes")
    assert not Path(cli_env["WILLAY_VAULT"]).exists()
    assert "There is no vault" in cli("list", expect=1).stderr


def test_init_refuses_an_existing_vault(cli: CliRunner) -> None:
    _init(cli)
    assert "already exists" in cli("init", expect=1).stderr


def test_times_are_shown_in_the_computers_time_zone(cli: CliRunner, lima: None) -> None:
    _init(cli)
    incident, _person, _testimony = _fill(cli)
    stored = json.loads(cli("--json", "history", incident).stdout)[0]["time"]
    local = datetime.fromisoformat(stored).astimezone()
    shown = local.strftime("%Y-%m-%d %H:%M") + " (UTC\u22125)"
    assert local.utcoffset() == timedelta(hours=-5)
    assert cli("history", incident).stdout.startswith(shown)
    assert f"created {shown}" in cli("show", incident).stdout
    custody = cli("custody", incident).stdout
    assert local.strftime("%Y-%m-%d %H:%M:") in custody and "(UTC\u22125)" in custody
