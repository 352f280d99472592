"""Department, province and district choosers that narrow each other (search, reports)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from willay.core.reference.gazetteer import gazetteer


class PlaceFilter(QWidget):
    """Three choosers; a province lists only its districts, a department its provinces."""

    def __init__(self, stretch: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.department = QComboBox()
        self.department.setAccessibleName(self.tr("Department"))
        self.province = QComboBox()
        self.province.setAccessibleName(self.tr("Province"))
        self.district = QComboBox()
        self.district.setAccessibleName(self.tr("District"))
        self.department.addItem(self.tr("Any department"), None)
        for found in gazetteer().departments():
            self.department.addItem(found.name, found.code)
        self._fill_provinces()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for box in (self.department, self.province, self.district):
            layout.addWidget(box, 1 if stretch else 0)
        self.department.currentIndexChanged.connect(self._fill_provinces)
        self.province.currentIndexChanged.connect(self._fill_districts)

    def code(self) -> str | None:
        """The most precise place chosen (a district, province or department code), if any."""
        found = (self.district.currentData() or self.province.currentData()
                 or self.department.currentData())
        return str(found) if found else None

    def clear(self) -> None:
        """Choose any place again."""
        self.department.setCurrentIndex(0)

    def _fill_provinces(self) -> None:
        self.province.blockSignals(True)
        self.province.clear()
        self.province.addItem(self.tr("Any province"), None)
        code = self.department.currentData()
        if code:
            for found in gazetteer().provinces_in(code):
                self.province.addItem(found.name, found.code)
        self.province.blockSignals(False)
        self._fill_districts()

    def _fill_districts(self) -> None:
        self.district.clear()
        self.district.addItem(self.tr("Any district"), None)
        code = self.province.currentData()
        if code:
            for found in gazetteer().districts_in(code):
                self.district.addItem(found.name, found.code)
