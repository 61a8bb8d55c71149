"""seen_interactions: interaction ids already taken on, so a replayed interaction runs once

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 02:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('seen_interactions',
    sa.Column('interaction_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False,
              nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('interaction_id', name=op.f('pk_seen_interactions'))
    )
    with op.batch_alter_table('seen_interactions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seen_interactions_seen_at'), ['seen_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('seen_interactions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seen_interactions_seen_at'))
    op.drop_table('seen_interactions')
