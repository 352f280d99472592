"""Where the sound of a recording comes from: the laptop's microphones, through Qt.

An :class:`AudioInput` hands 16-bit PCM to whoever listens to :attr:`AudioInput.sound`;
the recording window does not know whether it comes from a microphone or elsewhere.
Importing this module fails with ImportError where Qt Multimedia is missing; the
recording window then says that recording is not possible here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QIODevice, QObject, Signal
from PySide6.QtMultimedia import (
    QAudioDevice,
    QAudioFormat,
    QAudioSource,
    QMediaDevices,
    QtAudio,
)

from willay.gui.labels import fill

# Voice at 48 kHz is what the Opus encoder takes best; 16 kHz is the fallback of cheap
# headsets. The sound system converts from whatever the device gives natively.
FORMATS = ((48000, 1), (48000, 2), (16000, 1))


class AudioInput(QObject):
    """A source of sound for one recording; :meth:`start` once, :meth:`stop` once."""

    sound = Signal(bytes)
    """Emits: 16-bit little-endian PCM, interleaved when there are two channels."""
    failed = Signal(str)
    """Emits: why the sound stopped coming (the device was unplugged, say)."""

    name = ""
    sample_rate = 48000
    channels = 1

    def start(self) -> None:
        """Begin delivering sound; emit :attr:`failed` if the device cannot open."""
        raise NotImplementedError

    def suspend(self) -> None:
        """Stop listening for a while (pause): the device is released from capture."""
        raise NotImplementedError

    def resume(self) -> None:
        """Listen again after :meth:`suspend`."""
        raise NotImplementedError

    def stop(self) -> None:
        """Stop for good and let go of the device."""
        raise NotImplementedError


@dataclass(frozen=True)
class InputChoice:
    """One input the person can choose, by the name the system gives it."""

    name: str
    make: Callable[[], AudioInput]
    default: bool = False


class MicrophoneInput(AudioInput):
    """Sound from a microphone the system knows, read as it arrives (Qt's push mode)."""

    def __init__(self, device: QAudioDevice) -> None:
        super().__init__()
        self.device = device
        self.name = device.description()
        self.sample_rate, self.channels = 48000, 1
        for rate, channels in FORMATS:
            if device.isFormatSupported(_format(rate, channels)):
                self.sample_rate, self.channels = rate, channels
                break
        self.source: QAudioSource | None = None
        self.stream: QIODevice | None = None

    def start(self) -> None:
        """Open the microphone and deliver what it hears."""
        self.source = QAudioSource(self.device, _format(self.sample_rate, self.channels), self)
        self.source.stateChanged.connect(self._state_changed)
        self.stream = self.source.start()
        if self.stream is None:
            self.failed.emit(fill(self.tr("The microphone “%1” cannot be opened."), self.name))
            return
        self.stream.readyRead.connect(self._read)

    def _read(self) -> None:
        if self.stream is not None:
            data = self.stream.readAll().data()
            if data:
                self.sound.emit(bytes(data))

    def _state_changed(self, _state: QtAudio.State) -> None:
        if self.source is not None and self.source.error() not in (
                QtAudio.Error.NoError, QtAudio.Error.UnderrunError):
            self.failed.emit(fill(self.tr("The microphone “%1” stopped giving sound (was it "
                                          "unplugged?)."), self.name))

    def suspend(self) -> None:
        """Pause capture on the device."""
        if self.source is not None:
            self._read()
            self.source.suspend()

    def resume(self) -> None:
        """Capture again on the device."""
        if self.source is not None:
            self.source.resume()

    def stop(self) -> None:
        """Read what is left, then close the device."""
        if self.source is not None:
            self._read()
            self.source.stateChanged.disconnect(self._state_changed)
            self.source.stop()
            self.source = None
            self.stream = None


def _format(rate: int, channels: int) -> QAudioFormat:
    wanted = QAudioFormat()
    wanted.setSampleRate(rate)
    wanted.setChannelCount(channels)
    wanted.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    return wanted


def _maker(device: QAudioDevice) -> Callable[[], AudioInput]:
    return lambda: MicrophoneInput(device)


def available_inputs() -> list[InputChoice]:
    """Return the microphones of this computer, the system's default first."""
    default = QMediaDevices.defaultAudioInput()
    choices = []
    for device in QMediaDevices.audioInputs():
        is_default = not default.isNull() and device.id() == default.id()
        choices.append(InputChoice(device.description(), _maker(device), is_default))
    choices.sort(key=lambda choice: not choice.default)
    return choices
