"""Exchanging records with partners: cards, partners, bundles, sending, receiving, receipts.

``card`` and ``partners`` say who is who; ``bundle`` reads and writes the ``*.willay``
file; ``send`` chooses what a partner may receive and seals it; ``receive`` checks a
bundle completely and merges it (``staging`` holds it meanwhile); ``delivery`` handles
receipts and purges; ``anonymize`` is the profile without names. May import
:mod:`~willay.core.media`, :mod:`~willay.core.reconcile` and everything below them.
"""
