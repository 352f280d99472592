"""What a coordinator hands on: counts, CSV and Uwazi files, evidence packages for lawyers.

``counts`` makes the tallies (linked incidents once) from what ``incident_data`` reads,
with the words of each row from ``labels``; ``csv`` and ``uwazi`` write them for
spreadsheets and Uwazi. ``evidence_package`` builds a folder a lawyer can check without
Willay: ``evidence_contents`` gathers what consent admits, ``evidence_files`` writes the
checked and signed files, ``evidence_custody`` the custody log. The top of the core: may
import any other part of it.
"""
