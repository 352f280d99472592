"""Documents for people outside the vault: PDF reports and evidence summaries.

Rendering uses Qt's painting (QPdfWriter, QTextDocument, Qt Charts), so this package is
not part of the Qt-free core; it reads its data through :mod:`willay.core` only.
"""
