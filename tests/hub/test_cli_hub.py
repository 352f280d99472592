"""willay-cli on a hub: the same record commands, as one coordinator or another."""

from __future__ import annotations

import json
from pathlib import Path

from tests import postgres
from tests.fieldset_sample import sample
from tests.functional.conftest import CliRunner, cli, cli_env  # noqa: F401 (fixtures)
from tests.photos import photo


def test_coordinators_work_on_one_hub_from_the_command_line(
        cli: CliRunner, cluster: postgres.Cluster, tmp_path: Path) -> None:  # noqa: F811
    hub = {"WILLAY_HUB": cluster.new_database(), "WILLAY_COORDINATOR": "rosa"}
    made = cli("hub", "init", "--name", "Coordinadora", "--organization", "Red Sur", env=hub)
    assert "rosa is its first coordinator" in made.stdout
    incident = cli("incident", "add", "--title", "Paro en Juliaca", "--occurred", "2023-01-09",
                   "--ubigeo", "211101", "--killed", "2", env=hub).stdout.strip()
    assert "Paro en Juliaca" in cli("list", env=hub).stdout
    found = json.loads(cli("--json", "search", "juliaca", env=hub).stdout)
    assert [hit["id"] for hit in found] == [incident]
    form = tmp_path / "ficha.json"
    form.write_text(json.dumps(sample(), ensure_ascii=False), encoding="utf-8")
    cli("fieldset", "import", str(form), env=hub)
    cli("incident", "edit", incident[:8], "--field", "weapon=firearm",
        "--field", "police_present=sí", env=hub)
    assert "Type of weapon: Firearm" in cli("show", incident, env=hub).stdout
    counted = json.loads(cli("--json", "count", "--by", "weapon", "--lang", "en",
                             env=hub).stdout)
    assert [(row["label"], row["events"], row["killed"]) for row in counted] == [
        ("Firearm", 1, 2)]
    cli("report", "--format", "csv", "-o", str(tmp_path / "r.csv"), env=hub)
    assert "Paro en Juliaca" in (tmp_path / "r.csv").read_text(encoding="utf-8-sig")
    data = photo(tmp_path / "marcha.jpg")
    cli("media", "add", incident, str(tmp_path / "marcha.jpg"), env=hub)
    [item] = json.loads(cli("--json", "list", "media", env=hub).stdout)
    cli("media", "export", item["id"], "-o", str(tmp_path / "copia.jpg"), env=hub)
    assert (tmp_path / "copia.jpg").read_bytes() == data
    assert "Everything verifies." in cli("verify", env=hub).stdout
    package = json.loads(cli("--json", "evidence-package", incident, "-o",
                             str(tmp_path / "caso"), env=hub).stdout)
    assert package["originals"] == 1
    copies = list((tmp_path / "caso").rglob("*.jpg"))
    assert [c.read_bytes() for c in copies] == [data]
    refused = cli("purge", "--delivered", env=hub, expect=1)
    assert "on a hub it is not available yet" in refused.stderr
    cli("hub", "coordinator", "add", "juan",
        env={**hub, "WILLAY_NEW_PASSPHRASE": "la frase de juan, larga también"})
    juan = {**hub, "WILLAY_COORDINATOR": "juan",
            "WILLAY_PASSPHRASE": "la frase de juan, larga también"}
    assert "Paro en Juliaca" in cli("list", env=juan).stdout
    cli("incident", "edit", incident[:8], "--killed", "3", env=juan)
    events = json.loads(cli("--json", "custody", incident, env=juan).stdout)
    assert [(e["action"], e["details"]["coordinator"]) for e in events] == [
        ("created", "rosa"), ("media_added", "rosa"), ("media_exported", "rosa"),
        ("media_exported", "rosa"), ("evidence_packaged", "rosa"), ("revised", "juan")], \
        "the custody log says which coordinator did each thing"
    assert "revised by juan" in cli("custody", incident, env=juan).stdout
    listed = json.loads(cli("--json", "hub", "coordinator", "list", env=juan).stdout)
    assert [(c["name"], c["added_by"], c["clearance"]) for c in listed] == [
        ("juan", "rosa", "partners"), ("rosa", "rosa", "")]
    said = cli("hub", "coordinator", "remove", "rosa", env=juan).stdout
    assert "rosa can no longer open this hub" in said and "new keys" in said
    wrong = cli("list", env=hub, expect=None)
    assert wrong.returncode != 0 and "rosa is not a coordinator" in wrong.stderr


