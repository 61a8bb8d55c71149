"""minutes sent round for comments, comments per section, overdue-minutes notices

Revision ID: 0006
Revises: 0005
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('minutes_circulations',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('guild_id', ID, nullable=False),
    sa.Column('meeting_id', ID, nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('channel_id', ID, nullable=True),
    sa.Column('message_id', ID, nullable=True),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', ID, nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes_circulations'))
    )
    with op.batch_alter_table('minutes_circulations', schema=None) as batch_op:
        batch_op.create_index('ix_minutes_circulations_meeting', ['guild_id', 'meeting_id'], unique=False)

    op.create_table('minutes_comments',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('circulation_id', ID, nullable=False),
    sa.Column('guild_id', ID, nullable=False),
    sa.Column('section_index', sa.Integer(), nullable=False),
    sa.Column('section_heading', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', ID, nullable=True),
    sa.Column('author_name', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['circulation_id'], ['minutes_circulations.id'],
                            name=op.f('fk_minutes_comments_circulation_id_minutes_circulations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes_comments'))
    )
    with op.batch_alter_table('minutes_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minutes_comments_circulation_id'), ['circulation_id'], unique=False)

    op.create_table('minutes_overdue_notices',
    sa.Column('guild_id', ID, nullable=False),
    sa.Column('meeting_id', ID, nullable=False),
    sa.Column('noticed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('guild_id', 'meeting_id', name=op.f('pk_minutes_overdue_notices'))
    )


def downgrade() -> None:
    op.drop_table('minutes_overdue_notices')
    with op.batch_alter_table('minutes_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_minutes_comments_circulation_id'))
    op.drop_table('minutes_comments')
    with op.batch_alter_table('minutes_circulations', schema=None) as batch_op:
        batch_op.drop_index('ix_minutes_circulations_meeting')
    op.drop_table('minutes_circulations')
