"""Bringing many documenters' work together: merges of conflicting edits, links, duplicates.

``merge`` finds records with two heads and merges them field by field, ``links`` joins
records that describe the same event or person, ``duplicates`` suggests such pairs. May
import :mod:`~willay.core.records` and everything below it.
"""
