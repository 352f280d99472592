"""The redaction editor (drag, choose, undo, save) and the evidence package action."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.photos import photo
from willay.core.media.redaction import load_regions
from willay.gui.dialogs import redaction_editor
from willay.gui.dialogs.media_viewer import MediaViewer
from willay.gui.dialogs.redaction_editor import RedactionEditor
from willay.gui.window import MainWindow

from . import records
from .helpers import tree_item


def _photo_in_incident(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> tuple[str, str]:
    archive = window.controller.archive
    incident_id = records.incident(archive)
    photo(tmp_path / "rostro.jpg")  # 640×480 stored, EXIF orientation 6: 480×640 upright
    task = window.controller.add_files(incident_id, [tmp_path / "rostro.jpg"])
    with qtbot.waitSignal(task.ended, timeout=20_000):
        pass
    media_id = archive.media_page(0, 10)[0].id
    assert window.workspace is not None
    window.workspace.incidents.reload(incident_id)
    return incident_id, media_id


def _drag(canvas: redaction_editor.RegionCanvas, start: QPointF, end: QPointF) -> None:
    viewport = canvas.viewport()
    a, b = canvas.mapFromScene(start), canvas.mapFromScene(end)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    QTest.mouseMove(viewport, QPoint((a.x() + b.x()) // 2, (a.y() + b.y()) // 2))
    QTest.mouseMove(viewport, b)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)


def _read(qtbot: QtBot, window: MainWindow, sha256: str) -> bytes:
    task = window.controller.read_original(sha256)
    with qtbot.waitSignal(task.succeeded, timeout=20_000) as got:
        pass
    data = got.args[0]
    assert isinstance(data, bytes)
    return data


def _open_editor(qtbot: QtBot, window: MainWindow, media_id: str
                 ) -> tuple[MediaViewer, RedactionEditor]:
    assert window.workspace is not None
    viewer = window.workspace.open_media(media_id)
    assert viewer.task is not None
    with qtbot.waitSignal(viewer.task.ended, timeout=20_000):
        pass
    assert viewer.redact.isEnabled() and not viewer.show_redacted.isEnabled()
    editor = viewer.open_redaction()
    with qtbot.waitSignal(editor.load_task.ended, timeout=20_000):
        pass
    assert editor.pixmap_item is not None
    return viewer, editor


def test_drag_regions_undo_and_save_a_redacted_copy(qtbot: QtBot, window: MainWindow,
                                                     tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # A small preview limit stands for a huge photo: the editor works on a scaled preview.
    monkeypatch.setattr(redaction_editor, "PREVIEW_MAX", 256)
    _incident, media_id = _photo_in_incident(qtbot, window, tmp_path)
    viewer, editor = _open_editor(qtbot, window, media_id)
    assert (editor.full_size.width(), editor.full_size.height()) == (480, 640)
    assert editor.pixmap_item is not None
    assert editor.pixmap_item.pixmap().width() == 192 and editor.scale == pytest.approx(2.5)
    assert not editor.save_button.isEnabled()

    _drag(editor.canvas, QPointF(20, 20), QPointF(80, 100))  # blur, the default
    editor.black_action.trigger()
    _drag(editor.canvas, QPointF(100, 140), QPointF(180, 240))
    assert [i.kind for i in editor.region_items()] == ["blur", "black"]
    assert editor.save_button.isEnabled() and editor.dirty

    # Select the black region by clicking it, delete it, then undo the deletion.
    inside = editor.canvas.mapFromScene(QPointF(140, 190))
    QTest.mouseClick(editor.canvas.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, inside)
    assert [i.isSelected() for i in editor.region_items()] == [False, True]
    editor.delete_action.trigger()
    assert [i.kind for i in editor.region_items()] == ["blur"]
    editor.undo_action.trigger()
    assert [i.kind for i in editor.region_items()] == ["blur", "black"]

    regions = editor.regions()
    assert abs(regions[0].x - 50) <= 8 and abs(regions[0].y - 50) <= 8
    assert abs(regions[1].x + regions[1].width - 450) <= 8
    assert abs(regions[1].y + regions[1].height - 600) <= 8
    with qtbot.waitSignal(editor.saved, timeout=20_000):
        editor.save_button.click()
    assert not editor.isVisible()

    stored = window.controller.archive.redaction(media_id)
    assert stored is not None and load_regions(stored.regions) == regions
    data = _read(qtbot, window, stored.derivative_sha256)
    with Image.open(io.BytesIO(data)) as img:
        assert img.size == (480, 640) and not img.getexif()
        rgb = img.convert("RGB")
    black = regions[1]
    inner = (black.x + 16, black.y + 16, black.x + black.width - 16,
             black.y + black.height - 16)
    assert max(ImageStat.Stat(rgb.crop(inner)).extrema[0]) <= 8
    blur = regions[0]
    flat = rgb.crop((blur.x + 8, blur.y + 8, blur.x + blur.width - 8, blur.y + blur.height - 8))
    assert ImageStat.Stat(flat).stddev[0] < 8

    # The viewer says a redacted copy exists and shows it on demand.
    assert "redacted copy exists" in viewer.redaction_note.text()
    assert viewer.show_redacted.isEnabled()
    viewer.show_redacted.setChecked(True)
    assert viewer.redacted_task is not None
    with qtbot.waitSignal(viewer.redacted_task.ended, timeout=20_000):
        pass
    assert viewer.pixmap_item is not None
    shown = viewer.pixmap_item.pixmap().toImage()
    assert shown.pixelColor(black.x + black.width // 2, black.y + black.height // 2).value() < 10
    viewer.show_redacted.setChecked(False)
    original = viewer.pixmap_item.pixmap().toImage()
    assert ImageStat.Stat(Image.frombytes(
        "L", (1, 9), bytes(original.pixelColor(black.x + 20 + 10 * k, black.y + 20).value()
                           for k in range(9)))).stddev[0] > 5  # the noisy original again

    # Opening the editor again shows the saved regions; removing the copy is possible.
    again = viewer.open_redaction()
    with qtbot.waitSignal(again.load_task.ended, timeout=20_000):
        pass
    assert [i.kind for i in again.region_items()] == ["blur", "black"] and not again.dirty
    assert again.remove_button.isVisible()
    with qtbot.waitSignal(again.saved, timeout=20_000):
        again.remove_button.click()
    assert window.controller.archive.redaction(media_id) is None
    assert not viewer.show_redacted.isEnabled() and viewer.redaction_note.text() == ""
    viewer.close()


def test_cancel_with_unsaved_regions_asks_first(qtbot: QtBot, window: MainWindow,
                                                tmp_path: Path) -> None:
    _incident, media_id = _photo_in_incident(qtbot, window, tmp_path)
    viewer, editor = _open_editor(qtbot, window, media_id)
    _drag(editor.canvas, QPointF(30, 30), QPointF(200, 200))
    assert len(editor.region_items()) == 1
    editor.cancel_button.click()
    box = editor.confirm_box
    assert box.isVisible() and editor.isVisible()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert editor.isVisible() and len(editor.region_items()) == 1
    editor.cancel_button.click()
    editor.confirm_box.button(QMessageBox.StandardButton.Discard).click()
    assert not editor.isVisible()
    assert window.controller.archive.redaction(media_id) is None
    viewer.close()


def test_evidence_package_from_the_incident(qtbot: QtBot, window: MainWindow,
                                            tmp_path: Path) -> None:
    incident_id, _media = _photo_in_incident(qtbot, window, tmp_path)
    assert window.workspace is not None
    detail = window.workspace.incidents.detail
    assert detail.incident_id == incident_id and detail.package_button.isEnabled()
    out = tmp_path / "para-abogados"
    task = detail.make_package(out)
    assert task is not None and not detail.package_button.isEnabled()
    with qtbot.waitSignal(task.ended, timeout=60_000):
        pass
    assert detail.package_box is not None and detail.package_box.isVisible()
    assert detail.package_box.objectName() == "evidencePackageDone"
    assert str(out) in detail.package_box.text() and "sha256sum -c" in detail.package_box.text()
    assert (out / "SHA256SUMS").is_file()
    assert (out / f"incident-{incident_id[:8]}" / "summary.pdf").is_file()
    assert detail.package_button.isEnabled()
    qtbot.waitUntil(lambda: any(
        tree_item(detail.custody, i).text(1) == "Evidence package made"
        for i in range(detail.custody.topLevelItemCount())), timeout=5_000)

    # The same folder again: refused, said plainly, nothing changed.
    detail.package_box.close()
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    task = detail.make_package(out)
    assert task is not None
    with qtbot.waitSignal(task.ended, timeout=20_000):
        pass
    assert detail.package_box is not None and "not empty" in detail.package_box.text()
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before


def test_locking_closes_the_editor_without_asking(qtbot: QtBot, window: MainWindow,
                                                  tmp_path: Path) -> None:
    _incident, media_id = _photo_in_incident(qtbot, window, tmp_path)
    _viewer, editor = _open_editor(qtbot, window, media_id)
    _drag(editor.canvas, QPointF(30, 30), QPointF(200, 200))
    assert editor.dirty
    window.lock()
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=5_000)
    assert editor.findChild(QMessageBox, "discardRegions") is None
    assert window.workspace is None
