"""Alembic environment of a hub: runs on the connection the hub hands over, in its
transaction, so a hub is made or upgraded whole or not at all."""

from __future__ import annotations

from alembic import context

from willay.core.vault import hub_schema

config = context.config
connection = config.attributes["connection"]
context.configure(connection=connection, target_metadata=hub_schema.target_metadata(),
                  include_object=hub_schema.modelled, transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
