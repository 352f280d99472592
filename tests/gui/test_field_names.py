"""Field values as the side-by-side views show them."""

from __future__ import annotations

from willay.gui.field_names import field_value


def test_stored_dates_read_as_people_write_them() -> None:
    def stored(start: str, end: str, precision: str) -> dict[str, str]:
        return {"start": start, "end": end, "precision": precision}

    assert field_value("occurred", stored("2023-01-09", "2023-01-09", "day")) == "2023-01-09"
    assert field_value("occurred", stored("2023-01-01", "2023-01-31", "month")) == "2023-01"
    assert field_value("occurred", stored("2023-03-02", "2023-03-03", "day")) \
        == "2023-03-02 – 2023-03-03"
    assert field_value("recorded_date", stored("2023-03-02", "2023-03-02", "approximate")) \
        == "~2023-03-02"
