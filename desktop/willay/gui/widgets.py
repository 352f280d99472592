"""Small building blocks shared by pages and dialogs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QWidget


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


def separator() -> QFrame:
    """Return a horizontal rule."""
    rule = QFrame()
    rule.setFrameShape(QFrame.Shape.HLine)
    rule.setFrameShadow(QFrame.Shadow.Sunken)
    return rule


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
    return label


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """Return a label whose mnemonic (&) moves the focus to ``buddy``."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label
