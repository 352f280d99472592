"""willay-cli with an organization's field set: import it, fill it in, read it back."""

from __future__ import annotations

import json
from pathlib import Path

from tests.fieldset_sample import sample
from tests.functional.conftest import CliRunner
from tests.unit.test_xlsform import CHOICES, SETTINGS, SURVEY
from tests.xlsx_writer import Cell, write_xlsx


def _init(cli: CliRunner) -> None:
    cli("init", "--name", "Rosa Huamán", "--organization", "Red Sur")


def _sheet(tmp_path: Path) -> Path:
    path = tmp_path / "ficha.json"
    path.write_text(json.dumps(sample(), ensure_ascii=False), encoding="utf-8")
    return path


def test_a_field_set_is_imported_filled_in_and_shown_under_its_labels(
        cli: CliRunner, tmp_path: Path) -> None:
    _init(cli)
    assert "no field set yet" in cli("fieldset", "list").stdout
    said = cli("fieldset", "import", str(_sheet(tmp_path))).stdout
    assert "red-sur-registro" in said and "version 1, added" in said
    assert "13 for incidents, 1 for people, 1 for testimonies" in said
    refused = cli("incident", "add", "--title", "Puente", "--occurred", "2023-01-09",
                  expect=1)
    assert "Police present?" in refused.stderr and "--field police_present=" in refused.stderr
    assert "(0 incidents)" in cli("list").stdout, "nothing is half-written"
    incident = cli("incident", "add", "--title", "Puente", "--occurred", "2023-01-09",
                   "--field", "police_present=sí", "--field", "weapon=firearm",
                   "--field", "weapons_seen=pellets,tear_gas",
                   "--field", "wounded=name=Ana Q.;age=19;weapon=pellets",
                   "--field", "wounded=name=Luis M.;age=33",
                   "--field", "hospital=Hospital Carlos Monge").stdout.strip()
    shown = cli("show", incident).stdout
    assert "Registration sheet (version 1):" in shown
    assert "Type of weapon: Firearm" in shown and "Weapons seen: Pellets, Tear gas" in shown
    assert "Wounded: Name: Ana Q.; Age: 19; Weapon: Pellets | Name: Luis M.; Age: 33" in shown
    spanish = cli("show", incident, env={"LANG": "es_PE.UTF-8"}).stdout
    assert "Tipo de arma: Arma de fuego" in spanish and "¿Había policía?: sí" in spanish
    found = json.loads(cli("--json", "search", "monge").stdout)
    assert [hit["id"] for hit in found] == [incident]
    cli("incident", "edit", incident[:8], "--field", "hospital=", "--field", "shots=4")
    doc = json.loads(cli("--json", "show", incident).stdout)["organization_fields"]
    assert doc["fieldset"] == "red-sur-registro@1"
    assert doc["values"]["shots"] == 4 and "hospital" not in doc["values"]
    wrong = cli("incident", "edit", incident[:8], "--field", "weapon=sling", expect=1)
    assert "Type of weapon" in wrong.stderr and "firearm" in wrong.stderr
    unknown = cli("incident", "edit", incident[:8], "--field", "colour=red", expect=1)
    assert "no field colour" in unknown.stderr and "weapon" in unknown.stderr


def test_an_odk_form_imports_and_names_what_it_leaves_out(cli: CliRunner,
                                                          tmp_path: Path) -> None:
    _init(cli)
    survey: list[list[Cell]] = [*SURVEY, ["image", "photo", "Photo", "Foto"]]
    form = write_xlsx(tmp_path / "encuesta.xlsx",
                      {"survey": survey, "choices": CHOICES, "settings": SETTINGS})
    refused = cli("fieldset", "import", str(form), expect=1)
    assert "photo (row" in refused.stderr and "image" in refused.stderr
    said = cli("fieldset", "import", str(form), "--skip-unmapped", "--for", "person").stdout
    assert "household-survey" in said and "Left out" in said and "photo" in said
    listed = cli("fieldset", "list").stdout
    assert "household-survey" in listed and "Red Sur" in listed
    shown = cli("fieldset", "show", "household-survey").stdout
    assert "What is your name?" in shown and "choose one" in shown
    written = tmp_path / "copia.json"
    cli("fieldset", "export", "household-survey", str(written))
    again = json.loads(written.read_text(encoding="utf-8"))
    assert again["id"] == "household-survey" and again["organization"] == "Red Sur"
    assert "already holds version 1" in cli("fieldset", "import", str(written)).stdout


def test_counts_and_exports_carry_the_organization_fields(cli: CliRunner,
                                                          tmp_path: Path) -> None:
    _init(cli)
    cli("fieldset", "import", str(_sheet(tmp_path)))
    for weapon, killed in (("firearm", "2"), ("firearm", "1"), ("pellets", "0")):
        cli("incident", "add", "--title", "Puente", "--occurred", "2023-01-09",
            "--killed", killed, "--field", "police_present=no", "--field", f"weapon={weapon}",
            "--field", "hospital=Hospital Carlos Monge")
    counted = cli("count", "--by", "weapon").stdout
    assert "Arma de fuego" in counted and "(3 events)" in counted
    rows = {row["key"]: row for row in json.loads(
        cli("--json", "count", "--by", "weapon", "--lang", "en").stdout)}
    assert rows["firearm"]["events"] == 2 and rows["firearm"]["killed"] == 3
    assert rows["firearm"]["label"] == "Firearm"
    refused = cli("count", "--by", "hospital", expect=1)
    assert "Hospital is not a field of choices" in refused.stderr
    refused = cli("count", "--by", "colour", expect=1)
    assert "No field colour" in refused.stderr and "weapon" in refused.stderr
    said = cli("export-uwazi", "-o", str(tmp_path / "uwazi.csv")).stdout
    assert "weapon  Select  «Tipo de arma»" in said
    header = (tmp_path / "uwazi.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "weapon__es" in header and "hospital" not in header
    cli("report", "--format", "csv", "-o", str(tmp_path / "r.csv"), "--audience", "legal")
    header = (tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "weapon,weapon_codes" in header and "hospital" in header, "legal reaches legal"
    assert "account" not in header
