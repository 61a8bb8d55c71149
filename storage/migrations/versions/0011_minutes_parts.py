"""minutes parts: the messages of a publication, posted exactly once each

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 10:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table(
        'minutes_parts',
        sa.Column('id', ID, autoincrement=True, nullable=False),
        sa.Column('guild_id', ID, nullable=False),
        sa.Column('version_id', ID, nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('content', sa.Text(), nullable=False),
        sa.Column('message_id', ID, nullable=True),
        sa.Column('posted_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['version_id'], ['minutes_versions.id'],
                                name=op.f('fk_minutes_parts_version_id_minutes_versions'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes_parts')),
        sa.UniqueConstraint('version_id', 'number', name='uq_minutes_parts_version_number'),
    )


def downgrade() -> None:
    op.drop_table('minutes_parts')
