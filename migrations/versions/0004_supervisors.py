"""Supervisors: dedupe keys on outbound messages (digests, scans) and the chart images the bot serves.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 02:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dedupe_key', sa.String(length=120), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbound_messages_dedupe_key'), ['dedupe_key'], unique=True)

    op.create_table('chart_images',
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('area_code', sa.String(length=6), nullable=False),
    sa.Column('png', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_chart_images'))
    )
    with op.batch_alter_table('chart_images', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chart_images_created_at'), ['created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('chart_images', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_chart_images_created_at'))

    op.drop_table('chart_images')
    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbound_messages_dedupe_key'))
        batch_op.drop_column('dedupe_key')
