"""Citizens: household changes waiting for a linked citizen's daily digest.

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-23 01:17:37.147487
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('citizen_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('assistance_id', sa.Integer(), nullable=True),
    sa.Column('problem_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('open', 'in_progress', 'referred', 'helped', 'self_resolved', 'unresolvable', name='problemstatus', native_enum=False, create_constraint=True, length=24), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('assistance_id IS NOT NULL OR problem_id IS NOT NULL', name=op.f('ck_citizen_notices_has_subject')),
    sa.ForeignKeyConstraint(['assistance_id'], ['assistance.id'], name=op.f('fk_citizen_notices_assistance_id_assistance'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_citizen_notices_household_id_households'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['problem_id'], ['problems.id'], name=op.f('fk_citizen_notices_problem_id_problems'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_citizen_notices_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_citizen_notices'))
    )
    with op.batch_alter_table('citizen_notices', schema=None) as batch_op:
        batch_op.create_index('ix_citizen_notices_user_sent', ['user_id', 'sent_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('citizen_notices', schema=None) as batch_op:
        batch_op.drop_index('ix_citizen_notices_user_sent')

    op.drop_table('citizen_notices')
