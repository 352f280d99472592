"""Exchanging records with partners: partners, bundles, sending, receiving, receipts.

``partners`` says who is who (their cards are read by :mod:`willay.core.formats.card`);
``bundle`` reads and writes the ``*.willay`` file; ``send`` chooses what a partner may
receive and seals it; ``receive`` checks a bundle completely and merges it
(``line_checks`` judges each line it brings, ``staging`` holds them meanwhile);
``delivery`` handles receipts and purges; ``anonymize`` is the profile without names.
May import :mod:`~willay.core.media`, :mod:`~willay.core.reconcile` and everything below.
"""
