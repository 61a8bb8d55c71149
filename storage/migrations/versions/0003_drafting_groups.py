"""drafting groups and their members

Revision ID: 0003
Revises: 0002
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('drafting_groups',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('guild_id', ID, nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('rule', sa.String(length=500), nullable=True),
    sa.Column('parent_channel_id', ID, nullable=True),
    sa.Column('thread_id', ID, nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_by', ID, nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_drafting_groups'))
    )
    with op.batch_alter_table('drafting_groups', schema=None) as batch_op:
        batch_op.create_index('ix_drafting_groups_thread', ['guild_id', 'thread_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_drafting_groups_guild_id'), ['guild_id'], unique=False)

    op.create_table('drafting_group_members',
    sa.Column('group_id', ID, nullable=False),
    sa.Column('user_id', ID, nullable=False),
    sa.Column('guild_id', ID, nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['drafting_groups.id'],
                            name=op.f('fk_drafting_group_members_group_id_drafting_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'user_id', name=op.f('pk_drafting_group_members'))
    )
    with op.batch_alter_table('drafting_group_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_drafting_group_members_guild_id'), ['guild_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('drafting_group_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_drafting_group_members_guild_id'))
    op.drop_table('drafting_group_members')
    with op.batch_alter_table('drafting_groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_drafting_groups_guild_id'))
        batch_op.drop_index('ix_drafting_groups_thread')
    op.drop_table('drafting_groups')
