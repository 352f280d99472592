"""A form made for ODK, as an XLSForm workbook, imported as a field set.

The workbooks are written here, modelled on the examples of ODK's XLSForm documentation:
the questions a field worker knows (a name, an age, a gender, toppings chosen, a place),
a group, a repeat of children, hints and required questions, and the metadata ODK adds.
"""

from __future__ import annotations

import contextlib
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.xlsx_writer import MAIN, PACKAGE_REL, REL, Cell, write_xlsx
from willay.core import i18n
from willay.core.errors import ValidationError, WillayError
from willay.core.reference import fieldsets
from willay.core.reference.xlsform import Left, read_workbook
from willay.core.reference.xlsx import language, read_sheets

HEAD: list[Cell] = ["type", "name", "label::English (en)", "label::Español (es)",
                    "hint::English (en)", "hint::Español (es)", "required", "appearance"]
SURVEY: list[list[Cell]] = [
    HEAD,
    ["start", "start"], ["end", "end"], ["today", "today"], ["deviceid", "deviceid"],
    ["text", "name", "What is your name?", "¿Cómo se llama?", "Full name",
     "Nombre completo", "yes"],
    ["integer", "age", "How old are you?", "¿Cuántos años tiene?", None, None, "TRUE()"],
    ["select_one gender", "gender", "Gender", "Género"],
    ["select_multiple pizza_toppings", "favorite_toppings", "Favorite toppings",
     "Ingredientes favoritos", None, None, 1],
    [],
    ["begin_group", "location", "Location", "Ubicación"],
    ["geopoint", "place", "Where are you?", "¿Dónde está?"],
    ["date", "date_of_event", "When did it happen?", "¿Cuándo pasó?"],
    ["decimal", "distance", "Distance (km)", "Distancia (km)", None, None, "no"],
    ["end_group"],
    ["note", "thanks", "Thank you for your answers", "Gracias por sus respuestas"],
    ["begin_repeat", "children", "Children", "Hijos e hijas"],
    ["text", "child_name", "Child's name", "Nombre", None, None, True],
    ["integer", "child_age", "Child's age", "Edad"],
    ["end_repeat"],
    ["text", "Other-Notes", "Anything else?", "¿Algo más?", None, None, None, "multiline"],
]
CHOICES: list[list[Cell]] = [
    ["list_name", "name", "label::English (en)", "label::Español (es)"],
    ["gender", "male", "Male", "Hombre"],
    ["gender", "female", "Female", "Mujer"],
    ["gender", "other", "Other", "Otro"],
    ["pizza_toppings", "cheese", "Cheese", "Queso"],
    ["pizza_toppings", "pepperoni", "Pepperoni", "Pepperoni"],
    ["pizza_toppings", "sausage", "Sausage", "Salchicha"],
    ["unused", "never", "Never used", "Nunca usada"],
]
SETTINGS: list[list[Cell]] = [
    ["form_title::English (en)", "form_title::Español (es)", "form_id", "version"],
    ["Household survey", "Encuesta de hogares", "household_survey", 2023011801],
]


@pytest.fixture(autouse=True)
def _english() -> Any:
    before = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


def _book(tmp_path: Path, survey: list[list[Cell]], choices: list[list[Cell]] | None = None,
          settings: list[list[Cell]] | None = None, name: str = "form.xlsx") -> Path:
    sheets = {"survey": survey}
    if choices is not None:
        sheets["choices"] = choices
    if settings is not None:
        sheets["settings"] = settings
    return write_xlsx(tmp_path / name, sheets)


def _read(path: Path, **options: Any) -> fieldsets.FieldSet:
    return fieldsets.parse(read_workbook(path, organization="Red Sur", **options).document)


