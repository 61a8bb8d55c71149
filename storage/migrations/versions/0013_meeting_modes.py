"""meeting modes, tentative dates, recordings, closed items, documents, proposed items, how people took part

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 03:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    with op.batch_alter_table('series', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mode', sa.String(length=12), nullable=True))
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mode', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('tentative', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('recording_url', sa.String(length=500), nullable=True))
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('rollcalls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('in_room', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('rollcall_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('took_part', sa.String(length=8), nullable=True))
    op.create_table('agenda_documents',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('guild_id', ID, nullable=False),
    sa.Column('meeting_id', ID, nullable=False),
    sa.Column('item_id', ID, nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('added_by', ID, nullable=True),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_items.id'], name=op.f('fk_agenda_documents_item_id_agenda_items'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_documents'))
    )
    with op.batch_alter_table('agenda_documents', schema=None) as batch_op:
        batch_op.create_index('ix_agenda_documents_meeting', ['guild_id', 'meeting_id'], unique=False)
    op.create_table('agenda_proposals',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('guild_id', ID, nullable=False),
    sa.Column('meeting_id', ID, nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('parent_id', ID, nullable=True),
    sa.Column('document_label', sa.String(length=200), nullable=True),
    sa.Column('document_url', sa.String(length=500), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('item_id', ID, nullable=True),
    sa.Column('channel_id', ID, nullable=True),
    sa.Column('message_id', ID, nullable=True),
    sa.Column('proposed_by', ID, nullable=True),
    sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_by', ID, nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_items.id'], name=op.f('fk_agenda_proposals_item_id_agenda_items'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['parent_id'], ['agenda_items.id'],
                            name=op.f('fk_agenda_proposals_parent_id_agenda_items'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_proposals'))
    )
    with op.batch_alter_table('agenda_proposals', schema=None) as batch_op:
        batch_op.create_index('ix_agenda_proposals_meeting', ['guild_id', 'meeting_id'], unique=False)
    op.create_table('voice_overwrite_backups',
    sa.Column('guild_id', ID, nullable=False),
    sa.Column('meeting_id', ID, nullable=False),
    sa.Column('channel_id', ID, nullable=False),
    sa.Column('target_id', ID, nullable=False),
    sa.Column('existed', sa.Boolean(), nullable=False),
    sa.Column('allow', sa.BigInteger(), nullable=False),
    sa.Column('deny', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('guild_id', 'meeting_id', 'channel_id', 'target_id',
                            name=op.f('pk_voice_overwrite_backups'))
    )


def downgrade() -> None:
    op.drop_table('voice_overwrite_backups')
    with op.batch_alter_table('agenda_proposals', schema=None) as batch_op:
        batch_op.drop_index('ix_agenda_proposals_meeting')
    op.drop_table('agenda_proposals')
    with op.batch_alter_table('agenda_documents', schema=None) as batch_op:
        batch_op.drop_index('ix_agenda_documents_meeting')
    op.drop_table('agenda_documents')
    with op.batch_alter_table('rollcall_entries', schema=None) as batch_op:
        batch_op.drop_column('took_part')
    with op.batch_alter_table('rollcalls', schema=None) as batch_op:
        batch_op.drop_column('in_room')
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_column('closed')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_column('recording_url')
        batch_op.drop_column('tentative')
        batch_op.drop_column('mode')
    with op.batch_alter_table('series', schema=None) as batch_op:
        batch_op.drop_column('mode')
