"""Play an audio or video original from its decrypted bytes, held in memory only.

Qt Multimedia reads the bytes through a QBuffer given to ``QMediaPlayer.setSourceDevice``;
nothing is written to disk. Importing this module fails with ImportError where Qt
Multimedia (or a library it links against) is missing; the media viewer then says the
original cannot be played here.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from willay.core.i18n import clock

DEFAULT_VOLUME = 80


class MediaPlayer(QWidget):
    """Play/pause, a position slider with elapsed and total time, volume; video if any.

    ``unplayable`` is emitted once when Qt Multimedia cannot open or decode the bytes
    (no backend, an unknown format, a damaged file); the controls are then disabled.
    """

    unplayable = Signal()

    def __init__(self, video: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mediaPlayer")
        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.audio.setVolume(DEFAULT_VOLUME / 100)
        self.player.setAudioOutput(self.audio)
        self.buffer: QBuffer | None = None
        self.failed = False
        self.video: QVideoWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if video:
            self.video = QVideoWidget()
            self.video.setAccessibleName(self.tr("Video"))
            self.video.setSizePolicy(QSizePolicy.Policy.Expanding,
                                     QSizePolicy.Policy.Expanding)
            self.player.setVideoOutput(self.video)
            layout.addWidget(self.video, 1)
        else:
            layout.addStretch(1)
        style = self.style()
        self.play_icon = style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay)
        self.pause_icon = style.standardIcon(QStyle.StandardPixmap.SP_MediaPause)
        self.play_button = QPushButton(self.play_icon, self.tr("&Play"))
        self.play_button.setAccessibleName(self.tr("Play or pause"))
        self.position = QSlider(Qt.Orientation.Horizontal)
        self.position.setAccessibleName(self.tr("Position in the recording"))
        self.position.setRange(0, 0)
        self.position.setSingleStep(5000)
        self.position.setPageStep(30000)
        self.time = QLabel(f"{clock(0)} / {clock(0)}")
        self.time.setAccessibleName(self.tr("Elapsed and total time"))
        self.time.setMinimumWidth(self.time.fontMetrics().horizontalAdvance("00:00:00 / 00:00:00"))
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setAccessibleName(self.tr("Volume"))
        self.volume.setRange(0, 100)
        self.volume.setValue(DEFAULT_VOLUME)
        self.volume.setMaximumWidth(120)
        volume_label = QLabel(self.tr("&Volume"))
        volume_label.setBuddy(self.volume)
        controls = QHBoxLayout()
        controls.addWidget(self.play_button)
        controls.addWidget(self.position, 1)
        controls.addWidget(self.time)
        controls.addSpacing(12)
        controls.addWidget(volume_label)
        controls.addWidget(self.volume)
        layout.addLayout(controls)
        if not video:
            layout.addStretch(1)
        self._set_controls_enabled(False)

        self.play_button.clicked.connect(self.toggle)
        self.position.sliderMoved.connect(self.player.setPosition)
        self.position.valueChanged.connect(self._slider_changed)
        self.volume.valueChanged.connect(lambda value: self.audio.setVolume(value / 100))
        self.player.durationChanged.connect(self._duration_changed)
        self.player.positionChanged.connect(self._position_changed)
        self.player.playbackStateChanged.connect(self._state_changed)
        self.player.mediaStatusChanged.connect(self._status_changed)
        self.player.errorOccurred.connect(self._error)

    def load(self, data: bytes) -> None:
        """Hand the decrypted bytes to the player, from memory; playback waits for Play."""
        self.stop()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.buffer = buffer
        self.failed = False
        self._set_controls_enabled(True)
        # The URL is only a name for the stream; it names no file and nothing is read from it.
        self.player.setSourceDevice(buffer, QUrl("memory:original"))

    def toggle(self) -> None:
        """Play when paused or stopped, pause when playing."""
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
        elif not self.failed and self.buffer is not None:
            self.player.play()

    def stop(self) -> None:
        """Stop playing and let go of the bytes (the viewer is closing)."""
        self.player.stop()
        self.player.setSource(QUrl())  # an empty source: the player drops the buffer
        if self.buffer is not None:
            self.buffer.close()
            self.buffer.setData(QByteArray())
            self.buffer.deleteLater()
            self.buffer = None

    def _set_controls_enabled(self, enabled: bool) -> None:
        for widget in (self.play_button, self.position, self.volume):
            widget.setEnabled(enabled)

    def _duration_changed(self, duration: int) -> None:
        self.position.setRange(0, max(0, duration))
        self._show_time()

    def _position_changed(self, position: int) -> None:
        if not self.position.isSliderDown():
            self.position.blockSignals(True)
            self.position.setValue(position)
            self.position.blockSignals(False)
        self._show_time()

    def _slider_changed(self, value: int) -> None:
        # Keyboard steps and clicks on the groove move the slider without sliderMoved.
        if not self.position.isSliderDown() and abs(value - self.player.position()) > 250:
            self.player.setPosition(value)

    def _show_time(self) -> None:
        self.time.setText(f"{clock(self.player.position())} / {clock(self.player.duration())}")

    def _state_changed(self, state: QMediaPlayer.PlaybackState) -> None:
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        self.play_button.setIcon(self.pause_icon if playing else self.play_icon)
        self.play_button.setText(self.tr("&Pause") if playing else self.tr("&Play"))

    def _status_changed(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.InvalidMedia:
            self._give_up()

    def _error(self, error: QMediaPlayer.Error, _detail: str) -> None:
        if error != QMediaPlayer.Error.NoError:
            self._give_up()

    def _give_up(self) -> None:
        if self.failed:
            return
        self.failed = True
        self.player.stop()
        self._set_controls_enabled(False)
        self.unplayable.emit()