def test_an_odk_style_form_becomes_a_field_set_with_its_types_lists_and_labels(
        tmp_path: Path) -> None:
    book = read_workbook(_book(tmp_path, SURVEY, CHOICES, SETTINGS), organization="Red Sur")
    assert book.left_out == [] and book.notes == []
    found = fieldsets.parse(book.document)
    assert (found.id, found.version, found.organization) == ("household-survey", 1, "Red Sur")
    assert dict(found.labels) == {"en": "Household survey", "es": "Encuesta de hogares"}
    assert [(f.key, f.type) for f in found.fields] == [
        ("name", "text"), ("age", "integer"), ("gender", "choose_one"),
        ("favorite_toppings", "choose_many"), ("location", "section"), ("place", "point"),
        ("date_of_event", "date"), ("distance", "decimal"), ("thanks", "section"),
        ("children", "group"), ("other_notes", "long_text")]
    assert all(f.applies_to == "incident" for f in found.fields)
    name, age = found.get("name"), found.get("age")
    assert name is not None and age is not None
    assert dict(name.labels) == {"en": "What is your name?", "es": "¿Cómo se llama?"}
    assert dict(name.help) == {"en": "Full name", "es": "Nombre completo"}
    required = {f.key for f in found.fields if f.required}
    assert required == {"name", "age", "favorite_toppings"}
    assert sorted(found.lists) == ["gender", "pizza_toppings"]  # the unused list is dropped
    assert [c.code for c in found.choices("gender")] == ["male", "female", "other"]
    assert found.choices("pizza_toppings")[2].labels == {"en": "Sausage", "es": "Salchicha"}
    favorite = found.get("favorite_toppings")
    assert favorite is not None and favorite.list_name == "pizza_toppings"
    children = found.get("children")
    assert children is not None and children.labels["es"] == "Hijos e hijas"
    assert [(c.key, c.type, c.required) for c in children.columns] == [
        ("child_name", "text", True), ("child_age", "integer", False)]
    location = found.get("location")
    assert location is not None and location.labels["en"] == "Location"


def test_sheet_names_are_matched_whatever_their_case_and_plain_labels_are_spanish(
        tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "Registro Red Sur.xlsx", {
        "Survey": [["Type", "Name", "Label", "Hint"],
                   ["text", "nombre", "Nombre", "Como figura en el DNI"]],
        "CHOICES": [["list_name", "name", "label"]]})
    book = read_workbook(path, organization="Red Sur", applies_to="person")
    found = fieldsets.parse(book.document)
    assert found.id == "registro-red-sur"
    field = found.fields[0]
    assert (field.key, field.applies_to) == ("nombre", "person")
    assert dict(field.labels) == {"es": "Nombre", "en": "Nombre"}
    assert dict(field.help) == {"es": "Como figura en el DNI", "en": "Como figura en el DNI"}
    assert book.notes == ["Some labels were only in Spanish; they were copied for English. "
                          "Correct them in the form editor."]


def test_spanish_only_labels_yes_no_lists_and_willay_columns(tmp_path: Path) -> None:
    survey: list[list[Cell]] = [
        ["type", "name", "label::Español", "label::Runasimi", "label::French (fr)",
         "willay::sensitivity", "willay::for"],
        ["select_one sino", "policia", "¿Había policía?", "¿Karqachu policía?", "Police?"],
        ["select_one yn", "herido", "¿Hubo heridos?", None, None, "Public"],
        ["acknowledge", "consiente", "Doy mi consentimiento"],
        ["begin group", "datos", "Datos de la persona", None, None, "legal", "person"],
        ["text", "dni", "DNI"],
        ["text", "apodo", "Apodo", None, None, "internal"],
        ["end group"],
        ["text", "lugar", "Lugar"],
    ]
    choices: list[list[Cell]] = [
        ["list_name", "name", "label::Español (es)"],
        ["sino", "Sí", "Sí"], ["sino", "no", "No"], ["yn", "YES", "Sí"], ["yn", "NO", "No"]]
    book = read_workbook(_book(tmp_path, survey, choices), organization="Red Sur")
    assert len(book.notes) == 1 and "copied for English" in book.notes[0]
    found = fieldsets.parse(book.document)
    assert found.lists == {}
    types = {f.key: (f.type, f.sensitivity, f.applies_to) for f in found.fields}
    assert types == {
        "policia": ("yes_no", "partners", "incident"),
        "herido": ("yes_no", "public", "incident"),
        "consiente": ("yes_no", "partners", "incident"),
        "datos": ("section", "partners", "person"),
        "dni": ("text", "legal", "person"), "apodo": ("text", "internal", "person"),
        "lugar": ("text", "partners", "incident")}
    policia = found.get("policia")
    assert policia is not None
    assert dict(policia.labels) == {"es": "¿Había policía?", "en": "¿Había policía?",
                                    "qu": "¿Karqachu policía?"}


