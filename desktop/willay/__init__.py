"""Willay: an offline-first encrypted archive for human-rights field documentation."""

__version__ = "0.1.0"
