"""File formats read and written byte for byte, with no knowledge of vaults or records.

age encryption (header, recipients, the STREAM payload), Bech32, POSIX tar streams,
minisign signatures and keys, and Padmé padding. Everything here works on bytes and
streams, so each format can be checked against the stock tools (``age``, ``minisign``,
``tar``). May import only the root modules of :mod:`willay.core` (errors, canonical...).
"""
