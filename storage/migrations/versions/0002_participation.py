"""stakeholder-group list and self-declared diversity

Revision ID: 0002
Revises: 0001
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('participation_settings',
    sa.Column('guild_id', ID, nullable=False),
    sa.Column('stakeholder_groups', sa.JSON(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('guild_id', name=op.f('pk_participation_settings'))
    )
    op.create_table('member_diversity',
    sa.Column('guild_id', ID, nullable=False),
    sa.Column('user_id', ID, nullable=False),
    sa.Column('region', sa.String(length=100), nullable=True),
    sa.Column('developing', sa.Boolean(), nullable=True),
    sa.Column('gender', sa.String(length=40), nullable=True),
    sa.Column('youth', sa.Boolean(), nullable=True),
    sa.Column('named', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('guild_id', 'user_id', name=op.f('pk_member_diversity'))
    )


def downgrade() -> None:
    op.drop_table('member_diversity')
    op.drop_table('participation_settings')
