"""The keys a passphrase or a recovery code opens: Argon2id, ``keyring.json``, recovery codes.

Nothing here touches the database: these modules turn what a person types into the
vault's data key and back. May import only the root modules of :mod:`willay.core`.
"""
