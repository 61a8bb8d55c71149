"""deliverables with stages, deadlines and versions

Revision ID: 0004
Revises: 0003
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('deliverables',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('guild_id', ID, nullable=False),
    sa.Column('title', sa.String(length=150), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('stage', sa.String(length=12), nullable=False),
    sa.Column('owner_id', ID, nullable=True),
    sa.Column('owner_name', sa.String(length=100), nullable=False),
    sa.Column('group_id', ID, nullable=True),
    sa.Column('deadlines', sa.JSON(), nullable=False),
    sa.Column('channel_id', ID, nullable=True),
    sa.Column('created_by', ID, nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['drafting_groups.id'],
                            name=op.f('fk_deliverables_group_id_drafting_groups'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deliverables'))
    )
    with op.batch_alter_table('deliverables', schema=None) as batch_op:
        batch_op.create_index('ix_deliverables_guild_stage', ['guild_id', 'stage'], unique=False)

    op.create_table('deliverable_versions',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('deliverable_id', ID, nullable=False),
    sa.Column('guild_id', ID, nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=12), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=True),
    sa.Column('filename', sa.String(length=200), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('added_by', ID, nullable=True),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['deliverable_id'], ['deliverables.id'],
                            name=op.f('fk_deliverable_versions_deliverable_id_deliverables'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deliverable_versions'))
    )
    with op.batch_alter_table('deliverable_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deliverable_versions_deliverable_id'), ['deliverable_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('deliverable_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deliverable_versions_deliverable_id'))
    op.drop_table('deliverable_versions')
    with op.batch_alter_table('deliverables', schema=None) as batch_op:
        batch_op.drop_index('ix_deliverables_guild_stage')
    op.drop_table('deliverables')
