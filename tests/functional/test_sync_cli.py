"""Two people, two vaults, one USB stick: the sync commands end to end."""

from __future__ import annotations

import json
from pathlib import Path

from tests.functional.conftest import CliRunner
from tests.photos import photo


def test_field_to_coordinator_and_back(cli: CliRunner, tmp_path: Path) -> None:
    rosa = ["--vault", str(tmp_path / "rosa")]
    coord = ["--vault", str(tmp_path / "coord")]
    cli(*rosa, "init", "--name", "Rosa Huamán", "--organization", "Red Sur")
    cli(*coord, "init", "--name", "Coordinadora Puno", "--organization", "CNDDHH")
    cli(*rosa, "identity", "card", "-o", str(tmp_path / "rosa.card"))
    cli(*coord, "identity", "card", "-o", str(tmp_path / "coord.card"))
    added = json.loads(cli(*rosa, "--json", "partner", "add", str(tmp_path / "coord.card"))
                       .stdout)
    assert added["verified"] is False
    cli(*rosa, "partner", "verified", "Coordinadora Puno")
    cli(*coord, "partner", "add", str(tmp_path / "rosa.card"), "--scope", "legal")
    rosa_fingerprint = json.loads(cli(*rosa, "--json", "identity", "show").stdout)["id"]
    # A fingerprint typed as read aloud: any case, with or without spaces.
    cli(*coord, "partner", "verified", rosa_fingerprint.lower().replace(" ", ""))
    assert json.loads(cli(*coord, "--json", "partner", "list").stdout)[0]["verified"]
    partners = json.loads(cli(*rosa, "--json", "partner", "list").stdout)
    assert partners[0]["verified"] is True and partners[0]["name"] == "Coordinadora Puno"

    incident = cli(*rosa, "incident", "add", "--title", "Heridos en Juliaca", "--occurred",
                   "2023-01-09", "--ubigeo", "211101", "--injured", "4").stdout.strip()
    photo(tmp_path / "herida.jpg")
    cli(*rosa, "media", "add", incident, str(tmp_path / "herida.jpg"))

    bundle = tmp_path / "usb" / "rosa-1.willay"
    bundle.parent.mkdir()
    sent = json.loads(cli(*rosa, "--json", "export", "--to", "Coordinadora Puno", "-o",
                          str(bundle)).stdout)
    assert sent["revisions"] == 2 and sent["media"] == 1 and sent["sequence"] == 1

    first = cli(*coord, "import", str(bundle)).stdout
    assert "signed by Rosa Huamán" in first and "2 new" in first
    again = cli(*coord, "import", str(bundle)).stdout
    assert "imported before" in again and "nothing changed" in again
    assert "originals checked by size and SHA-256: 1)" in again
    assert "2 changes carry valid signatures of their authors: Rosa Huamán" in first
    hits = json.loads(cli(*coord, "--json", "search", "juliaca").stdout)
    assert [h["id"] for h in hits] == [incident]
    assert json.loads(cli(*coord, "--json", "verify").stdout)["ok"]

    receipt = tmp_path / "usb" / "recibo.willay"
    cli(*coord, "receipt", sent["id"][:8], "-o", str(receipt))
    assert "3 items confirmed delivered" in cli(*rosa, "import", str(receipt)).stdout
    purged = json.loads(cli(*rosa, "--json", "purge", "--delivered").stdout)
    assert purged["originals"] == 1
    events = json.loads(cli(*rosa, "--json", "custody", incident).stdout)
    assert [e["action"] for e in events][-1] == "purged"
    assert json.loads(cli(*rosa, "--json", "verify").stdout)["ok"]
    assert json.loads(cli(*coord, "--json", "conflicts").stdout) == []

    # Two more bundles, then one receipt for both: the one already confirmed is left out.
    for n in (2, 3):
        cli(*rosa, "incident", "add", "--title", f"Detenidos {n}", "--occurred", "2023-01-10")
        cli(*rosa, "export", "--to", "Coordinadora Puno", "-o",
            str(tmp_path / "usb" / f"rosa-{n}.willay"))
        cli(*coord, "import", str(tmp_path / "usb" / f"rosa-{n}.willay"))
    refused = cli(*coord, "receipt", "--all", "-o", str(tmp_path / "x.willay"), expect=None)
    assert refused.returncode != 0 and "--all --from PARTNER" in refused.stderr
    both = tmp_path / "usb" / "recibo-2.willay"
    wrote = cli(*coord, "receipt", "--all", "--from", "Rosa Huamán", "-o", str(both)).stdout
    assert "One receipt for 2 bundles" in wrote and "items confirmed: 2" in wrote
    assert "2 items confirmed delivered" in cli(*rosa, "import", str(both)).stdout
    repeat = cli(*coord, "receipt", "--all", "--from", "Rosa Huamán", "-o",
                str(tmp_path / "usb" / "recibo-3.willay"), expect=None)
    assert repeat.returncode != 0 and "already has a receipt" in repeat.stderr

    secret = tmp_path / "coord-identity.txt"
    cli(*coord, "identity", "export-secret", "--age", "-o", str(secret))
    assert secret.read_text().splitlines()[-1].startswith("AGE-SECRET-KEY-1")


def test_import_refusals_are_clear(cli: CliRunner, tmp_path: Path) -> None:
    rosa = ["--vault", str(tmp_path / "rosa")]
    coord = ["--vault", str(tmp_path / "coord")]
    cli(*rosa, "init", "--name", "Rosa")
    cli(*coord, "init", "--name", "Coord")
    cli(*rosa, "identity", "card", "-o", str(tmp_path / "rosa.card"))
    cli(*coord, "identity", "card", "-o", str(tmp_path / "coord.card"))
    cli(*rosa, "partner", "add", str(tmp_path / "coord.card"))
    cli(*rosa, "incident", "add", "--title", "X", "--occurred", "2023-01-09")
    bundle = tmp_path / "b.willay"
    cli(*rosa, "export", "--to", "Coord", "-o", str(bundle))
    unknown = cli(*coord, "import", str(bundle), expect=3)
    assert "unknown sender" in unknown.stderr and str(bundle) in unknown.stderr
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a bundle")
    assert cli(*coord, "import", str(tmp_path / "photo.jpg"), expect=3).stderr
    assert "does not exist" in cli(*coord, "import", str(tmp_path / "none.willay"),
                                   expect=1).stderr
