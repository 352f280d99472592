"""Alembic environment: runs on the engine the vault hands over, never from a URL."""

from __future__ import annotations

from alembic import context

from willay.core import models

config = context.config
engine = config.attributes["engine"]
target_metadata = models.SQLModel.metadata

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
