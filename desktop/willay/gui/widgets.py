"""Small building blocks shared by pages and dialogs."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QProgressBar, QTreeWidget, QWidget


def heading(text: str, level: int = 1) -> QLabel:
    """Return a bold title label."""
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * (1.6 if level == 1 else 1.2))
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def note(text: str) -> QLabel:
    """Return a wrapped explanatory label."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def message_label(object_name: str) -> QLabel:
    """Return a label for inline error messages (red, wrapped, hidden until used)."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet("color: #b00020;")
    label.setAccessibleName(object_name)
    label.hide()
    return label


def clear_when_valid(label: QLabel, valid: Callable[[], bool], *inputs: QLineEdit) -> None:
    """Hide the error in ``label`` as soon as a change to any of ``inputs`` makes ``valid``
    true: a message about a value that has been put right would only mislead."""
    def check() -> None:
        if (label.isVisible() or label.text()) and valid():
            label.hide()
            label.clear()

    for field in inputs:
        field.textChanged.connect(check)


def secret_field(accessible: str) -> QLineEdit:
    """Return a password field."""
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible)
    return field


def line(accessible: str, placeholder: str = "") -> QLineEdit:
    """Return a text field with an accessible name."""
    field = QLineEdit()
    field.setAccessibleName(accessible)
    if placeholder:
        field.setPlaceholderText(placeholder)
    return field


def card(widget_parent: QWidget | None = None) -> QFrame:
    """Return a framed panel for a group of controls."""
    frame = QFrame(widget_parent)
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    return frame


def fingerprint_label(fingerprint: str) -> QLabel:
    """Return a fingerprint in big monospaced type, four groups per line, to read aloud."""
    from PySide6.QtGui import QFont

    groups = fingerprint.split()
    lines = [" ".join(groups[i:i + 4]) for i in range(0, len(groups), 4)]
    label = QLabel("\n".join(lines))
    font = QFont("monospace")
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSizeF(label.font().pointSizeF() * 1.9)
    font.setBold(True)
    label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(fingerprint)
    label.setObjectName("fingerprint")
    # Never squeezed: a fingerprint read aloud must be whole, even when a message appears.
    label.setMinimumSize(label.sizeHint())
    return label


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """Return a label whose mnemonic (&) moves the focus to ``buddy``."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


class Outcome(QLabel):
    """A framed, wrapped message that says how something went: good, caution or refused."""

    STYLES: ClassVar[dict[str, str]] = {
        "ok": "background: #e8f5e9; border: 1px solid #2e7d32; color: #1b3d1f;",
        "caution": "background: #fff8e1; border: 1px solid #b26a00; color: #3d2a00;",
        "refused": "background: #fdecea; border: 1px solid #b00020; color: #4a0010;",
        "plain": "background: palette(base); border: 1px solid palette(mid);",
    }

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.tone = ""
        self.hide()

    def say(self, tone: str, html: str) -> None:
        """Show ``html`` in the colours of ``tone`` ("ok", "caution", "refused", "plain")."""
        self.tone = tone
        self.setStyleSheet(f"QLabel#{self.objectName()} {{ {self.STYLES[tone]} "
                           "border-radius: 4px; padding: 8px; }")
        self.setText(html)
        self.show()
        self._fit_window()

    def _fit_window(self) -> None:
        # A wrapped label's height depends on its width, which window layouts do not
        # follow by themselves: grow the dialog so that the whole message shows.
        top = self.window()
        if top is self or not top.isVisible() or top.parentWidget() is None:
            return
        layout = top.layout()
        if layout is None:
            return
        layout.activate()
        wanted = layout.totalHeightForWidth(top.width()) if layout.hasHeightForWidth() \
            else layout.totalSizeHint().height()
        if wanted > top.height():
            top.resize(top.width(), wanted)

    def clear_message(self) -> None:
        """Hide the message."""
        self.tone = ""
        self.clear()
        self.hide()


def fit_columns(tree: QTreeWidget, give_way: int, least: int = 120) -> None:
    """Size every column of ``tree`` to its contents, then narrow column ``give_way``
    (down to ``least``) as far as needed for all of them to show without scrolling
    sideways; its cut-off texts are whole in their tooltips."""
    for column in range(tree.columnCount()):
        tree.resizeColumnToContents(column)
    room = tree.viewport().width()
    needed = sum(tree.columnWidth(c) for c in range(tree.columnCount()))
    if needed > room > 0:
        tree.setColumnWidth(give_way, max(least, tree.columnWidth(give_way) - (needed - room)))
    for row in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(row)
        if item is not None:
            item.setToolTip(give_way, item.text(give_way))


def bytes_per_step(total: int) -> int:
    """How many bytes one step of a progress bar stands for, so that ``total`` bytes fit
    the bar's int range (a bar counts up to 2**31)."""
    return max(1, total // 1_000_000 + 1)


def task_bar(accessible: str, steps: int) -> QProgressBar:
    """Return the hidden progress bar a page shows beside its Cancel while work runs."""
    bar = QProgressBar()
    bar.setAccessibleName(accessible)
    bar.setRange(0, steps)
    bar.setMaximumWidth(220)
    bar.hide()
    return bar
