"""A coordinator reconciles from the command line: conflicts field by field, duplicates."""

from __future__ import annotations

import json
from pathlib import Path

from tests.functional.conftest import CliRunner


def _conflict(cli: CliRunner, tmp_path: Path) -> tuple[list[str], str]:
    """Rosa's incident, edited by her and by the coordinator apart; return coord, id."""
    rosa = ["--vault", str(tmp_path / "rosa")]
    coord = ["--vault", str(tmp_path / "coord")]
    cli(*rosa, "init", "--name", "Rosa Huamán")
    cli(*coord, "init", "--name", "Coordinadora Puno")
    cli(*rosa, "identity", "card", "-o", str(tmp_path / "rosa.card"))
    cli(*coord, "identity", "card", "-o", str(tmp_path / "coord.card"))
    cli(*rosa, "partner", "add", str(tmp_path / "coord.card"))
    cli(*coord, "partner", "add", str(tmp_path / "rosa.card"))
    incident = cli(*rosa, "incident", "add", "--title", "Heridos en Juliaca", "--occurred",
                   "2023-01-09", "--ubigeo", "211101", "--injured", "4", "--violation",
                   "killing").stdout.strip()
    cli(*rosa, "export", "--to", "Coordinadora Puno", "-o", str(tmp_path / "1.willay"))
    cli(*coord, "import", str(tmp_path / "1.willay"))
    cli(*rosa, "incident", "edit", incident, "--title", "Heridos en el puente", "--injured",
        "6", "--killed", "1")
    cli(*coord, "incident", "edit", incident, "--title", "Heridos en Juliaca (aeropuerto)",
        "--injured", "9", "--narrative", "Según la coordinadora.")
    cli(*rosa, "export", "--to", "Coordinadora Puno", "-o", str(tmp_path / "2.willay"))
    assert "NEW CONFLICTS: 1" in cli(*coord, "import", str(tmp_path / "2.willay")).stdout
    return coord, incident


def test_a_conflict_is_resolved_field_by_field(cli: CliRunner, tmp_path: Path) -> None:
    coord, incident = _conflict(cli, tmp_path)
    listed = cli(*coord, "conflicts").stdout
    assert "fields in dispute: injured, title" in listed and "by Rosa Huamán" in listed
    (row,) = json.loads(cli(*coord, "--json", "conflicts").stdout)
    assert row["id"] == incident and row["fields"] == ["injured", "title"]
    rosa_head = next(h["id"] for h in row["heads"] if h["author_name"] == "Rosa Huamán")

    refused = cli(*coord, "resolve", incident[:8], expect=1).stderr
    assert "for each field in dispute (injured, title)" in refused
    missing = cli(*coord, "resolve", incident[:8], "--field", f"title={rosa_head[:10]}",
                  expect=1).stderr
    assert "missing: injured" in missing
    bad = cli(*coord, "resolve", incident[:8], "--field", f"title={rosa_head[:10]}",
              "--set", "injured=varios", expect=1).stderr
    assert "injured: Injured must be a whole number" in bad
    assert "NAME=VALUE" in cli(*coord, "resolve", incident[:8], "--set", "injured",
                               expect=1).stderr

    done = json.loads(cli(*coord, "--json", "resolve", incident[:8], "--field",
                          f"title={rosa_head[:10]}", "--set", "injured=7", "--set",
                          'violations=["killing", "injury_firearm"]').stdout)
    assert done["id"] == incident
    assert done["fields"] == {"title": rosa_head, "injured": "written",
                              "violations": "written"}
    shown = json.loads(cli(*coord, "--json", "show", incident).stdout)
    fields = shown["fields"]
    assert fields["title"] == "Heridos en el puente" and fields["injured"] == 7
    assert fields["violations"] == ["injury_firearm", "killing"]
    # Disjoint changes from both sides were kept.
    assert fields["killed"] == 1 and fields["narrative"] == "Según la coordinadora."
    history = json.loads(cli(*coord, "--json", "history", incident).stdout)
    assert len(history[-1]["parents"]) == 2
    assert json.loads(cli(*coord, "--json", "conflicts").stdout) == []
    assert json.loads(cli(*coord, "--json", "verify").stdout)["ok"]


def test_merge_with_a_field_override(cli: CliRunner, tmp_path: Path) -> None:
    coord, incident = _conflict(cli, tmp_path)
    out = cli(*coord, "resolve", incident[:8], "--merge", "--set", "title=Puente de Juliaca")
    assert "title: new value" in out.stdout and "injured: version" in out.stdout
    fields = json.loads(cli(*coord, "--json", "show", incident).stdout)["fields"]
    assert fields["title"] == "Puente de Juliaca"


def test_duplicates_are_suggested_linked_listed_and_undone(cli: CliRunner) -> None:
    def add(*options: str) -> str:
        return cli("incident", "add", "--ubigeo", "211101", "--violation", "killing",
                   *options).stdout.strip()

    cli("init", "--name", "Coordinadora")
    a = add("--title", "Muerte en el puente", "--occurred", "2023-01-09")
    b = add("--title", "Fallecido en Juliaca", "--occurred", "2023-01-10")
    add("--title", "Otro mes", "--occurred", "2023-03-01")
    rosa = cli("person", "add", "--name", "Rosalía Quispe Ccori").stdout.strip()
    rosa2 = cli("person", "add", "--name", "Rosalia Qhispi").stdout.strip()
    cli("person", "add", "--name", "Juana Mamani")

    listed = cli("duplicates").stdout
    assert "same district (Juliaca), 1 day apart, shared: killing" in listed
    assert "Quispe ~ Qhispi" in listed or "Qhispi ~ Quispe" in listed
    assert "only on one side: Ccori" in listed
    assert f"willay-cli link {min(a, b)[:8]} {max(a, b)[:8]}" in listed  # as links store it
    (suggested,) = json.loads(cli("--json", "duplicates", "incidents").stdout)
    assert {r["id"] for r in suggested["records"]} == {a, b}
    assert {r["title"] for r in suggested["records"]} == {"Muerte en el puente",
                                                          "Fallecido en Juliaca"}

    linked = cli("link", a[:8], b[:8]).stdout
    assert "Linked as the same event" in linked and "Muerte en el puente" in linked
    assert json.loads(cli("--json", "duplicates", "incidents").stdout) == []
    (decision,) = json.loads(cli("--json", "links", "incidents").stdout)
    assert decision["decision"] == "same" and decision["id"] == f"{min(a, b)}+{max(a, b)}"
    cli("dismiss", rosa, rosa2)
    assert json.loads(cli("--json", "duplicates", "people").stdout) == []
    assert "not the same" in cli("links", "people").stdout

    assert "neither linked nor dismissed now" in cli("unlink", b[:8], a[:8]).stdout
    assert len(json.loads(cli("--json", "duplicates", "incidents").stdout)) == 1
    assert "neither linked nor dismissed." in cli("unlink", a[:8], b[:8], expect=1).stderr
    assert "No record has the id 'ffffffff'" in cli("link", a[:8], "ffffffff", expect=1).stderr
    assert "only two incidents or two people" in cli("link", a[:8], rosa[:8],
                                                     expect=1).stderr
    assert "itself" in cli("dismiss", a[:8], a, expect=1).stderr
