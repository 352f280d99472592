"""Media: intake in the worker with progress, refusal of bad files, gallery, viewer, export."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.photos import photo
from willay.gui.dialogs.media_viewer import MediaViewer
from willay.gui.intake import Intake
from willay.gui.views.incident_detail import SHA256_ROLE
from willay.gui.window import MainWindow
from willay.gui.workers import Task

from . import records
from .helpers import tree_item


def _incident_shown(window: MainWindow) -> str:
    incident_id = records.incident(window.controller.archive)
    assert window.workspace is not None
    window.workspace.incidents.reload(incident_id)
    return incident_id


def test_dropped_photos_are_added_and_shown_as_thumbnails(qtbot: QtBot, window: MainWindow,
                                                          tmp_path: Path) -> None:
    _incident_shown(window)
    workspace = window.workspace
    assert workspace is not None
    files = [tmp_path / "herida.jpg", tmp_path / "casquillos.jpg"]
    for path in files:
        photo(path)
    gallery = workspace.incidents.detail.gallery
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in files])
    drop = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(gallery.files_dropped):
        gallery.dropEvent(drop)
    intake = workspace.intake
    assert isinstance(intake, Intake)
    with qtbot.waitSignal(intake.finished, timeout=20_000) as finished:
        pass
    assert len(finished.args[0]) == 2
    model = workspace.incidents.detail.gallery_model
    assert model.rowCount() == 2
    icon = model.data(model.index(0, 0), Qt.ItemDataRole.DecorationRole)
    assert not icon.isNull()
    custody = workspace.incidents.detail.custody
    assert custody.topLevelItemCount() == 3
    # The custody tab shows each original's own SHA-256 (what sha256sum prints), in full
    # on hover and for copying, not the id of the media record's revision.
    expected = {hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    rows = [tree_item(custody, n) for n in range(1, 3)]
    assert {row.data(3, SHA256_ROLE) for row in rows} == expected
    for row in rows:
        full = row.data(3, SHA256_ROLE)
        assert row.text(3) == full[:16] + "…" and full in row.toolTip(3)

    first = model.row(0)
    assert first is not None
    media_id = first.id
    viewer = workspace.open_media(media_id)
    assert isinstance(viewer, MediaViewer) and viewer.task is not None
    with qtbot.waitSignal(viewer.task.ended, timeout=20_000):
        pass
    assert viewer.pixmap_item is not None
    # Orientation 6 in the EXIF: the 640×480 photo is shown upright, 480 wide.
    assert viewer.pixmap_item.pixmap().width() == 480
    text = viewer.info.toPlainText()
    assert "-15.49" in text and "Motorola" in text and "JPEG photo" in text
    # Taken on the camera's clock, which recorded its zone (Peru).
    assert "9 Jan 2023 15:42 (UTC\u22125)" in text
    # The details and the window agree with the photo as shown: upright, so portrait.
    assert "480 × 640" in text and "480 × 640 pixels" in viewer.status.text()
    qtbot.wait(50)
    assert viewer.view.height() > viewer.view.width()
    viewer.rotate.click()
    viewer.zoom_in.click()
    target = tmp_path / "out" / "copia.jpg"
    target.parent.mkdir()

    # Saving can be cancelled (the worker is held busy so the cancel comes first).
    hold = threading.Event()
    window.controller.workers.submit(Task("hold", lambda _ctx: hold.wait(10)))
    saving = viewer.export_to(target)
    assert viewer.export.text() == "Cancel sa&ving" and viewer.export_progress.isVisible()
    viewer.export.click()
    with qtbot.waitSignal(saving.ended, timeout=20_000):
        hold.set()
    assert viewer.status.text() == "Saving the original was cancelled; nothing was written."
    assert not target.exists() and list(target.parent.iterdir()) == []
    assert viewer.export.text() == "&Export original…"
    assert not viewer.export_progress.isVisible()

    task = viewer.export_to(target)
    with qtbot.waitSignal(task.ended, timeout=20_000):
        pass
    assert target.read_bytes() == files[1].read_bytes() or \
        target.read_bytes() == files[0].read_bytes()
    viewer.close()


def test_bad_files_are_refused_all_together(qtbot: QtBot, window: MainWindow,
                                            tmp_path: Path) -> None:
    incident_id = _incident_shown(window)
    workspace = window.workspace
    assert workspace is not None
    good = tmp_path / "bien.jpg"
    photo(good)
    empty = tmp_path / "vacio.jpg"
    empty.write_bytes(b"")
    broken = tmp_path / "roto.jpg"
    broken.write_bytes(good.read_bytes()[:300])
    intake = workspace.add_files(incident_id, [good, empty, broken])
    assert intake is not None
    with qtbot.waitSignal(intake.finished, timeout=20_000) as finished:
        pass
    assert finished.args[0] == []
    boxes = [w for w in workspace.findChildren(QMessageBox) if w.isVisible()]
    assert boxes
    message = boxes[-1].text()
    assert "Nothing was added" in message and "vacio.jpg" in message and "roto.jpg" in message
    assert "bien.jpg" not in message
    boxes[-1].close()
    assert window.controller.archive.count_media() == 0


def test_media_page_lists_everything(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    incident_id = _incident_shown(window)
    workspace = window.workspace
    assert workspace is not None
    note = tmp_path / "nota.pdf"
    note.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    intake = workspace.add_files(incident_id, [note])
    assert intake is not None
    with qtbot.waitSignal(intake.finished, timeout=20_000):
        pass
    workspace.show_section(2)
    assert workspace.media.model.rowCount() == 1
    only = workspace.media.model.row(0)
    assert only is not None
    viewer = workspace.open_media(only.id)
    assert viewer.task is None and not viewer.rotate.isEnabled()
    viewer.close()
