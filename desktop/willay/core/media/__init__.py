"""Photos, audio, video and documents: taking originals in, probing them, redacted copies.

``intake`` checks and seals files into the vault, ``sniff`` tells a file's type from its
first bytes, ``probe`` decodes a photo for its metadata and thumbnail, ``redaction`` makes
copies with parts hidden. May import :mod:`~willay.core.records` and everything below it.
"""
