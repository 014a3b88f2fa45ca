"""Odd webhook events: each inbox event can say why it is odd, and operators count them (issue 14).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 14:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('inbox_events', sa.Column('oddity', sa.String(length=120), nullable=True))
    op.create_index(
        'ix_inbox_events_odd',
        'inbox_events',
        ['received_at'],
        postgresql_where=sa.text('oddity IS NOT NULL'),
        sqlite_where=sa.text('oddity IS NOT NULL'),
    )


def downgrade() -> None:
    op.drop_index('ix_inbox_events_odd', table_name='inbox_events')
    op.drop_column('inbox_events', 'oddity')  # SQLite 3.35+ drops a column in place
