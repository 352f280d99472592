"""Redact a photo: drag rectangles to blur or black out, then save a redacted copy.

The original is decrypted into memory and decoded upright (EXIF orientation applied);
a large photo is shown as a scaled preview and the regions are mapped back to the
original's pixels when saved. The copy is made by the core in the worker thread; the
original stays sealed and untouched.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QBrush,
    QColor,
    QImageIOHandler,
    QImageReader,
    QKeySequence,
    QMouseEvent,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from willay.core.errors import VaultLockedError
from willay.core.media.redaction import Region, load_regions
from willay.gui.controller import Controller
from willay.gui.dialogs.unsaved import ask_discard
from willay.gui.errors import message_for, show_error
from willay.gui.workers import Task

# The longest side of the preview; larger photos are shown scaled down.
PREVIEW_MAX = 2400
MIN_SIDE = 3  # a drag smaller than this (preview pixels) is a click, not a region

Snapshot = list[tuple[QRectF, str]]


class RegionItem(QGraphicsRectItem):
    """One region on the preview: a rectangle and how it will be hidden."""

    def __init__(self, rect: QRectF, kind: str) -> None:
        super().__init__(rect)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setZValue(1)
        self.kind = kind
        self.set_kind(kind)

    def set_kind(self, kind: str) -> None:
        """Show the region as black (``black``) or as a hatched blue veil (``blur``)."""
        self.kind = kind
        if kind == "black":
            self.setBrush(QBrush(QColor(0, 0, 0, 230)))
            self.setPen(QPen(QColor(255, 200, 0), 2))
        else:
            brush = QBrush(QColor(30, 110, 220, 160), Qt.BrushStyle.Dense4Pattern)
            self.setBrush(brush)
            self.setPen(QPen(QColor(30, 110, 220), 2))
        pen = self.pen()
        pen.setCosmetic(True)
        self.setPen(pen)


class RegionCanvas(QGraphicsView):
    """The preview; dragging over an empty part of the photo draws a new region."""

    region_drawn = Signal(QRectF)
    """Emits: a new rectangle, in preview pixels (clipped to the photo)."""

    def __init__(self, scene: QGraphicsScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.bounds = QRectF()
        self._start: QPointF | None = None
        self._rubber: QGraphicsRectItem | None = None
        self.setCursor(Qt.CursorShape.CrossCursor)

    def _clamped(self, point: QPointF) -> QPointF:
        return QPointF(min(max(point.x(), self.bounds.left()), self.bounds.right()),
                       min(max(point.y(), self.bounds.top()), self.bounds.bottom()))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Select a region under the pointer, or start drawing one."""
        item = self.itemAt(event.position().toPoint())
        if event.button() != Qt.MouseButton.LeftButton or isinstance(item, RegionItem) \
                or self.bounds.isEmpty():
            super().mousePressEvent(event)
            return
        self.scene().clearSelection()
        self._start = self._clamped(self.mapToScene(event.position().toPoint()))
        self._rubber = self.scene().addRect(QRectF(self._start, self._start),
                                            QPen(QColor(255, 60, 60), 0, Qt.PenStyle.DashLine))
        self._rubber.setZValue(2)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Stretch the region being drawn."""
        if self._start is not None and self._rubber is not None:
            end = self._clamped(self.mapToScene(event.position().toPoint()))
            self._rubber.setRect(QRectF(self._start, end).normalized())
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Finish the region being drawn."""
        if self._start is not None and self._rubber is not None:
            end = self._clamped(self.mapToScene(event.position().toPoint()))
            rect = QRectF(self._start, end).normalized()
            self.scene().removeItem(self._rubber)
            self._start = self._rubber = None
            if rect.width() >= MIN_SIDE and rect.height() >= MIN_SIDE:
                self.region_drawn.emit(rect)
            return
        super().mouseReleaseEvent(event)