def test_questions_of_types_that_do_not_map_are_named_or_left_out_when_asked(
        tmp_path: Path) -> None:
    survey: list[list[Cell]] = [*SURVEY[:6],
              ["image", "photo", "Take a photo", "Tome una foto"],
              ["geotrace", "route", "Walk the route", "Recorra la ruta"],
              *SURVEY[6:]]
    path = _book(tmp_path, survey, CHOICES, SETTINGS)
    with pytest.raises(ValidationError) as refused:
        read_workbook(path, organization="Red Sur")
    message = str(refused.value)
    assert "photo (row 7, image)" in message and "route (row 8, geotrace)" in message
    assert "select_one" in message and "begin repeat" in message
    book = read_workbook(path, organization="Red Sur", skip_unmapped=True)
    assert book.left_out == [Left("photo", "image", 7), Left("route", "geotrace", 8)]
    found = fieldsets.parse(book.document)
    assert found.get("photo") is None and found.get("name") is not None
    assert len(found.fields) == 11


def test_a_group_or_repeat_inside_a_repeat_is_left_out_with_what_it_holds(
        tmp_path: Path) -> None:
    survey: list[list[Cell]] = [
        ["type", "name", "label"],
        ["begin repeat", "hogares", "Hogares"],
        ["text", "jefe", "Jefe de hogar"],
        ["begin repeat", "miembros", "Miembros"],
        ["text", "miembro", "Nombre"],
        ["end repeat"],
        ["note", "aviso", "Siga"],
        ["end repeat"],
        ["begin_repeat", "vacia", "Vacía"],
        ["image", "foto", "Foto"],
        ["end_repeat"],
    ]
    path = _book(tmp_path, survey)
    with pytest.raises(ValidationError, match=r"miembros \(row 4, begin repeat\)"):
        read_workbook(path, organization="Red Sur")
    book = read_workbook(path, organization="Red Sur", skip_unmapped=True)
    assert book.left_out == [Left("miembros", "begin repeat", 4), Left("aviso", "note", 7),
                             Left("vacia", "begin_repeat", 9), Left("foto", "image", 10)]
    found = fieldsets.parse(book.document)
    assert [f.key for f in found.fields] == ["hogares"]
    assert [c.key for c in found.fields[0].columns] == ["jefe"]


@pytest.mark.parametrize(("survey", "choices", "says"), [
    ([["type", "name", "label"], ["select_one weapons", "arma", "Arma"]],
     [["list_name", "name", "label"], ["armas", "bala", "Bala"]],
     r"row 2: the question arma chooses from the list of choices weapons, which is not"),
    ([["type", "name", "label"], ["select_one weapons", "arma", "Arma"]], None,
     r"row 2: .* list of choices weapons, which is not on the choices sheet"),
    ([["type", "name", "label"], ["text", "Lugar", "Lugar"], ["integer", "lugar", "Otro"]],
     None, r"rows 2 and 3: two questions are named lugar"),
    ([["type", "name", "label"], ["text", "año", "Año"]], None,
     r"row 2: the name 'año' cannot be used"),
    ([["type", "name", "label"], ["text", "", "Sin nombre"]], None,
     r"row 2: the question has no name"),
    ([["type", "label"], ["text", "Lugar"]], None, r"the survey sheet has no name column"),
    ([["type", "name", "label"], ["select_one armas", "arma", "Arma"]],
     [["list_name", "name", "label"], ["armas", "bala", "Bala"], ["armas", None, "Otra"]],
     r"choices sheet, row 3: a choice of the list armas has no name"),
    ([["type", "name", "label"], ["select_one armas", "arma", "Arma"]],
     [["list_name", "name", "label"], ["armas", "Bala", "Bala"], ["armas", "bala", "Otra"]],
     r"choices sheet, rows 2 and 3: the list armas has two choices named bala"),
    ([["type", "name", "label", "willay::sensitivity"], ["text", "x", "X", "secret"]], None,
     r"row 2: 'secret' is not a sensitivity"),
    ([["type", "name", "label"], ["end group"]], None, r"row 2: this end of a group"),
])
def test_a_form_that_does_not_hold_together_is_refused_saying_where(
        tmp_path: Path, survey: list[list[Cell]], choices: list[list[Cell]] | None,
        says: str) -> None:
    with pytest.raises(ValidationError, match=says):
        read_workbook(_book(tmp_path, survey, choices), organization="Red Sur")