def test_a_vault_moves_into_a_hub_from_the_command_line(
        cli: CliRunner, cli_env: dict[str, str],  # noqa: F811
        cluster: postgres.Cluster) -> None:
    cli("init", "--name", "Coordinadora", "--organization", "Red Sur")
    incident = cli("incident", "add", "--title", "Paro en Juliaca", "--occurred",
                   "2023-01-09").stdout.strip()
    card = json.loads(cli("--json", "identity", "show").stdout)
    url = cluster.new_database()
    hub = {"WILLAY_HUB": url, "WILLAY_COORDINATOR": "rosa"}
    said = cli("hub", "push", "--vault", cli_env["WILLAY_VAULT"],
               env={**hub, "WILLAY_NEW_PASSPHRASE": "la frase de rosa en el servidor"}).stdout
    assert "The vault is now on the hub" in said and "signatures: 1;" in said
    on_hub = {**hub, "WILLAY_PASSPHRASE": "la frase de rosa en el servidor"}
    assert "Paro en Juliaca" in cli("show", incident, env=on_hub).stdout
    assert json.loads(cli("--json", "identity", "show").stdout) == card


def test_a_hub_exchanges_bundles_with_a_field_vault_from_the_command_line(
        cli: CliRunner, cluster: postgres.Cluster, tmp_path: Path) -> None:  # noqa: F811
    hub = {"WILLAY_HUB": cluster.new_database(), "WILLAY_COORDINATOR": "rosa"}
    rosa = ["--vault", str(tmp_path / "rosa")]
    cli("hub", "init", "--name", "Coordinadora Puno", "--organization", "CNDDHH", env=hub)
    cli(*rosa, "init", "--name", "Rosa Huamán", "--organization", "Red Sur")
    cli(*rosa, "identity", "card", "-o", str(tmp_path / "rosa.card"))
    cli("identity", "card", "-o", str(tmp_path / "hub.card"), env=hub)
    cli(*rosa, "partner", "add", str(tmp_path / "hub.card"))
    cli(*rosa, "partner", "verified", "Coordinadora Puno")
    cli("partner", "add", str(tmp_path / "rosa.card"), "--scope", "legal", env=hub)
    cli("partner", "verified", "Rosa Huamán", env=hub)
    incident = cli(*rosa, "incident", "add", "--title", "Heridos en Juliaca", "--occurred",
                   "2023-01-09", "--ubigeo", "211101", "--injured", "4").stdout.strip()
    photo(tmp_path / "herida.jpg")
    cli(*rosa, "media", "add", incident, str(tmp_path / "herida.jpg"))
    bundle = tmp_path / "rosa-1.willay"
    sent = json.loads(cli(*rosa, "--json", "export", "--to", "Coordinadora Puno", "-o",
                          str(bundle)).stdout)
    first = cli("import", str(bundle), env=hub).stdout
    assert "signed by Rosa Huamán" in first and "2 new" in first
    assert "imported before" in cli("import", str(bundle), env=hub).stdout
    assert json.loads(cli("--json", "verify", env=hub).stdout)["ok"]
    cli("incident", "edit", incident[:8], "--injured", "5", env=hub)
    receipt = tmp_path / "recibo.willay"
    cli("receipt", sent["id"][:8], "-o", str(receipt), env=hub)
    back = tmp_path / "hub-1.willay"
    cli("export", "--to", "Rosa Huamán", "-o", str(back), env=hub)
    assert "3 items confirmed delivered" in cli(*rosa, "import", str(receipt)).stdout
    cli(*rosa, "import", str(back))
    shown = json.loads(cli(*rosa, "--json", "show", incident).stdout)
    assert shown["fields"]["injured"] == 5
    assert json.loads(cli("--json", "conflicts", env=hub).stdout) == []
    events = json.loads(cli("--json", "custody", incident, env=hub).stdout)
    assert {e["details"].get("coordinator") for e in events} == {"rosa"}


def test_a_testimony_with_its_recording_is_added_on_a_hub(
        cli: CliRunner, cluster: postgres.Cluster, tmp_path: Path) -> None:  # noqa: F811
    from tests.functional.test_testimony_audio_cli import _voice_note

    hub = {"WILLAY_HUB": cluster.new_database(), "WILLAY_COORDINATOR": "rosa"}
    cli("hub", "init", "--name", "Coordinadora", "--organization", "Red Sur", env=hub)
    incident = cli("incident", "add", "--title", "Paro en Juliaca", "--occurred",
                   "2023-01-09", env=hub).stdout.strip()
    person = cli("person", "add", "--name", "Rosalía Quispe Ccori", "--role", "witness",
                 "--consent", "partners", env=hub).stdout.strip()
    note = _voice_note(tmp_path / "entrevista.opus")
    added = json.loads(cli("--json", "testimony", "add", "--incident", incident[:8],
                           "--witness", person[:8], "--language", "qu", "--consent",
                           "legal", "--audio", str(note), env=hub).stdout)
    [recording] = added["recordings"]
    assert "to transcribe" in cli("list", "testimonies", env=hub).stdout
    cli("media", "export", recording, "-o", str(tmp_path / "copia.opus"), env=hub)
    assert (tmp_path / "copia.opus").read_bytes() == note.read_bytes()
