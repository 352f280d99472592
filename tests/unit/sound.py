"""Generated sound for the recording tests: a voice-like tone as a microphone gives it."""

from __future__ import annotations

import math

import numpy

RATE = 48000


def tone(seconds: float, rate: int = RATE, frequency: float = 220.0,
         start: float = 0.0) -> bytes:
    """Return ``seconds`` of a tone that swells three times a second, as 16-bit PCM.

    ``start`` (seconds) continues an earlier piece without a click.
    """
    first = round(start * rate)
    t = numpy.arange(first, first + round(seconds * rate)) / rate
    wave = numpy.sin(2 * math.pi * frequency * t) * (0.6 + 0.3 * numpy.sin(2 * math.pi * 3 * t))
    return (wave * 12000).astype("<i2").tobytes()


def pieces(seconds: float, piece: float = 0.02, rate: int = RATE) -> list[bytes]:
    """Return ``seconds`` of tone cut in pieces of ``piece`` seconds, as capture delivers."""
    count = round(seconds / piece)
    return [tone(piece, rate, start=i * piece) for i in range(count)]