def test_files_that_are_not_forms_are_refused(tmp_path: Path) -> None:
    text = tmp_path / "form.xlsx"
    text.write_text("type,name,label\ntext,name,Name\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"form\.xlsx is not an Excel workbook"):
        read_workbook(text, organization="Red Sur")
    other = write_xlsx(tmp_path / "budget.xlsx", {"Sheet1": [["a", 1]]})
    with pytest.raises(ValidationError, match="has no survey sheet"):
        read_workbook(other, organization="Red Sur")
    bad_id = _book(tmp_path, [["type", "name", "label"], ["text", "x", "X"]],
                   settings=[["form_id"], ["registro_año"]])
    with pytest.raises(ValidationError, match=r"id 'registro_año' cannot be used"):
        read_workbook(bad_id, organization="Red Sur")


def test_a_zip_bomb_and_an_endless_form_are_refused_before_being_read(
        tmp_path: Path) -> None:
    made = _book(tmp_path, [["type", "name", "label"], ["text", "x", "X"]])
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(made) as source, \
            zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            archive.writestr(name, b"\0" * (50 * 1024 * 1024 + 1)
                             if name == "xl/sharedStrings.xml" else source.read(name))
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(ValidationError, match="larger than 50 MB"):
        read_workbook(bomb, organization="Red Sur")
    rows: list[list[Cell]] = [["type", "name", "label"]]
    rows += [["text", f"q{i}", f"Pregunta {i}"] for i in range(2001)]
    with pytest.raises(ValidationError, match="2001 rows; a form can have at most 2000"):
        read_workbook(_book(tmp_path, rows, name="long.xlsx"), organization="Red Sur")


def test_the_written_workbook_is_real_xlsx_read_without_willay(tmp_path: Path) -> None:
    path = _book(tmp_path, SURVEY, CHOICES, SETTINGS)
    with zipfile.ZipFile(path) as archive:
        parts = {name: ET.fromstring(archive.read(name))  # noqa: S314 - our own file
                 for name in archive.namelist()}
    types = parts["[Content_Types].xml"]
    declared = {o.get("PartName") for o in types}
    assert {f"/{n}" for n in parts if n.startswith("xl/") and not n.endswith(".rels")} \
        <= declared
    office = parts["_rels/.rels"].find(f"{{{PACKAGE_REL}}}Relationship")
    assert office is not None and office.get("Target") == "xl/workbook.xml"
    sheets = parts["xl/workbook.xml"].findall(f"{{{MAIN}}}sheets/{{{MAIN}}}sheet")
    assert [s.get("name") for s in sheets] == ["survey", "choices", "settings"]
    targets = {r.get("Id"): r.get("Target") for r in parts["xl/_rels/workbook.xml.rels"]}
    strings = [si.findtext(f"{{{MAIN}}}t") for si in parts["xl/sharedStrings.xml"]]
    survey = parts[f"xl/{targets[sheets[0].get(f'{{{REL}}}id')]}"]
    cells = {c.get("r"): c for c in survey.iter(f"{{{MAIN}}}c")}
    assert strings[int(cells["C6"].findtext(f"{{{MAIN}}}v") or "")] == "What is your name?"
    assert cells["G9"].get("t") is None and cells["G9"].findtext(f"{{{MAIN}}}v") == "1.0"
    assert all(re.fullmatch(r"[A-Z]+\d+", ref or "") for ref in cells)
    assert "styleSheet" in parts["xl/styles.xml"].tag


def test_the_reader_takes_rich_text_inline_strings_and_missing_cells(tmp_path: Path) -> None:
    path = tmp_path / "libre.xlsx"
    ns = f'xmlns="{MAIN}" xmlns:r="{REL}"'
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", f'<workbook {ns}><sheets><sheet name=" Survey "'
                         ' sheetId="1" r:id="rId7"/></sheets></workbook>')
        archive.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PACKAGE_REL}">'
                         '<Relationship Id="rId7" Target="/xl/worksheets/hoja.xml"/>'
                         '</Relationships>')
        archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}"><si><r><t>¿Cómo </t>'
                         '</r><r><rPr><b/></rPr><t>se llama?</t></r></si></sst>')
        archive.writestr("xl/worksheets/hoja.xml", f'<worksheet {ns}><sheetData>'
                         '<row r="1"><c r="A1" t="inlineStr"><is><t>type</t></is></c>'
                         '<c r="C1" t="str"><v>name</v></c></row>'
                         '<row r="4"><c r="C4" t="s"><v>0</v></c><c r="D4" t="b"><v>1</v></c>'
                         '<c r="E4"><v>3.0</v></c><c r="F4"><v>2.5</v></c></row>'
                         '</sheetData></worksheet>')
    assert read_sheets(path, ["survey", "choices"]) == {
        "survey": [(1, {1: "type", 3: "name"}),
                   (4, {3: "¿Cómo se llama?", 4: "TRUE", 5: "3", 6: "2.5"})]}



