"""The vault on disk: its folder, the SQLCipher database, its tables, migrations and originals.

:class:`~willay.core.vault.vault.Vault` opens, unlocks and locks a vault; ``database``
keys and migrates ``archive.db``; ``models`` are its tables; ``objects`` keeps each
original encrypted under ``objects/``; ``writer_lock`` lets one writer at a time change
them; ``identity`` holds the vault's own key pairs. Knows nothing of what a record means.
May import :mod:`~willay.core.keys`, :mod:`~willay.core.formats` and the root modules.
"""
