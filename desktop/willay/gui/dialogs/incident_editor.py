"""The incident editor: every field of an incident, checked by the core on save."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from willay.core.errors import WillayError
from willay.gui.archive import Archive
from willay.gui.dialogs.custom_fields import organization_fields, with_organization_tab
from willay.gui.dialogs.fields import CodeList, PlacePicker, save_record
from willay.gui.dialogs.unsaved import RecordEditor, fold
from willay.gui.labels import term
from willay.gui.widgets import buddy_label, line, message_label

PRECISIONS = ("day", "month", "approximate")


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class IncidentEditor(RecordEditor):
    """Create or revise an incident; unsaved changes are asked about, or kept at a lock."""

    kind = "incident"

    saved = Signal(str)
    """Emits: the id of the incident just saved."""

    def __init__(self, archive: Archive, incident_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(archive, incident_id, parent)
        self.setWindowTitle(self.tr("Edit incident") if incident_id else self.tr("New incident"))
        self.setObjectName("incidentEditor")
        self.resize(1000, 700)

        self.title = line(self.tr("Title"))
        self.start = QDateEdit()
        self.start.setAccessibleName(self.tr("Date it occurred"))
        self.precision = QComboBox()
        self.precision.setAccessibleName(self.tr("Date precision"))
        for code, text in zip(PRECISIONS, (self.tr("Exact day"), self.tr("Month only"),
                                           self.tr("Approximate")), strict=True):
            self.precision.addItem(text, code)
        self.has_end = QCheckBox(self.tr("&Until"))
        self.has_end.setAccessibleName(self.tr("It lasted several days"))
        self.end = QDateEdit()
        self.end.setAccessibleName(self.tr("Last day"))
        self.end.setEnabled(False)
        today = QDate.currentDate()
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setMaximumDate(today)
            edit.setDate(today)
        self.district = PlacePicker(self.tr("District"))
        self.district.setPlaceholderText(self.tr("Type a district, e.g. juliaca"))
        self.place_text = line(self.tr("Place details"),
                               self.tr("Bridge, square, road, community…"))
        coordinate = QDoubleValidator(-180.0, 180.0, 6)
        coordinate.setNotation(QDoubleValidator.Notation.StandardNotation)
        self.latitude = line(self.tr("Latitude"), "-15.4900")
        self.longitude = line(self.tr("Longitude"), "-70.1333")
        self.latitude.setValidator(coordinate)
        self.longitude.setValidator(coordinate)
        self.killed = self._count(self.tr("Killed"))
        self.injured = self._count(self.tr("Injured"))
        self.detained = self._count(self.tr("Detained"))
        self.status = QComboBox()
        self.status.setAccessibleName(self.tr("Status"))
        for code in ("draft", "reviewed"):
            self.status.addItem(term("incident_status", code), code)
        self.violations = CodeList("violations", self.tr("Violations"))
        self.perpetrators = CodeList("perpetrators", self.tr("Perpetrators"))
        self.narrative = QPlainTextEdit()
        self.narrative.setAccessibleName(self.tr("Narrative"))
        self.narrative.setTabChangesFocus(True)
        self.error = message_label("incidentError")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)

        dates = QHBoxLayout()
        dates.addWidget(self.start)
        dates.addWidget(self.precision)
        dates.addWidget(self.has_end)
        dates.addWidget(self.end)
        dates.addStretch(1)
        coordinates = QHBoxLayout()
        coordinates.addWidget(self.latitude)
        coordinates.addWidget(self.longitude)
        counts = QHBoxLayout()
        for label_text, spin in ((self.tr("&Killed:"), self.killed),
                                 (self.tr("&Injured:"), self.injured),
                                 (self.tr("&Detained:"), self.detained)):
            label = QLabel(label_text)
            label.setBuddy(spin)
            counts.addWidget(label)
            counts.addWidget(spin)
        counts.addStretch(1)

        form = QFormLayout()
        form.addRow(self.tr("&Title:"), self.title)
        form.addRow(buddy_label(self.tr("&Occurred:"), self.start), dates)
        form.addRow(self.tr("Di&strict:"), self.district)
        form.addRow(self.tr("Place detai&ls:"), self.place_text)
        form.addRow(self.tr("Coordinates (optional):"), coordinates)
        form.addRow(self.tr("People affected:"), counts)
        form.addRow(self.tr("St&atus:"), self.status)
        narrative_box = QVBoxLayout()
        narrative_label = QLabel(self.tr("&Narrative: what happened, in order"))
        narrative_label.setBuddy(self.narrative)
        narrative_box.addWidget(narrative_label)
        narrative_box.addWidget(self.narrative)
        form_and_text = QVBoxLayout()
        form_and_text.addLayout(form)
        form_and_text.addLayout(narrative_box, 1)

        codes = QVBoxLayout()
        violations_box = QGroupBox(self.tr("&Violations"))
        QVBoxLayout(violations_box).addWidget(self.violations)
        perpetrators_box = QGroupBox(self.tr("&Perpetrators"))
        QVBoxLayout(perpetrators_box).addWidget(self.perpetrators)
        codes.addWidget(violations_box, 3)
        codes.addWidget(perpetrators_box, 2)

        columns = QHBoxLayout()
        columns.addLayout(form_and_text, 3)
        columns.addLayout(codes, 2)
        self.organization = organization_fields(archive, "incident", incident_id)
        layout = QVBoxLayout(self)
        layout.addWidget(with_organization_tab(columns, self.organization,
                                               self.tr("Incident")), 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self.has_end.toggled.connect(self.end.setEnabled)
        self.precision.currentIndexChanged.connect(self._precision_changed)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        if incident_id:
            self._load(incident_id)
        self.mark_clean()

    @property
    def incident_id(self) -> str | None:
        """The incident edited (None until a new one is saved)."""
        return self.record_id

    def _count(self, accessible: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(0, 1_000_000)
        spin.setAccessibleName(accessible)
        return spin

    def _precision_changed(self) -> None:
        fmt = "yyyy-MM" if self.precision.currentData() == "month" else "yyyy-MM-dd"
        self.start.setDisplayFormat(fmt)
        self.end.setDisplayFormat(fmt)

    def _load(self, incident_id: str) -> None:
        fields = self.archive.record(incident_id).fields or {}
        self.title.setText(fields.get("title", ""))
        occurred = fields.get("occurred", {})
        start = date.fromisoformat(occurred["start"])
        end = date.fromisoformat(occurred["end"])
        precision = occurred.get("precision", "day")
        self.precision.setCurrentIndex(max(0, PRECISIONS.index(precision)))
        self.start.setDate(_qdate(start))
        month_span = precision == "month" and (start.year, start.month) == (end.year, end.month)
        if end != start and not month_span:
            self.has_end.setChecked(True)
            self.end.setDate(_qdate(end))
        place = fields.get("place", {})
        self.district.set_ubigeo(place.get("ubigeo"))
        self.place_text.setText(place.get("text", ""))
        self.latitude.setText(place.get("latitude") or "")
        self.longitude.setText(place.get("longitude") or "")
        self.violations.set_codes(fields.get("violations", []))
        self.perpetrators.set_codes(fields.get("perpetrators", []))
        self.killed.setValue(fields.get("killed", 0))
        self.injured.setValue(fields.get("injured", 0))
        self.detained.setValue(fields.get("detained", 0))
        self.narrative.setPlainText(fields.get("narrative", ""))
        self.status.setCurrentIndex(max(0, self.status.findData(fields.get("status", "draft"))))

    def fields(self) -> dict[str, Any]:
        """The fields as typed, in the core's form (checked by the core on save)."""
        if self.district.text().strip() and self.district.ubigeo is None:
            raise WillayError(self.tr(
                "Choose the district from the list that appears while you type, or leave it "
                "empty and describe the place in Place details."))
        return self._typed()

    def _typed(self) -> dict[str, Any]:
        precision = str(self.precision.currentData())
        fmt = "%Y-%m" if precision == "month" else "%Y-%m-%d"
        occurred: dict[str, Any] = {"text": _pydate(self.start.date()).strftime(fmt),
                                    "precision": precision}
        if self.has_end.isChecked():
            occurred["until"] = _pydate(self.end.date()).strftime(fmt)
        return {
            "title": self.title.text(),
            "occurred": occurred,
            "place": {"ubigeo": self.district.ubigeo, "text": self.place_text.text(),
                      "latitude": self.latitude.text().strip() or None,
                      "longitude": self.longitude.text().strip() or None},
            "violations": self.violations.codes(),
            "perpetrators": self.perpetrators.codes(),
            "killed": self.killed.value(),
            "injured": self.injured.value(),
            "detained": self.detained.value(),
            "narrative": self.narrative.toPlainText(),
            "status": self.status.currentData(),
        }

    def draft_fields(self, careful: bool) -> dict[str, Any]:
        """The values typed, as a draft incident: a district not chosen from the list goes
        into the place details, a missing title gets one; carefully, the coordinates too."""
        fields = self._typed()
        place = fields["place"]
        extra = []
        if self.district.ubigeo is None:
            extra.append(self.district.text().strip())
        if careful and (place["latitude"] or place["longitude"]):
            extra.append(f"{place['latitude'] or ''} {place['longitude'] or ''}".strip())
            place["latitude"] = place["longitude"] = None
        place["text"] = fold(place["text"], *extra)
        fields["title"] = fields["title"].strip() or self.tr("Draft without a title")
        fields["status"] = "draft"
        return fields

    def save(self) -> None:
        """Save through the core; a refusal is shown here and nothing is lost."""
        record_id = save_record(self.archive, "incident", self.incident_id, self.fields,
                                self.error, self.organization_values())
        if record_id is None:
            return
        self.record_id = record_id
        self.mark_clean()
        self.saved.emit(record_id)
        self.accept()
