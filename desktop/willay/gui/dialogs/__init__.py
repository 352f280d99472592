"""Dialogs: record editors, media viewer, settings."""
