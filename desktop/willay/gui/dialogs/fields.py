"""What the record editors share: code lists, place picker, consent chooser, saving."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCompleter,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from willay.core.errors import WillayError
from willay.core.reference.gazetteer import gazetteer
from willay.core.reference.vocabularies import vocabulary
from willay.gui.archive import Archive
from willay.gui.i18n import current_language
from willay.gui.labels import description, place
from willay.gui.rows import OrganizationValues


def save_record(archive: Archive, kind: str, record_id: str | None,
                fields: Callable[[], dict[str, Any]], error: QLabel,
                custom: OrganizationValues | None = None) -> str | None:
    """Read an editor's fields and save them through the core, with the organization's
    fields when given, in one unit of work; return the record id.

    A refusal (from the editor's own checks or the core's) is shown in ``error`` and None
    is returned, so the editor stays open with everything the user typed.
    """
    try:
        return archive.save(kind, record_id, fields(), custom)
    except WillayError as exc:
        error.setText(str(exc))
        error.show()
        return None


CONSENT_COLOURS = {
    "internal": "#fde2e1",
    "partners": "#fff3cd",
    "legal": "#e2ecfb",
    "public": "#dff3e4",
}


class CodeList(QListWidget):
    """A checkable list of one vocabulary's terms, labelled in the window's language."""

    def __init__(self, vocab: str, accessible: str, parent: QWidget | None = None, *,
                 limit: int | None = None, show_code: bool = False) -> None:
        super().__init__(parent)
        self.vocab = vocab
        self.setAccessibleName(accessible)
        for term in vocabulary(vocab).terms[:limit]:
            text = term.label(current_language())
            item = QListWidgetItem(f"{text} ({term.code})" if show_code else text)
            item.setData(Qt.ItemDataRole.UserRole, term.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            tip = term.description(current_language())
            if tip:
                item.setToolTip(tip)
            self.addItem(item)
        # As wide as its longest term: a cut-off name cannot be read or told apart.
        self.setMinimumWidth(self.content_width())

    def content_width(self) -> int:
        """The width that shows every term whole, with its check box and a scroll bar."""
        return (self.sizeHintForColumn(0) + 2 * self.frameWidth()
                + self.verticalScrollBar().sizeHint().width() + 8)

    def set_codes(self, codes: list[str]) -> None:
        """Check exactly these codes."""
        wanted = set(codes)
        for i in range(self.count()):
            item = self.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def codes(self) -> list[str]:
        """The checked codes."""
        return [str(self.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.count())
                if self.item(i).checkState() == Qt.CheckState.Checked]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Space toggles the current item, for keyboard users."""
        item = self.currentItem()
        if event.key() == Qt.Key.Key_Space and item is not None:
            item.setCheckState(Qt.CheckState.Unchecked
                               if item.checkState() == Qt.CheckState.Checked
                               else Qt.CheckState.Checked)
            return
        super().keyPressEvent(event)


class PlacePicker(QLineEdit):
    """A district of Peru chosen by typing part of its name (accents and case ignored)."""

    def __init__(self, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible)
        self.ubigeo: str | None = None
        self._choices: dict[str, str] = {}
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        self.textEdited.connect(self._suggest)
        completer.activated.connect(self._chosen)

    def _suggest(self, text: str) -> None:
        self.ubigeo = None
        found = [p for p in gazetteer().search(text, 60) if p.level == "district"][:15]
        self._choices = {f"{p.full_name} ({p.code})": p.code for p in found}
        self._model.setStringList(list(self._choices))
        if self._choices:
            self.completer().complete()

    def _chosen(self, text: str) -> None:
        self.ubigeo = self._choices.get(text)
        if self.ubigeo:
            self.setText(place(self.ubigeo))

    def suggestions(self) -> list[str]:
        """The names offered for the text typed so far."""
        return self._model.stringList()

    def choose(self, text: str) -> None:
        """Pick one of the offered names (as clicking it in the popup does)."""
        self._chosen(text)

    def set_ubigeo(self, code: str | None) -> None:
        """Show a district by its code."""
        self.ubigeo = code or None
        self.setText(place(code) if code else "")


class ConsentChooser(QWidget):
    """The consent scope as a radio group under a coloured banner that explains it."""

    changed = Signal(str)
    """Emits: the consent scope chosen."""

    def __init__(self, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setObjectName("consentBanner")
        self.banner.setAccessibleName(self.tr("Who may see it"))
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        for term in vocabulary("consent_scopes").terms:
            button = QRadioButton(term.label(current_language()))
            button.setAccessibleName(term.label(current_language()))
            button.setToolTip(term.description(current_language()) or "")
            self.group.addButton(button)
            self.buttons[term.code] = button
            layout.addWidget(button)
            button.toggled.connect(lambda on, code=term.code: self._toggled(on, code))
        self.set_scope("internal")

    def set_scope(self, code: str) -> None:
        """Select a consent scope."""
        button = self.buttons.get(code) or self.buttons["internal"]
        button.setChecked(True)
        self._show(code if code in self.buttons else "internal")

    def scope(self) -> str:
        """The chosen consent scope."""
        for code, button in self.buttons.items():
            if button.isChecked():
                return code
        return "internal"

    def _toggled(self, on: bool, code: str) -> None:
        if on:
            self._show(code)

    def _show(self, code: str) -> None:
        self.banner.setText(self.tr("Who may see it: %s") % description("consent_scopes", code))
        self.banner.setStyleSheet(
            f"background: {CONSENT_COLOURS.get(code, '#eeeeee')}; color: #1a1a1a; "
            "border: 1px solid #9e9e9e; border-radius: 4px; padding: 8px; font-weight: bold;")
        self.changed.emit(code)
