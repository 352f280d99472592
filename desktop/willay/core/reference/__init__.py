"""What the documenters' words mean: dates as they are known, vocabularies, Peru's places.

Read-only reference data from ``resources/`` (the INEI gazetteer, controlled vocabularies)
and the parsing of approximate dates. May import only the root modules of
:mod:`willay.core`.
"""
