"""A partner's new card on the command line: replace, remove, and the fingerprints listed."""

from __future__ import annotations

import json
from pathlib import Path

from tests.functional.conftest import CliRunner


def _vault(cli: CliRunner, tmp_path: Path, folder: str, name: str) -> list[str]:
    where = ["--vault", str(tmp_path / folder)]
    cli(*where, "init", "--name", name)
    cli(*where, "identity", "card", "-o", str(tmp_path / f"{folder}.card"))
    return where


def test_replace_then_remove_a_partner(cli: CliRunner, tmp_path: Path) -> None:
    juan = _vault(cli, tmp_path, "juan", "Juan")
    new_juan = _vault(cli, tmp_path, "juan-new", "Juan")
    coord = _vault(cli, tmp_path, "coord", "Coord")
    for who in (juan, new_juan):
        cli(*who, "partner", "add", str(tmp_path / "coord.card"))
        cli(*who, "partner", "verified", "Coord")
    cli(*coord, "partner", "add", str(tmp_path / "juan.card"))
    cli(*juan, "incident", "add", "--title", "Antes", "--occurred", "2023-01-09")
    cli(*juan, "export", "--to", "Coord", "-o", str(tmp_path / "before.willay"))

    refused = cli(*coord, "partner", "add", str(tmp_path / "juan-new.card"), expect=1)
    assert "already called 'Juan'" in refused.stderr and "partner replace" in refused.stderr

    replaced = cli(*coord, "partner", "replace", "Juan", str(tmp_path / "juan-new.card"))
    new_fp = json.loads(cli(*new_juan, "--json", "identity", "show").stdout)["id"]
    old_fp = json.loads(cli(*juan, "--json", "identity", "show").stdout)["id"]
    assert "The card of Juan was replaced" in replaced.stdout and old_fp in replaced.stdout
    assert f"willay-cli partner verified {new_fp}" in replaced.stdout
    listed = json.loads(cli(*coord, "--json", "partner", "list").stdout)
    assert [(p["id"], p["verified"]) for p in listed] == [(new_fp, False)]
    table = cli(*coord, "partner", "list", "--all").stdout.splitlines()
    assert any(old_fp in line and "replaced 20" in line for line in table)
    assert any(new_fp in line and "—" in line for line in table)
    everyone = json.loads(cli(*coord, "--json", "partner", "list", "--all").stdout)
    assert {p["id"]: p["replaced_by"] for p in everyone} == {old_fp: new_fp, new_fp: None}

    # What the old card signed before the change still comes in; after it, it is refused.
    assert "signed by Juan" in cli(*coord, "import", str(tmp_path / "before.willay")).stdout
    cli(*juan, "incident", "add", "--title", "Después", "--occurred", "2023-01-10")
    cli(*juan, "export", "--to", "Coord", "-o", str(tmp_path / "after.willay"))
    late = cli(*coord, "import", str(tmp_path / "after.willay"), expect=3)
    assert "old card of Juan" in late.stderr and new_fp in late.stderr

    cli(*coord, "partner", "verified", new_fp)
    cli(*coord, "export", "--to", "Juan", "-o", str(tmp_path / "to-juan.willay"))
    cli(*juan, "import", str(tmp_path / "to-juan.willay"), expect=3)
    cli(*new_juan, "import", str(tmp_path / "to-juan.willay"))

    removed = cli(*coord, "partner", "remove", new_fp)
    assert "was removed from the partners" in removed.stdout
    assert json.loads(cli(*coord, "--json", "partner", "list").stdout) == []
    cli(*coord, "export", "--to", new_fp, "-o", str(tmp_path / "x.willay"), expect=1)
    cli(*new_juan, "incident", "add", "--title", "Tarde", "--occurred", "2023-01-11")
    cli(*new_juan, "export", "--to", "Coord", "-o", str(tmp_path / "late.willay"))
    unknown = cli(*coord, "import", str(tmp_path / "late.willay"), expect=3)
    assert "removed from the partners" in unknown.stderr

    report = json.loads(cli(*coord, "--json", "verify").stdout)
    assert report["ok"]
    assert len(json.loads(cli(*coord, "--json", "search", "Antes").stdout)) == 1
    for missing in ("Después", "Tarde"):
        assert json.loads(cli(*coord, "--json", "search", missing).stdout) == []
