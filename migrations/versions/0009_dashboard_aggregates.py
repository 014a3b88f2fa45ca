"""The dashboard's aggregates (issue 16): counts per area, each household's contribution, and the
households to recount, marked by triggers on households, visits, problems, assistance and help requests.

On SQLite a batch migration that recreates one of those tables drops its triggers: such a migration
must create them again (see _create_triggers). Existing households are marked dirty, so the first
commit after the upgrade counts them (models.dashboard_upkeep).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 15:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MARKED = {"households": "id", "visits": "household_id", "problems": "household_id",
          "assistance": "household_id", "help_requests": "household_id"}
POSTGRES_FUNCTION = """
CREATE FUNCTION dashboard_mark_{column}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO dashboard_dirty (household_id) VALUES (OLD.{column}) ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.{column} IS DISTINCT FROM OLD.{column}) THEN
        INSERT INTO dashboard_dirty (household_id) VALUES (NEW.{column}) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
"""


def _create_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for column in sorted(set(MARKED.values())):
            op.execute(POSTGRES_FUNCTION.format(column=column))
        for table, column in MARKED.items():
            op.execute(f"CREATE TRIGGER dashboard_mark_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                       f"FOR EACH ROW EXECUTE FUNCTION dashboard_mark_{column}()")
        return
    mark = "INSERT OR IGNORE INTO dashboard_dirty (household_id) VALUES"
    for table, column in MARKED.items():
        op.execute(f"CREATE TRIGGER dashboard_mark_{table}_insert AFTER INSERT ON {table} "
                   f"BEGIN {mark} (NEW.{column}); END")
        op.execute(f"CREATE TRIGGER dashboard_mark_{table}_update AFTER UPDATE ON {table} "
                   f"BEGIN {mark} (OLD.{column}); {mark} (NEW.{column}); END")
        op.execute(f"CREATE TRIGGER dashboard_mark_{table}_delete AFTER DELETE ON {table} "
                   f"BEGIN {mark} (OLD.{column}); END")


def upgrade() -> None:
    op.create_table(
        'dashboard_counts',
        sa.Column('area_code', sa.String(length=6), nullable=False),
        sa.Column('key', sa.String(length=240), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
        sa.PrimaryKeyConstraint('area_code', 'key', 'day', name=op.f('pk_dashboard_counts')),
    )
    op.create_table(
        'dashboard_households',
        sa.Column('household_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('contribution', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('household_id', name=op.f('pk_dashboard_households')),
    )
    op.create_table(
        'dashboard_dirty',
        sa.Column('household_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint('household_id', name=op.f('pk_dashboard_dirty')),
    )
    _create_triggers()
    op.execute("INSERT INTO dashboard_dirty (household_id) SELECT id FROM households")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in MARKED:
            op.execute(f"DROP TRIGGER dashboard_mark_{table} ON {table}")
        for column in sorted(set(MARKED.values())):
            op.execute(f"DROP FUNCTION dashboard_mark_{column}()")
    else:
        for table in MARKED:
            for when in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER dashboard_mark_{table}_{when}")
    op.drop_table('dashboard_dirty')
    op.drop_table('dashboard_households')
    op.drop_table('dashboard_counts')