class RedactionEditor(QDialog):
    """Mark regions of a photo and save a redacted copy of it."""

    saved = Signal(object)
    """Emits: the core's RedactionResult, or None when the redacted copy was removed."""

    def __init__(self, controller: Controller, media_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.media_id = media_id
        self.setObjectName("redactionEditor")
        self.resize(1100, 720)
        archive = controller.archive
        row = archive.media_item(media_id)
        self.sha256 = row.sha256 if row else ""
        name = row.original_name if row else ""
        self.setWindowTitle(self.tr("Hide parts: %s") % name)
        self.existing = archive.redaction(media_id)
        self.scale = 1.0
        self.full_size = QSize()
        self.pixmap_item: QGraphicsPixmapItem | None = None
        self._undo: list[Snapshot] = []
        self._saved_state: Snapshot = []
        self._discard = False
        self.save_task: Task | None = None

        self.scene = QGraphicsScene(self)
        self.canvas = RegionCanvas(self.scene)
        self.canvas.setAccessibleName(self.tr("Photo to hide parts of"))
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        kinds = QActionGroup(self)
        self.blur_action = QAction(self.tr("&Blur"), self, checkable=True)
        self.blur_action.setToolTip(self.tr("New or selected regions are blurred beyond "
                                            "recognition"))
        self.black_action = QAction(self.tr("Black &out"), self, checkable=True)
        self.black_action.setToolTip(self.tr("New or selected regions are covered in black"))
        for action in (self.blur_action, self.black_action):
            kinds.addAction(action)
            self.toolbar.addAction(action)
        self.blur_action.setChecked(True)
        # Toolbar buttons take no mnemonics, so each tool has a shortcut of its own.
        self.blur_action.setShortcut(QKeySequence("Ctrl+B"))
        self.black_action.setShortcut(QKeySequence("Ctrl+K"))
        self.toolbar.addSeparator()
        self.delete_action = QAction(self.tr("&Delete region"), self)
        self.delete_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Delete),
                                         QKeySequence(Qt.Key.Key_Backspace)])
        self.undo_action = QAction(self.tr("&Undo"), self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.fit_action = QAction(self.tr("&Fit"), self)
        self.fit_action.setShortcut(QKeySequence("Ctrl+0"))
        for action in (self.delete_action, self.undo_action, self.fit_action):
            self.toolbar.addAction(action)
        self.status = QLabel(self.tr("Decrypting the original…"))
        self.status.setWordWrap(True)
        hint = QLabel(self.tr("Drag over the photo to mark a region. Black out hides it "
                              "completely; blur makes faces and writing unrecognizable. The "
                              "original stays sealed; the copy carries no metadata."))
        hint.setWordWrap(True)
        self.remove_button = QPushButton(self.tr("&Remove redacted copy"))
        self.remove_button.setVisible(self.existing is not None)
        self.save_button = QPushButton(self.tr("&Save redacted copy"))
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(hint)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(buttons)

        self.canvas.region_drawn.connect(self.add_region)
        self.scene.selectionChanged.connect(self._update_buttons)
        kinds.triggered.connect(self._kind_chosen)
        self.delete_action.triggered.connect(self.delete_selected)
        self.undo_action.triggered.connect(self.undo)
        self.fit_action.triggered.connect(self.fit)
        self.save_button.clicked.connect(self.save)
        self.remove_button.clicked.connect(self.remove)
        self.cancel_button.clicked.connect(self.reject)
        controller.locked.connect(self.discard)
        self._update_buttons()
        self.load_task = controller.read_original(self.sha256)
        self.load_task.succeeded.connect(self._decoded)
        self.load_task.failed.connect(self._load_failed)

    # -- the photo ---------------------------------------------------------------
    def _load_failed(self, exc: object) -> None:
        self.status.setText(message_for(exc) if isinstance(exc, BaseException) else str(exc))

    def _decoded(self, data: object) -> None:
        if not isinstance(data, bytes) or not data:
            return
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        reader = QImageReader(buffer)
        reader.setAutoTransform(True)
        stored = reader.size()
        turned = bool(reader.transformation()
                      & QImageIOHandler.Transformation.TransformationRotate90)
        self.full_size = stored.transposed() if turned else stored
        longest = max(self.full_size.width(), self.full_size.height())
        if longest > PREVIEW_MAX:
            factor = PREVIEW_MAX / longest
            reader.setScaledSize(QSize(max(1, round(stored.width() * factor)),
                                       max(1, round(stored.height() * factor))))
        image = reader.read()
        buffer.close()
        if image.isNull() or self.full_size.isEmpty():
            self.status.setText(self.tr("This photo cannot be shown, so it cannot be redacted "
                                        "here."))
            return
        self.scale = self.full_size.width() / image.width()
        self.pixmap_item = self.scene.addPixmap(QPixmap.fromImage(image))
        self.canvas.bounds = self.pixmap_item.boundingRect()
        self.scene.setSceneRect(self.canvas.bounds)
        if self.existing is not None:
            self._restore([(QRectF(r.x / self.scale, r.y / self.scale, r.width / self.scale,
                                   r.height / self.scale), r.kind)
                           for r in load_regions(self.existing.regions)])
        self._saved_state = self.snapshot()
        self._undo.clear()
        self.fit()
        self._update_buttons()

    def fit(self) -> None:
        """Show the whole photo."""
        if self.pixmap_item is not None:
            self.canvas.fitInView(self.pixmap_item, Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the photo fitted while the dialog is resized."""
        super().resizeEvent(event)
        self.fit()

    # -- regions -----------------------------------------------------------------
    @property
    def kind(self) -> str:
        """How new regions are hidden: ``blur`` or ``black``."""
        return "black" if self.black_action.isChecked() else "blur"

    def region_items(self) -> list[RegionItem]:
        """The regions on the preview, in the order they were drawn."""
        items = [i for i in self.scene.items(Qt.SortOrder.AscendingOrder)
                 if isinstance(i, RegionItem)]
        return sorted(items, key=lambda i: i.data(0) or 0)

    def snapshot(self) -> Snapshot:
        """The regions as plain values (for undo and to know what is unsaved)."""
        return [(QRectF(i.rect()), i.kind) for i in self.region_items()]

    def _restore(self, state: Snapshot) -> None:
        for item in self.region_items():
            self.scene.removeItem(item)
        for rect, kind in state:
            self._place(rect, kind)
        self._update_buttons()

    def _place(self, rect: QRectF, kind: str) -> RegionItem:
        item = RegionItem(rect, kind)
        item.setData(0, len(self.region_items()) + 1)
        self.scene.addItem(item)
        return item

    def add_region(self, rect: QRectF) -> None:
        """Add a region (in preview coordinates), hidden the way currently chosen."""
        self._undo.append(self.snapshot())
        self._place(rect, self.kind)
        self._update_buttons()

    def _kind_chosen(self, _action: QAction) -> None:
        selected = [i for i in self.region_items() if i.isSelected()]
        if selected and any(i.kind != self.kind for i in selected):
            self._undo.append(self.snapshot())
            for item in selected:
                item.set_kind(self.kind)
            self._update_buttons()

    def delete_selected(self) -> None:
        """Remove the selected regions."""
        selected = [i for i in self.region_items() if i.isSelected()]
        if selected:
            self._undo.append(self.snapshot())
            for item in selected:
                self.scene.removeItem(item)
            self._update_buttons()

    def undo(self) -> None:
        """Go back one change of the regions."""
        if self._undo:
            self._restore(self._undo.pop())

    @property
    def dirty(self) -> bool:
        """Whether the regions differ from what was last saved."""
        return self.snapshot() != self._saved_state

    def _update_buttons(self) -> None:
        count = len(self.region_items())
        self.delete_action.setEnabled(any(i.isSelected() for i in self.region_items()))
        self.undo_action.setEnabled(bool(self._undo))
        self.save_button.setEnabled(count > 0 and self.pixmap_item is not None
                                    and self.save_task is None)
        if self.pixmap_item is not None:
            self.status.setText(self.tr("%1 × %2 pixels; regions: %3").replace(
                "%1", str(self.full_size.width())).replace(
                "%2", str(self.full_size.height())).replace("%3", str(count)))

    def regions(self) -> list[Region]:
        """The regions in pixels of the upright original (the preview may be smaller)."""
        width, height = self.full_size.width(), self.full_size.height()
        out = []
        for item in self.region_items():
            rect = item.rect()
            x0 = max(0, min(width - 1, math.floor(rect.left() * self.scale)))
            y0 = max(0, min(height - 1, math.floor(rect.top() * self.scale)))
            x1 = max(x0 + 1, min(width, math.ceil(rect.right() * self.scale)))
            y1 = max(y0 + 1, min(height, math.ceil(rect.bottom() * self.scale)))
            out.append(Region(item.kind, x0, y0, x1 - x0, y1 - y0))
        return out

    # -- saving and leaving ------------------------------------------------------
    def save(self) -> Task | None:
        """Make the redacted copy in the worker; the dialog closes when it is stored."""
        regions = self.regions()
        if not regions or self.save_task is not None:
            return None
        self.status.setText(self.tr("Saving the redacted copy…"))
        self.save_task = self.controller.redact(self.media_id, regions)
        self._update_buttons()
        self.save_task.succeeded.connect(self._stored)
        self.save_task.failed.connect(self._save_failed)
        return self.save_task

    def remove(self) -> Task:
        """Remove the photo's redacted copy in the worker (its history stays in custody)."""
        task = self.controller.clear_redaction(self.media_id)
        task.succeeded.connect(self._removed)
        task.failed.connect(self._save_failed)
        return task

    def _removed(self, _result: object) -> None:
        self._stored(None)

    def _stored(self, result: object) -> None:
        self.save_task = None
        self._saved_state = self.snapshot()
        self.saved.emit(result)
        self._discard = True
        self.accept()

    def _save_failed(self, exc: object) -> None:
        self.save_task = None
        self._update_buttons()
        show_error(self, exc if isinstance(exc, BaseException) else str(exc))

    def reject(self) -> None:
        """Leave; with unsaved regions, ask first (without blocking the window)."""
        if self._discard or not self.dirty or self._locking():
            self._leave()
            return
        self.confirm_box = ask_discard(
            self, self.discard, self.tr("The regions you marked have not been saved."),
            "discardRegions")

    def _locking(self) -> bool:
        try:
            self.controller.archive  # noqa: B018 - raises once locking has begun
        except VaultLockedError:
            return True
        return False

    def discard(self) -> None:
        """Close without asking, dropping unsaved regions (after Discard, or at a lock)."""
        self._discard = True
        self._leave()

    def _leave(self) -> None:
        self.load_task.cancel()
        super().reject()