@pytest.mark.parametrize(("column", "lang"), [
    ("Español (es)", "es"), ("English (en)", "en"), ("Quechua (qu)", "qu"),
    ("Aymara (ay)", "ay"), ("Spanish", "es"), ("español", "es"), ("ENGLISH", "en"),
    ("Runasimi", "qu"), ("Inglés", "en"), ("Castellano (es-PE)", "es"), ("es", "es"),
    ("Quechua (quz)", "qu"), ("Aimara", "ay"), ("French (fr)", None), ("Português", None),
])
def test_label_columns_are_known_by_their_code_or_the_name_of_their_language(
        column: str, lang: str | None) -> None:
    assert language(column) == lang


def test_the_default_language_hints_alone_and_a_group_without_a_label(tmp_path: Path) -> None:
    survey: list[list[Cell]] = [
        ["type", "name", "label", "label::Español (es)", "hint", "willay::for"],
        ["begin group", "page_one", None, None, None, "testimony"],
        ["text", "witness", "Witness", "Testigo", "As they give it"],
        ["end group"],
        ["date", "seen_on", "Date seen"],
        ["string", "place", None, None, None, "someone"],
    ]
    path = _book(tmp_path, survey[:5], settings=[["default_language"], ["English (en)"]])
    book = read_workbook(path, organization="Red Sur")
    found = fieldsets.parse(book.document)
    assert [(f.key, f.type, f.applies_to) for f in found.fields] == [
        ("witness", "text", "testimony"), ("seen_on", "date", "incident")]
    witness, seen_on = found.fields
    assert dict(witness.help) == {"en": "As they give it", "es": "As they give it"}
    assert dict(seen_on.labels) == {"en": "Date seen", "es": "Date seen"}
    assert book.notes == ["Some labels were only in English; they were copied for Spanish. "
                          "Correct them in the form editor."]
    with pytest.raises(ValidationError, match=r"row 6: 'someone' is not a kind of record"):
        read_workbook(_book(tmp_path, survey, name="other.xlsx"), organization="Red Sur")


def test_a_question_without_any_label_takes_its_name_and_says_so(tmp_path: Path) -> None:
    survey: list[list[Cell]] = [["type", "name", "label::Quechua (qu)"],
                                ["text", "sutin", "Sutin"], ["integer", "edad"]]
    book = read_workbook(_book(tmp_path, survey), organization="Red Sur")
    found = fieldsets.parse(book.document)
    assert dict(found.fields[0].labels) == {"qu": "Sutin", "es": "Sutin", "en": "Sutin"}
    assert dict(found.fields[1].labels) == {"es": "edad", "en": "edad"}
    assert len(book.notes) == 2 and "their names were used" in book.notes[1]


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_a_workbook_bent_anywhere_is_refused_in_words_or_read(
        tmp_path: Path, data: st.DataObject) -> None:
    path = tmp_path / "bent.xlsx"
    if not (tmp_path / "good.xlsx").exists():
        _book(tmp_path, SURVEY, CHOICES, SETTINGS, name="good.xlsx")
    bent = bytearray((tmp_path / "good.xlsx").read_bytes())
    for _ in range(data.draw(st.integers(1, 6))):
        bent[data.draw(st.integers(0, len(bent) - 1))] = data.draw(st.integers(0, 255))
    path.write_bytes(bytes(bent[:data.draw(st.integers(0, len(bent)))]))
    with contextlib.suppress(WillayError):
        read_workbook(path, organization="Red Sur", skip_unmapped=True)


def test_choices_numbered_as_odk_forms_often_do_get_codes_and_a_note(tmp_path: Path) -> None:
    read = read_workbook(_book(
        tmp_path, [["type", "name", "label"], ["select_one armas", "arma", "Arma"]],
        [["list_name", "name", "label"], ["armas", "1", "Bala"], ["armas", 2, "Perdigón"]]),
        organization="Red Sur")
    fieldset = fieldsets.parse(read.document)
    assert [c.code for c in fieldset.choices("armas")] == ["c_1", "c_2"]
    assert [c.labels["es"] for c in fieldset.choices("armas")] == ["Bala", "Perdigón"]
    assert any("c_1" in note for note in read.notes)
