"""What a coordinator hands on: counts, CSV and Uwazi files, evidence packages for lawyers.

``counts`` makes the tallies (linked incidents once), ``csv`` and ``uwazi`` write them for
spreadsheets and Uwazi, ``evidence_package`` builds a folder a lawyer can check without
Willay. The top of the core: may import any other part of it.
"""
