"""Records and their history: revisions, the custody log, author signatures, search, queries.

Every change to an incident, person or testimony is a signed revision (``revisions``,
``authorship``) logged in the hash-chained custody log (``custody``); ``service`` creates,
edits and reads records, ``fields`` checks their values, ``projection`` and ``search``
keep the head-state tables and the full-text index, ``filter`` selects incidents,
``queries`` serves paged reads, ``verify`` rechecks everything. May import
:mod:`~willay.core.vault`, :mod:`~willay.core.reference`, :mod:`~willay.core.keys`,
:mod:`~willay.core.formats` and the root modules.
"""

from willay.core.records import authorship, custody
from willay.core.vault.vault import CUSTODY_SCHEMA, SIGNATURES_SCHEMA, register_upgrade

# The vault migrates the schema; the data that older vaults lack is made here.
register_upgrade(CUSTODY_SCHEMA, custody.backfill_revisions)
register_upgrade(SIGNATURES_SCHEMA, authorship.attest_unsigned)
