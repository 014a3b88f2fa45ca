"""Link codes stored as keyed hashes (issue 14 items 7 and 8): `code_index` (HMAC of the whole code with
the blind-index key) and `locator_index` (of its first four characters), never the code; each code counts
its failed attempts. Codes issued before (six digits) are hashed the same way and expire now: officers
issue new ten-character codes.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 15:15:00.000000
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import context, op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LOCATOR = 4
UNUSED = sa.text('used_at IS NULL')


def _hash_old_codes() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, code FROM link_codes")).all()
    if not rows:
        return
    protector = context.config.attributes.get("protector")
    if protector is None:
        raise RuntimeError("0008 hashes link codes: run it through `flask db upgrade` with LOGBOOK_DATA_KEY set")
    bind.execute(sa.text("UPDATE link_codes SET code_index = :code, locator_index = :locator WHERE id = :id"), [
        {"id": row_id, "code": protector.blind_index(f"link-code:{code}"),
         "locator": protector.blind_index(f"link-locator:{code[:LOCATOR]}")} for row_id, code in rows])
    now = datetime.now(UTC).replace(tzinfo=None) if bind.dialect.name == "sqlite" else datetime.now(UTC)
    bind.execute(sa.text("UPDATE link_codes SET expires_at = :now WHERE used_at IS NULL AND expires_at > :now"),
                 {"now": now})


def upgrade() -> None:
    with op.batch_alter_table('link_codes') as batch_op:
        batch_op.drop_index('uq_link_codes_unused', postgresql_where=UNUSED, sqlite_where=UNUSED)
        batch_op.add_column(sa.Column('code_index', sa.LargeBinary(length=32), nullable=True))
        batch_op.add_column(sa.Column('locator_index', sa.LargeBinary(length=32), nullable=True))
        batch_op.add_column(sa.Column('failures', sa.Integer(), nullable=False, server_default='0'))
    _hash_old_codes()
    with op.batch_alter_table('link_codes') as batch_op:
        batch_op.alter_column('code_index', existing_type=sa.LargeBinary(length=32), nullable=False)
        batch_op.alter_column('locator_index', existing_type=sa.LargeBinary(length=32), nullable=False)
        batch_op.drop_column('code')
        batch_op.create_index('uq_link_codes_unused', ['code_index'], unique=True,
                              postgresql_where=UNUSED, sqlite_where=UNUSED)
        batch_op.create_index(batch_op.f('ix_link_codes_locator_index'), ['locator_index'], unique=False)


def downgrade() -> None:
    """The codes cannot be recovered from their hashes: every link code is deleted."""
    op.execute("DELETE FROM link_codes")
    with op.batch_alter_table('link_codes') as batch_op:
        batch_op.drop_index(batch_op.f('ix_link_codes_locator_index'))
        batch_op.drop_index('uq_link_codes_unused', postgresql_where=UNUSED, sqlite_where=UNUSED)
        batch_op.add_column(sa.Column('code', sa.String(length=6), nullable=False))
        batch_op.drop_column('failures')
        batch_op.drop_column('locator_index')
        batch_op.drop_column('code_index')
        batch_op.create_index('uq_link_codes_unused', ['code'], unique=True,
                              postgresql_where=UNUSED, sqlite_where=UNUSED)
