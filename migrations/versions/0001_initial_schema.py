"""Initial schema: areas, households, cases, visits, users, pipeline tables.

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 00:48:22.670622
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table('areas',
    sa.Column('code', sa.String(length=6), nullable=False),
    sa.Column('level', sa.Enum('province', 'district', 'subdistrict', name='arealevel', native_enum=False, create_constraint=True, length=12), nullable=False),
    sa.Column('name_th', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('parent_code', sa.String(length=6), nullable=True),
    sa.Column('office_phone', sa.String(length=20), nullable=True),
    sa.CheckConstraint("(level = 'province' AND length(code) = 2) OR (level = 'district' AND length(code) = 4) OR (level = 'subdistrict' AND length(code) = 6)", name=op.f('ck_areas_code_matches_level')),
    sa.CheckConstraint("length(code) IN (2, 4, 6) AND trim(code, '0123456789') = ''", name=op.f('ck_areas_code_digits')),
    sa.ForeignKeyConstraint(['parent_code'], ['areas.code'], name=op.f('fk_areas_parent_code_areas')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_areas'))
    )
    with op.batch_alter_table('areas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_areas_parent_code'), ['parent_code'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor', sa.String(length=80), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.String(length=64), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)

    op.create_table('inbox_events',
    sa.Column('webhook_event_id', sa.String(length=64), nullable=False),
    sa.Column('chat_id', sa.String(length=64), nullable=False),
    sa.Column('sender_id', sa.String(length=64), nullable=True),
    sa.Column('source_type', sa.String(length=16), nullable=False),
    sa.Column('event_type', sa.String(length=32), nullable=False),
    sa.Column('event_timestamp', sa.BigInteger(), nullable=False),
    sa.Column('is_redelivery', sa.Boolean(), nullable=False),
    sa.Column('payload', sa.LargeBinary(), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('processed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=32), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('webhook_event_id', name=op.f('pk_inbox_events'))
    )
    with op.batch_alter_table('inbox_events', schema=None) as batch_op:
        batch_op.create_index('ix_inbox_events_pending', ['chat_id', 'event_timestamp'], unique=False, postgresql_where=sa.text('processed_at IS NULL'), sqlite_where=sa.text('processed_at IS NULL'))

    op.create_table('indicators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=16), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('dimension', sa.Enum('health', 'living', 'education', 'income', 'public_services', name='dimension', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('text_th', sa.String(length=300), nullable=False),
    sa.Column('text_en', sa.String(length=300), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicators')),
    sa.UniqueConstraint('version', 'number', name='uq_indicators_version_number')
    )
    op.create_table('reference_counters',
    sa.Column('prefix', sa.String(length=8), nullable=False),
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('prefix', 'year', name=op.f('pk_reference_counters'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('line_user_id', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=True),
    sa.Column('role', sa.Enum('guest', 'citizen', 'officer', 'supervisor', 'admin', name='role', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('area_code', sa.String(length=6), nullable=True),
    sa.Column('consent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('consent_version', sa.String(length=16), nullable=True),
    sa.Column('notify', sa.Boolean(), nullable=False),
    sa.Column('alerts_muted', sa.Boolean(), nullable=False),
    sa.Column('following', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("role IN ('guest', 'citizen') OR area_code IS NOT NULL", name=op.f('ck_users_staff_has_scope')),
    sa.ForeignKeyConstraint(['area_code'], ['areas.code'], name=op.f('fk_users_area_code_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('line_user_id', name=op.f('uq_users_line_user_id'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_area_code'), ['area_code'], unique=False)

    op.create_table('villages',
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('subdistrict_code', sa.String(length=6), nullable=False),
    sa.Column('moo', sa.Integer(), nullable=False),
    sa.Column('name_th', sa.String(length=120), nullable=False),
    sa.CheckConstraint("length(code) IN (8) AND trim(code, '0123456789') = ''", name=op.f('ck_villages_code_digits')),
    sa.CheckConstraint('moo BETWEEN 1 AND 99', name=op.f('ck_villages_moo_range')),
    sa.ForeignKeyConstraint(['subdistrict_code'], ['areas.code'], name=op.f('fk_villages_subdistrict_code_areas')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_villages'))
    )
    with op.batch_alter_table('villages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_villages_subdistrict_code'), ['subdistrict_code'], unique=False)

    op.create_table('dialog_states',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('dialog', sa.String(length=40), nullable=False),
    sa.Column('step', sa.String(length=40), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_dialog_states_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_dialog_states'))
    )
    op.create_table('households',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('house_code', sa.String(length=11), nullable=True),
    sa.Column('house_no', sa.String(length=20), nullable=False),
    sa.Column('village_code', sa.String(length=8), nullable=False),
    sa.Column('subdistrict_code', sa.String(length=6), nullable=False),
    sa.Column('district_code', sa.String(length=4), nullable=False),
    sa.Column('province_code', sa.String(length=2), nullable=False),
    sa.Column('lat', sa.Double(), nullable=True),
    sa.Column('lng', sa.Double(), nullable=True),
    sa.Column('source', sa.Enum('tpmap', 'bmn', 'welfare_card', 'field_added', name='householdsource', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('source_year', sa.Integer(), nullable=True),
    sa.Column('level', sa.Enum('survive', 'sufficient', 'sustainable', name='developmentlevel', native_enum=False, create_constraint=True, length=24), nullable=True),
    sa.Column('closed', sa.Boolean(), nullable=False),
    sa.Column('next_follow_up_on', sa.Date(), nullable=True),
    sa.Column('last_visited_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("length(house_code) IN (11) AND trim(house_code, '0123456789') = ''", name=op.f('ck_households_house_code_digits')),
    sa.CheckConstraint("length(subdistrict_code) IN (6) AND trim(subdistrict_code, '0123456789') = ''", name=op.f('ck_households_subdistrict_code_digits')),
    sa.ForeignKeyConstraint(['village_code'], ['villages.code'], name=op.f('fk_households_village_code_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_households')),
    sa.UniqueConstraint('house_code', name=op.f('uq_households_house_code'))
    )
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_households_district_code'), ['district_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_households_next_follow_up_on'), ['next_follow_up_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_households_province_code'), ['province_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_households_subdistrict_code'), ['subdistrict_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_households_village_code'), ['village_code'], unique=False)

    op.create_table('invite_codes',
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('role', sa.Enum('guest', 'citizen', 'officer', 'supervisor', 'admin', name='role', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('area_code', sa.String(length=6), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('used_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("role IN ('officer', 'supervisor', 'admin')", name=op.f('ck_invite_codes_staff_role')),
    sa.ForeignKeyConstraint(['area_code'], ['areas.code'], name=op.f('fk_invite_codes_area_code_areas')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_invite_codes_created_by_id_users')),
    sa.ForeignKeyConstraint(['used_by_id'], ['users.id'], name=op.f('fk_invite_codes_used_by_id_users')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_invite_codes'))
    )
    op.create_table('help_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('dimensions', sa.JSON(), nullable=False),
    sa.Column('urgency', sa.Enum('urgent', 'soon', 'normal', name='urgency', native_enum=False, create_constraint=True, length=8), nullable=False),
    sa.Column('phone', sa.String(length=12), nullable=True),
    sa.Column('status', sa.Enum('open', 'acknowledged', 'closed', name='helprequeststatus', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_help_requests_household_id_households'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_help_requests_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_help_requests')),
    sa.UniqueConstraint('reference', name=op.f('uq_help_requests_reference'))
    )
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_help_requests_household_id'), ['household_id'], unique=False)

    op.create_table('persons',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=40), nullable=True),
    sa.Column('first_name', sa.String(length=80), nullable=False),
    sa.Column('last_name', sa.String(length=80), nullable=False),
    sa.Column('name_key', sa.String(length=160), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('sex', sa.Enum('male', 'female', 'unknown', name='sex', native_enum=False, create_constraint=True, length=8), nullable=False),
    sa.Column('relation', sa.Enum('head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'relative', 'other', name='relation', native_enum=False, create_constraint=True, length=12), nullable=False),
    sa.Column('is_head', sa.Boolean(), nullable=False),
    sa.Column('welfare_card', sa.Boolean(), nullable=False),
    sa.Column('elderly', sa.Boolean(), nullable=False),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('bedridden', sa.Boolean(), nullable=False),
    sa.Column('chronic_illness', sa.Boolean(), nullable=False),
    sa.Column('national_id_cipher', sa.LargeBinary(), nullable=True),
    sa.Column('national_id_index', sa.LargeBinary(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_persons_household_id_households'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_persons')),
    sa.UniqueConstraint('national_id_index', name=op.f('uq_persons_national_id_index'))
    )
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_persons_household_id'), ['household_id'], unique=False)
        batch_op.create_index('ix_persons_name_key_trgm', ['name_key'], unique=False, postgresql_using='gin', postgresql_ops={'name_key': 'gin_trgm_ops'})

    op.create_table('visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('submission_key', sa.String(length=64), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=True),
    sa.Column('visited_on', sa.Date(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('lat', sa.Double(), nullable=True),
    sa.Column('lng', sa.Double(), nullable=True),
    sa.Column('consent', sa.Boolean(), nullable=False),
    sa.Column('level_assessed', sa.Enum('survive', 'sufficient', 'sustainable', name='developmentlevel', native_enum=False, create_constraint=True, length=24), nullable=True),
    sa.Column('follow_up_on', sa.Date(), nullable=True),
    sa.Column('urgent', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_visits_household_id_households'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['officer_id'], ['users.id'], name=op.f('fk_visits_officer_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visits')),
    sa.UniqueConstraint('reference', name=op.f('uq_visits_reference')),
    sa.UniqueConstraint('submission_key', name=op.f('uq_visits_submission_key'))
    )
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visits_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visits_officer_id'), ['officer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visits_submitted_at'), ['submitted_at'], unique=False)

    op.create_table('alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('critical_household', 'help_request', 'overdue_follow_up', 'visit_changed', name='alertkind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('dedupe_key', sa.String(length=80), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=True),
    sa.Column('help_request_id', sa.Integer(), nullable=True),
    sa.Column('urgent', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('state', sa.Enum('new', 'acknowledged', 'assigned', 'revisit_requested', name='alertstate', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('acted_by_id', sa.Integer(), nullable=True),
    sa.Column('acted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('assigned_to_id', sa.Integer(), nullable=True),
    sa.Column('revisit_by', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['acted_by_id'], ['users.id'], name=op.f('fk_alerts_acted_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['assigned_to_id'], ['users.id'], name=op.f('fk_alerts_assigned_to_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['help_request_id'], ['help_requests.id'], name=op.f('fk_alerts_help_request_id_help_requests'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_alerts_household_id_households'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_alerts_visit_id_visits'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alerts')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_alerts_dedupe_key'))
    )
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alerts_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_alerts_household_id'), ['household_id'], unique=False)

    op.create_table('attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('line_message_id', sa.String(length=64), nullable=False),
    sa.Column('uploader_id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('pending', 'stored', 'failed', name='attachmentstatus', native_enum=False, create_constraint=True, length=8), nullable=False),
    sa.Column('storage_path', sa.String(length=300), nullable=True),
    sa.Column('content_type', sa.String(length=40), nullable=True),
    sa.Column('size', sa.Integer(), nullable=True),
    sa.Column('error', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['uploader_id'], ['users.id'], name=op.f('fk_attachments_uploader_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_attachments_visit_id_visits'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments')),
    sa.UniqueConstraint('line_message_id', name=op.f('uq_attachments_line_message_id'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_uploader_id'), ['uploader_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachments_visit_id'), ['visit_id'], unique=False)

    op.create_table('citizen_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('method', sa.Enum('national_id_birth_date', 'one_time_code', name='linkmethod', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('linked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('unlinked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_citizen_links_household_id_households'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_citizen_links_person_id_persons'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_citizen_links_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_citizen_links'))
    )
    with op.batch_alter_table('citizen_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_citizen_links_household_id'), ['household_id'], unique=False)
        batch_op.create_index('uq_citizen_links_active', ['user_id'], unique=True, postgresql_where=sa.text('unlinked_at IS NULL'), sqlite_where=sa.text('unlinked_at IS NULL'))

    op.create_table('link_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=6), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_link_codes_issued_by_id_users')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_link_codes_person_id_persons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_link_codes'))
    )
    with op.batch_alter_table('link_codes', schema=None) as batch_op:
        batch_op.create_index('uq_link_codes_unused', ['code'], unique=True, postgresql_where=sa.text('used_at IS NULL'), sqlite_where=sa.text('used_at IS NULL'))

    op.create_table('problems',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=True),
    sa.Column('dimension', sa.Enum('health', 'living', 'education', 'income', 'public_services', name='dimension', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('open', 'in_progress', 'referred', 'helped', 'self_resolved', 'unresolvable', name='problemstatus', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('identified_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('visit_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_problems_household_id_households'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], name=op.f('fk_problems_indicator_id_indicators')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_problems_person_id_persons'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_problems_visit_id_visits'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_problems'))
    )
    with op.batch_alter_table('problems', schema=None) as batch_op:
        batch_op.create_index('ix_problems_household_status', ['household_id', 'status'], unique=False)

    op.create_table('assistance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('problem_id', sa.Integer(), nullable=True),
    sa.Column('visit_id', sa.Integer(), nullable=True),
    sa.Column('type', sa.Enum('cash', 'goods', 'housing', 'livelihood', 'employment', 'scholarship', 'medical_referral', 'rights_registration', 'debt_relief', 'training', 'other', name='assistancetype', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('agency', sa.String(length=200), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=True),
    sa.Column('given_on', sa.Date(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount IS NULL OR amount >= 0', name=op.f('ck_assistance_amount_not_negative')),
    sa.CheckConstraint('quantity IS NULL OR quantity > 0', name=op.f('ck_assistance_quantity_positive')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_assistance_household_id_households'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['problem_id'], ['problems.id'], name=op.f('fk_assistance_problem_id_problems'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_assistance_visit_id_visits'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assistance'))
    )
    with op.batch_alter_table('assistance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assistance_household_id'), ['household_id'], unique=False)

    op.create_table('outbound_messages',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('recipient', sa.String(length=64), nullable=True),
    sa.Column('recipients', sa.JSON(), nullable=True),
    sa.Column('reply_token', sa.String(length=256), nullable=True),
    sa.Column('reply_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('payload', sa.LargeBinary(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'held', 'delivered', 'failed', 'dead', name='deliverystatus', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('urgent', sa.Boolean(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('delivered_via', sa.String(length=16), nullable=True),
    sa.Column('inbox_event_id', sa.String(length=64), nullable=True),
    sa.Column('alert_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['alert_id'], ['alerts.id'], name=op.f('fk_outbound_messages_alert_id_alerts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['inbox_event_id'], ['inbox_events.webhook_event_id'], name=op.f('fk_outbound_messages_inbox_event_id_inbox_events'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbound_messages'))
    )
    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbound_messages_alert_id'), ['alert_id'], unique=False)
        batch_op.create_index('ix_outbound_messages_due', ['next_attempt_at'], unique=False, postgresql_where=sa.text("status IN ('pending', 'held')"), sqlite_where=sa.text("status IN ('pending', 'held')"))
        batch_op.create_index(batch_op.f('ix_outbound_messages_recipient'), ['recipient'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbound_messages_recipient'))
        batch_op.drop_index('ix_outbound_messages_due', postgresql_where=sa.text("status IN ('pending', 'held')"), sqlite_where=sa.text("status IN ('pending', 'held')"))
        batch_op.drop_index(batch_op.f('ix_outbound_messages_alert_id'))

    op.drop_table('outbound_messages')
    with op.batch_alter_table('assistance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assistance_household_id'))

    op.drop_table('assistance')
    with op.batch_alter_table('problems', schema=None) as batch_op:
        batch_op.drop_index('ix_problems_household_status')

    op.drop_table('problems')
    with op.batch_alter_table('link_codes', schema=None) as batch_op:
        batch_op.drop_index('uq_link_codes_unused', postgresql_where=sa.text('used_at IS NULL'), sqlite_where=sa.text('used_at IS NULL'))

    op.drop_table('link_codes')
    with op.batch_alter_table('citizen_links', schema=None) as batch_op:
        batch_op.drop_index('uq_citizen_links_active', postgresql_where=sa.text('unlinked_at IS NULL'), sqlite_where=sa.text('unlinked_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_citizen_links_household_id'))

    op.drop_table('citizen_links')
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_visit_id'))
        batch_op.drop_index(batch_op.f('ix_attachments_uploader_id'))

    op.drop_table('attachments')
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alerts_household_id'))
        batch_op.drop_index(batch_op.f('ix_alerts_created_at'))

    op.drop_table('alerts')
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visits_submitted_at'))
        batch_op.drop_index(batch_op.f('ix_visits_officer_id'))
        batch_op.drop_index(batch_op.f('ix_visits_household_id'))

    op.drop_table('visits')
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_index('ix_persons_name_key_trgm', postgresql_using='gin', postgresql_ops={'name_key': 'gin_trgm_ops'})
        batch_op.drop_index(batch_op.f('ix_persons_household_id'))

    op.drop_table('persons')
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_help_requests_household_id'))

    op.drop_table('help_requests')
    op.drop_table('invite_codes')
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_households_village_code'))
        batch_op.drop_index(batch_op.f('ix_households_subdistrict_code'))
        batch_op.drop_index(batch_op.f('ix_households_province_code'))
        batch_op.drop_index(batch_op.f('ix_households_next_follow_up_on'))
        batch_op.drop_index(batch_op.f('ix_households_district_code'))

    op.drop_table('households')
    op.drop_table('dialog_states')
    with op.batch_alter_table('villages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_villages_subdistrict_code'))

    op.drop_table('villages')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_area_code'))

    op.drop_table('users')
    op.drop_table('reference_counters')
    op.drop_table('indicators')
    with op.batch_alter_table('inbox_events', schema=None) as batch_op:
        batch_op.drop_index('ix_inbox_events_pending', postgresql_where=sa.text('processed_at IS NULL'), sqlite_where=sa.text('processed_at IS NULL'))

    op.drop_table('inbox_events')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))

    op.drop_table('audit_log')
    with op.batch_alter_table('areas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_areas_parent_code'))

    op.drop_table('areas')
