"""The window leaves no trace of where evidence came from in Qt's own state file.

Qt's file dialogs remember the folders last visited in ``QtProject.conf`` under the
user's configuration folder. A separate process, with its own home, picks a folder with
the real dialog, once as the app starts (``forget_qt_state``) and once without it, so
the test shows it can see the file when it is written.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PICK = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog
from willay.gui.app import forget_qt_state
if sys.argv[1] == "app":
    forget_qt_state()
app = QApplication([])
def accept():
    for widget in app.topLevelWidgets():
        if isinstance(widget, QFileDialog):
            widget.accept()
QTimer.singleShot(300, accept)
print(QFileDialog.getExistingDirectory(None, "Evidencia", sys.argv[2]))
"""


@pytest.mark.parametrize("start", ["app", "bare Qt"])
def test_file_dialogs_remember_nothing_on_disk(tmp_path: Path, start: str) -> None:
    home, evidence = tmp_path / "home", tmp_path / "fotos-de-la-masacre"
    home.mkdir()
    evidence.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", PICK, start, str(evidence)], env=env,
                          capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == str(evidence)  # the dialog really ran and chose it
    traces = [p for p in home.rglob("*") if p.is_file()
              and "fotos-de-la-masacre" in p.read_text(errors="replace")]
    if start == "app":
        assert traces == []
    else:
        assert [p.name for p in traces] == ["QtProject.conf"]
