"""Name search at national scale: each person carries the household's area codes, and one GIN index
holds them with the name trigrams, so a search within an area reads only that area's matches.

The codes are kept by the database: a person inserted without them (or moved to another household)
gets the household's, and a household moved to another area moves its members' codes with it. On
SQLite the same triggers exist; note that a batch migration that recreates `persons` or `households`
there drops them, so such a migration must create them again (see _create_triggers).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 05:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AREAS = "province_code, district_code, subdistrict_code"

POSTGRES_TRIGGERS = f"""
CREATE FUNCTION persons_area_from_household() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT {AREAS} INTO NEW.province_code, NEW.district_code, NEW.subdistrict_code
    FROM households WHERE id = NEW.household_id;
    RETURN NEW;
END $$;
CREATE TRIGGER persons_area_on_insert BEFORE INSERT ON persons FOR EACH ROW
    WHEN (NEW.subdistrict_code IS NULL) EXECUTE FUNCTION persons_area_from_household();
CREATE TRIGGER persons_area_on_move BEFORE UPDATE OF household_id ON persons FOR EACH ROW
    WHEN (OLD.household_id IS DISTINCT FROM NEW.household_id) EXECUTE FUNCTION persons_area_from_household();
CREATE FUNCTION households_area_to_persons() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE persons SET ({AREAS}) = (NEW.province_code, NEW.district_code, NEW.subdistrict_code)
    WHERE household_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER households_area_to_persons AFTER UPDATE OF {AREAS} ON households FOR EACH ROW
    WHEN ((OLD.province_code, OLD.district_code, OLD.subdistrict_code)
          IS DISTINCT FROM (NEW.province_code, NEW.district_code, NEW.subdistrict_code))
    EXECUTE FUNCTION households_area_to_persons();
"""
SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER persons_area_on_insert AFTER INSERT ON persons WHEN NEW.subdistrict_code IS NULL
    BEGIN UPDATE persons SET ({AREAS}) = (SELECT {AREAS} FROM households WHERE id = NEW.household_id)
    WHERE rowid = NEW.rowid; END""",
    f"""CREATE TRIGGER persons_area_on_move AFTER UPDATE OF household_id ON persons
    WHEN OLD.household_id IS NOT NEW.household_id
    BEGIN UPDATE persons SET ({AREAS}) = (SELECT {AREAS} FROM households WHERE id = NEW.household_id)
    WHERE rowid = NEW.rowid; END""",
    f"""CREATE TRIGGER households_area_to_persons AFTER UPDATE OF {AREAS} ON households
    BEGIN UPDATE persons SET ({AREAS}) = (NEW.province_code, NEW.district_code, NEW.subdistrict_code)
    WHERE household_id = NEW.id; END""",
]
TRIGGERS = ("persons_area_on_insert", "persons_area_on_move", "households_area_to_persons")


def _create_triggers(postgres: bool) -> None:
    for statement in [POSTGRES_TRIGGERS] if postgres else SQLITE_TRIGGERS:
        op.execute(statement)


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")  # GIN on the area code columns
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.add_column(sa.Column('province_code', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('district_code', sa.String(length=4), nullable=True))
        batch_op.add_column(sa.Column('subdistrict_code', sa.String(length=6), nullable=True))
    if postgres:
        op.execute(f"UPDATE persons SET ({AREAS}) = (h.province_code, h.district_code, h.subdistrict_code) "
                   "FROM households h WHERE h.id = persons.household_id")
    else:
        op.execute(f"UPDATE persons SET ({AREAS}) = "
                   f"(SELECT {AREAS} FROM households WHERE households.id = persons.household_id)")
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_index('ix_persons_name_key_trgm', postgresql_using='gin',
                            postgresql_ops={'name_key': 'gin_trgm_ops'})
        batch_op.create_index('ix_persons_area_name_trgm',
                              ['province_code', 'district_code', 'subdistrict_code', 'name_key'],
                              unique=False, postgresql_using='gin', postgresql_ops={'name_key': 'gin_trgm_ops'})
    _create_triggers(postgres)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for trigger in TRIGGERS:
        table = "households" if trigger.startswith("households") else "persons"
        op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}" if postgres
                   else f"DROP TRIGGER IF EXISTS {trigger}")
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS persons_area_from_household()")
        op.execute("DROP FUNCTION IF EXISTS households_area_to_persons()")
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_index('ix_persons_area_name_trgm', postgresql_using='gin',
                            postgresql_ops={'name_key': 'gin_trgm_ops'})
        batch_op.create_index('ix_persons_name_key_trgm', ['name_key'], unique=False, postgresql_using='gin',
                              postgresql_ops={'name_key': 'gin_trgm_ops'})
        batch_op.drop_column('subdistrict_code')
        batch_op.drop_column('district_code')
        batch_op.drop_column('province_code')
