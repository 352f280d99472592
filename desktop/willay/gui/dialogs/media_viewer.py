"""View a media item: images decoded from memory, zoom and rotate; audio and video
played from memory; export any original.

The original is decrypted chunk by chunk in the worker thread into memory, decoded
with QImageReader from a QBuffer (or played by Qt Multimedia from one), and never written
anywhere unless exported.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QImageReader, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from willay.core.media.redaction import load_regions
from willay.core.progress import Cancelled
from willay.gui.controller import Controller
from willay.gui.dialogs.redaction_editor import RedactionEditor
from willay.gui.errors import message_for, show_error
from willay.gui.labels import camera_time, media_type, size, stamp
from willay.gui.views import html
from willay.gui.widgets import bytes_per_step
from willay.gui.workers import Task

if TYPE_CHECKING:
    from willay.gui.player import MediaPlayer

INFO_WIDTH = 320
MAX_IMAGE_BYTES = 200 * 1024 * 1024
# Audio and video are held whole in memory while they play, so very large ones are exported.
MAX_PLAYABLE_BYTES = 512 * 1024 * 1024
PLAYABLE_KINDS = ("audio", "video")


def new_player(video: bool, parent: QWidget) -> MediaPlayer | None:
    """A player, or None where Qt Multimedia (or a library it needs) is missing."""
    try:
        from willay.gui.player import MediaPlayer
    except ImportError:
        return None
    return MediaPlayer(video, parent)


class MediaViewer(QDialog):
    """One media item: the image or the player (if it is one), its metadata, Export original."""

    def __init__(self, controller: Controller, media_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.media_id = media_id
        self.setObjectName("mediaViewer")
        self.resize(1100, 700)
        archive = controller.archive
        self.row = archive.media_item(media_id)
        fields = archive.media_fields(media_id)
        meta = fields.get("metadata", {})
        name = fields.get("original_name", "")
        self.setWindowTitle(self.tr("Media: %s") % name)
        self.scene = QGraphicsScene(self)
        self.view = QGraphicsView(self.scene)
        self.view.setAccessibleName(self.tr("Image"))
        self.view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.view.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.pixmap_item: QGraphicsPixmapItem | None = None
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.info = QTextBrowser()
        self.info.setAccessibleName(self.tr("Details of the original"))
        self.info.setHtml(self._details(name, fields, meta))
        self.zoom_in = QPushButton(self.tr("Zoom &in"))
        self.zoom_out = QPushButton(self.tr("Zoom &out"))
        self.fit = QPushButton(self.tr("&Fit"))
        self.rotate = QPushButton(self.tr("&Rotate view"))
        self.redact = QPushButton(self.tr("Re&dact…"))
        self.redact.setAccessibleName(self.tr("Make a redacted copy of the photo"))
        self.show_redacted = QPushButton(self.tr("&Show redacted copy"))
        self.show_redacted.setCheckable(True)
        self.export = QPushButton(self.tr("&Export original…"))
        self.export.setAccessibleName(self.tr("Export the original file"))
        close = QPushButton(self.tr("&Close"))
        # The view's tools sit above the image and the actions under the details, so the
        # window can be as narrow as a portrait photo needs.
        tools = QHBoxLayout()
        for button in (self.zoom_in, self.zoom_out, self.fit, self.rotate):
            tools.addWidget(button)
        tools.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(tools)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.status)
        self.export_progress = QProgressBar()
        self.export_progress.setAccessibleName(self.tr("Saving the original"))
        self.export_progress.hide()
        left_layout.addWidget(self.export_progress)
        self.export_task: Task | None = None
        self._export_scale = 1
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.info, 1)
        for button in (self.redact, self.show_redacted, self.export, close):
            right_layout.addWidget(button)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([760, INFO_WIDTH])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter, 1)

        self.zoom_in.clicked.connect(lambda: self.view.scale(1.25, 1.25))
        self.zoom_out.clicked.connect(lambda: self.view.scale(0.8, 0.8))
        self.fit.clicked.connect(self.fit_image)
        self.rotate.clicked.connect(lambda: self.view.rotate(90))
        self.export.clicked.connect(self._choose_export)
        self.redact.clicked.connect(self.open_redaction)
        self.show_redacted.toggled.connect(self._toggle_redacted)
        close.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, lambda: self.view.scale(1.25, 1.25))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, lambda: self.view.scale(0.8, 0.8))
        self.task: Task | None = None
        is_image = fields.get("media_kind") == "image"
        for button in (self.zoom_in, self.zoom_out, self.fit, self.rotate):
            button.setEnabled(is_image)
        self.is_image = is_image
        self.kind = str(fields.get("media_kind", ""))
        self.player: MediaPlayer | None = None
        self.original_image: QImage | None = None
        self.redacted_image: QImage | None = None
        self.redacted_task: Task | None = None
        self.redaction_editor: RedactionEditor | None = None
        self.redaction_note = QLabel()
        self.redaction_note.setWordWrap(True)
        left_layout.addWidget(self.redaction_note)
        self._redaction_changed()
        if is_image and int(fields.get("size", 0)) <= MAX_IMAGE_BYTES:
            self.status.setText(self.tr("Decrypting the original…"))
            self.task = controller.read_original(str(fields["sha256"]))
            self.task.succeeded.connect(self._decoded)
            self.task.failed.connect(self._failed)
        elif self.kind in PLAYABLE_KINDS:
            self._start_player(left_layout, str(fields["sha256"]), int(fields.get("size", 0)))
        else:
            self.status.setText(self.tr(
                "This original cannot be shown here. Use Export original… to open it with "
                "another program; the exported copy is not encrypted."))

    def _details(self, name: str, fields: dict[str, Any], meta: dict[str, Any]) -> str:
        gps = ""
        if meta.get("gps_latitude"):
            gps = f"{meta.get('gps_latitude')}, {meta.get('gps_longitude')}"
            if meta.get("gps_altitude"):
                gps += f" ({meta.get('gps_altitude')} m)"
        camera = " ".join(str(meta[k]) for k in ("camera_make", "camera_model") if meta.get(k))
        upright = upright_size(meta)
        dimensions = f"{upright[0]} × {upright[1]}" if upright else ""
        return html.title(name) + html.rows([
            (self.tr("Type"), media_type(str(fields.get("mime", "")))),
            (self.tr("Size"), size(int(fields.get("size", 0)))),
            (self.tr("Captured"), camera_time(str(meta.get("captured_at") or ""))),
            (self.tr("GPS"), gps),
            (self.tr("Camera"), camera),
            (self.tr("Pixels"), dimensions),
            (self.tr("Added"), stamp(str(fields.get("intake_time", "")))),
            (self.tr("SHA-256"), str(fields.get("sha256", ""))),
        ])

    def _decoded(self, data: object) -> None:
        if not isinstance(data, bytes) or not data:
            return
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        reader = QImageReader(buffer)
        reader.setAutoTransform(True)  # honour the EXIF orientation, as phones expect
        image = reader.read()
        buffer.close()
        if image.isNull():
            self.status.setText(self.tr("This image format cannot be shown here; export the "
                                        "original to view it."))
            return
        self.original_image = image
        self.pixmap_item = self.scene.addPixmap(QPixmap.fromImage(image))
        self.scene.setSceneRect(self.pixmap_item.boundingRect())
        self.status.setText(self.tr("%1 × %2 pixels").replace("%1", str(image.width()))
                            .replace("%2", str(image.height())))
        self.size_to(image.width(), image.height())
        self.fit_image()

    def size_to(self, width: int, height: int) -> None:
        """Shape the window like the photo shown upright (portrait or landscape), as large
        as the screen allows, so the photo is not a strip in the middle of empty space."""
        screen = self.screen().availableGeometry()
        chrome_w = self.width() - self.view.width()
        chrome_h = self.height() - self.view.height()
        room_w = max(320, int(screen.width() * 0.92) - chrome_w)
        room_h = max(240, int(screen.height() * 0.9) - chrome_h)
        scale = min(room_w / width, room_h / height, 1.0 if width >= 640 else 2.0)
        view_w, view_h = max(320, int(width * scale)), max(240, int(height * scale))
        self.resize(view_w + chrome_w, view_h + chrome_h)
        self.splitter.setSizes([view_w, self.splitter.sizes()[1]])

    # -- audio and video ---------------------------------------------------------
    def _start_player(self, layout: QVBoxLayout, sha256: str, size_bytes: int) -> None:
        self.view.hide()
        if size_bytes > MAX_PLAYABLE_BYTES:
            self.status.setText(self._unplayable_text())
            return
        self.player = new_player(self.kind == "video", self)
        if self.player is None:
            self.status.setText(self._unplayable_text())
            return
        layout.insertWidget(0, self.player, 1)
        self.player.unplayable.connect(self._unplayable)
        self.status.setText(self.tr("Decrypting the original…"))
        self.task = self.controller.read_original(sha256)
        self.task.succeeded.connect(self._playable)
        self.task.failed.connect(self._failed)

    def _playable(self, data: object) -> None:
        if self.player is None or not isinstance(data, bytes) or not data:
            return
        self.status.setText(self.tr("Played from memory: no unencrypted copy is written to "
                                    "disk."))
        self.player.load(data)

    def _unplayable(self) -> None:
        self.status.setText(self._unplayable_text())

    def _unplayable_text(self) -> str:
        if self.kind == "video":
            return self.tr("This video cannot be played here; use “Export original”.")
        return self.tr("This audio cannot be played here; use “Export original”.")

    # -- the redacted copy --------------------------------------------------------
    def _redaction_changed(self, _result: object = None) -> None:
        redaction = self.controller.archive.redaction(self.media_id) if self.is_image else None
        self.redaction = redaction
        self.redact.setEnabled(self.is_image)
        self.show_redacted.setEnabled(redaction is not None)
        self.redacted_image = None
        if redaction is None:
            self.redaction_note.setText("")
            if self.show_redacted.isChecked():
                self.show_redacted.setChecked(False)
            return
        count = len(load_regions(redaction.regions))
        self.redaction_note.setText(self.tr(
            "A redacted copy exists (%1 regions hidden, no metadata; SHA-256 %2…). "
            "Anonymized bundles send it instead of the photo.").replace(
            "%1", str(count)).replace("%2", redaction.derivative_sha256[:16]))
        if self.show_redacted.isChecked():
            self._toggle_redacted(True)

    def open_redaction(self) -> RedactionEditor:
        """Open the redaction editor for this photo."""
        editor = RedactionEditor(self.controller, self.media_id, self)
        editor.saved.connect(self._redaction_changed)
        self.redaction_editor = editor
        editor.open()
        return editor

    def _toggle_redacted(self, shown: bool) -> None:
        if not shown:
            if self.original_image is not None:
                self._show_image(self.original_image)
            return
        if self.redacted_image is not None:
            self._show_image(self.redacted_image)
            return
        if self.redaction is None:
            return
        self.redacted_task = self.controller.read_original(self.redaction.derivative_sha256)
        self.redacted_task.succeeded.connect(self._redacted_decoded)
        self.redacted_task.failed.connect(self._failed)

    def _redacted_decoded(self, data: object) -> None:
        if not isinstance(data, bytes) or not data:
            return
        image = QImage.fromData(QByteArray(data))
        if image.isNull():
            return
        self.redacted_image = image
        if self.show_redacted.isChecked():
            self._show_image(image)

    def _show_image(self, image: QImage) -> None:
        if self.pixmap_item is None:
            return
        self.pixmap_item.setPixmap(QPixmap.fromImage(image))
        self.scene.setSceneRect(self.pixmap_item.boundingRect())
        self.fit_image()

    def fit_image(self) -> None:
        """Show the whole image."""
        if self.pixmap_item is not None:
            self.view.fitInView(self.pixmap_item, Qt.AspectRatioMode.KeepAspectRatio)

    def _choose_export(self) -> None:
        if self.export_task is not None and not self.export_task.done:
            self.export_task.cancel()  # the button reads "Cancel saving" meanwhile
            return
        name = self.row.original_name if self.row else "original"
        target, _ = QFileDialog.getSaveFileName(self, self.tr("Export original"), name)
        if target:
            self.export_to(Path(target))

    def export_to(self, target: Path) -> Task:
        """Write the original to ``target`` in the worker thread."""
        task = self.controller.export_original(self.media_id, target)
        self.export_task = task
        total = int(self.row.size) if self.row else 0
        self._export_scale = bytes_per_step(total)
        self.export_progress.setRange(0, max(1, total // self._export_scale))
        self.export_progress.setValue(0)
        self.export_progress.show()
        self.export.setText(self.tr("Cancel sa&ving"))
        task.progressed.connect(self._export_progressed)
        task.succeeded.connect(self._exported)
        task.failed.connect(self._export_failed)
        task.ended.connect(self._export_ended)
        return task

    def _export_progressed(self, done: int) -> None:
        self.export_progress.setValue(done // self._export_scale)

    def _export_ended(self) -> None:
        self.export_progress.hide()
        self.export.setText(self.tr("&Export original…"))

    def _failed(self, exc: object) -> None:
        self.status.setText(message_for(exc if isinstance(exc, BaseException) else Exception()))

    def _exported(self, path: object) -> None:
        self.status.setText(self.tr("Original exported to %s. That copy is not encrypted.")
                            % path)

    def _export_failed(self, exc: object) -> None:
        if isinstance(exc, Cancelled):
            self.status.setText(self.tr("Saving the original was cancelled; nothing was "
                                        "written."))
            return
        show_error(self, exc if isinstance(exc, BaseException) else str(exc))

    def done(self, result: int) -> None:
        """Stop decrypting (and playing) if the viewer closes."""
        if self.task is not None:
            self.task.cancel()
        if self.player is not None:
            self.player.stop()
        super().done(result)


def upright_size(meta: dict[str, object]) -> tuple[int, int] | None:
    """Return a photo's width and height as it is shown: upright, after the camera's
    orientation (EXIF 5 to 8 turn it a quarter)."""
    width, height = meta.get("width"), meta.get("height")
    if not isinstance(width, int) or not isinstance(height, int):
        return None
    orientation = meta.get("orientation")
    if isinstance(orientation, int) and orientation >= 5:
        return height, width
    return width, height
