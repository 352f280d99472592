"""Never lose typing: the question before unsaved changes go, and drafts kept at a lock.

Every editor asks the same question, in the same words and with the same buttons, before
what was typed is dropped (:func:`ask_discard`). The record editors share
:class:`RecordEditor`: it knows whether anything changed since the record was loaded,
asks on Escape, Cancel and the window's close button, and when the vault locks keeps the
pending values as a draft revision inside the vault (:meth:`RecordEditor.keep_draft`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateEdit,
    QDialog,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QWidget,
)

from willay.core.errors import WillayError
from willay.gui.archive import Archive
from willay.gui.dialogs.custom_fields import OrganizationFields
from willay.gui.rows import OrganizationValues

DISCARD_BOX = "discardChanges"


def ask_discard(parent: QWidget, on_discard: Callable[[], None], text: str = "",
                object_name: str = DISCARD_BOX) -> QMessageBox:
    """Ask whether to drop unsaved changes, without blocking the window; return the box.

    "Keep editing" is the default and the Escape answer, so a second Escape (or Enter)
    loses nothing; only "Discard" calls ``on_discard``.
    """
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("Unsaved", "Unsaved changes"))
    box.setText(QCoreApplication.translate("Unsaved", "Discard your changes?"))
    box.setInformativeText(text or QCoreApplication.translate(
        "Unsaved", "What you typed here has not been saved. If you discard it, it is lost."))
    box.setStandardButtons(QMessageBox.StandardButton.Discard
                           | QMessageBox.StandardButton.Cancel)
    box.setObjectName(object_name)
    # Qt's box wraps the explanation at a narrow width; give it room for two lines.
    box.setStyleSheet("QLabel#qt_msgbox_informativelabel { min-width: 26em; }")
    discard = box.button(QMessageBox.StandardButton.Discard)
    keep = box.button(QMessageBox.StandardButton.Cancel)
    discard.setText(QCoreApplication.translate("Unsaved", "&Discard"))
    keep.setText(QCoreApplication.translate("Unsaved", "&Keep editing"))
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)

    def answered(answer: int) -> None:
        if answer == QMessageBox.StandardButton.Discard:
            on_discard()

    box.finished.connect(answered)
    box.open()
    return box


def form_state(dialog: QWidget) -> tuple[Any, ...]:
    """The values of every input of ``dialog`` itself (not of dialogs it opened)."""
    values: list[Any] = []
    for widget in dialog.findChildren(QWidget):
        if widget.window() is not dialog:
            continue
        if isinstance(widget, QLineEdit):
            values.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            values.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            values.append(widget.currentData())
        elif isinstance(widget, QSpinBox):
            values.append(widget.value())
        elif isinstance(widget, QDateEdit):
            values.append(widget.date().toString(Qt.DateFormat.ISODate))
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            values.append(widget.isChecked())
        elif isinstance(widget, QListWidget):
            values.append(tuple(widget.item(i).checkState().value
                                for i in range(widget.count())))
        elif isinstance(widget, QTableWidget):
            values.append(tuple(
                (item.text() if (item := widget.item(row, column)) is not None else None)
                for row in range(widget.rowCount()) for column in range(widget.columnCount())))
    return tuple(values)


@dataclass(frozen=True)
class Draft:
    """What became of an editor's unsaved changes when the vault locked."""

    kind: str
    record_id: str | None
    """The record now holding the draft, or None if it could not be kept."""
    window_title: str


class RecordEditor(QDialog):
    """An incident, person or testimony editor that never loses what was typed.

    Subclasses set :attr:`kind`, keep :attr:`record_id` current, call :meth:`mark_clean`
    once the record is loaded, and give their values as a draft in :meth:`draft_fields`.
    """

    kind = ""
    discard_box: QMessageBox | None = None
    organization: OrganizationFields | None = None
    """The organization's own fields, when the vault has a field set for this kind."""

    def __init__(self, archive: Archive, record_id: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self.record_id = record_id
        self._clean: tuple[Any, ...] = ()
        self._leaving = False

    def mark_clean(self) -> None:
        """Take the fields as they are now as the saved state."""
        self._clean = form_state(self)

    @property
    def dirty(self) -> bool:
        """Whether anything was changed since the record was loaded or saved."""
        return form_state(self) != self._clean

    def reject(self) -> None:
        """Leave (Escape, Cancel, the close button); with unsaved changes, ask first."""
        if self._leaving or not self.dirty:
            self._leave()
            return
        if self.discard_box is None:
            self.discard_box = ask_discard(self, self._leave)
        elif not self.discard_box.isVisible():
            self.discard_box.open()

    def discard(self) -> None:
        """Close without asking (the vault is locking; drafts were kept before)."""
        self._leave()

    def _leave(self) -> None:
        self._leaving = True
        if self.discard_box is not None:
            self.discard_box.close()
        super().reject()

    def organization_values(self, draft: bool = False) -> OrganizationValues | None:
        """The organization fields as typed, to save with the record (None without them)."""
        if self.organization is None:
            return None
        return OrganizationValues(self.organization.fieldset, self.organization.values(),
                                  draft)

    def draft_fields(self, careful: bool) -> dict[str, Any]:
        """The values typed, as fields the core takes even if unfinished.

        With ``careful``, values the core may refuse are moved into the record's free
        text instead of being lost. Raises WillayError when no draft can be made.
        """
        raise NotImplementedError

    def keep_draft(self) -> Draft | None:
        """Save unsaved changes as a draft revision inside the vault (before it locks).

        Returns None when there was nothing unsaved; a Draft without record id when the
        core refused even the careful draft.
        """
        if not self.dirty or self._leaving:
            return None
        for careful in (False, True):
            # Carefully, the organization fields wait: a value the core refuses must not
            # cost the record's own draft.
            custom = None if careful else self.organization_values(draft=True)
            try:
                record_id = self.archive.save(self.kind, self.record_id,
                                              self.draft_fields(careful), custom)
            except WillayError:
                continue
            self.record_id = record_id
            self.mark_clean()
            return Draft(self.kind, record_id, self.windowTitle())
        return Draft(self.kind, None, self.windowTitle())


def fold(text: str, *extra: str) -> str:
    """Append the non-empty ``extra`` lines to a free text (for a careful draft)."""
    lines = [line for line in extra if line.strip()]
    return "\n".join([text, *lines]) if text.strip() else "\n".join(lines)
