"""Alembic environment: runs on the engine the vault hands over, never from a URL."""

from __future__ import annotations

from alembic import context

from willay.core.vault import kept, models  # noqa: F401  (kept: its tables join the metadata)

config = context.config

# The FTS5 index and its shadow tables are created by hand in migrations, not modelled.
FTS_TABLE = "search_index"


def include_object(_obj: object, name: str | None, type_: str, *_rest: object) -> bool:
    """Leave the full-text tables out of autogenerate comparisons."""
    return not (type_ == "table" and name is not None and name.startswith(FTS_TABLE))

engine = config.attributes["engine"]
target_metadata = models.SQLModel.metadata

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
