"""document templates (Annex II labels, optional sections, report template) and session reports

Revision ID: 0007
Revises: 0006
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('document_templates',
    sa.Column('guild_id', ID, nullable=False),
    sa.Column('annex_labels', sa.JSON(), nullable=False),
    sa.Column('minutes_sections', sa.JSON(), nullable=False),
    sa.Column('report_template', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('guild_id', name=op.f('pk_document_templates'))
    )
    op.create_table('session_reports',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('guild_id', ID, nullable=False),
    sa.Column('meeting_id', ID, nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('markdown', sa.Text(), nullable=False),
    sa.Column('submitted_by', ID, nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_reports'))
    )
    with op.batch_alter_table('session_reports', schema=None) as batch_op:
        batch_op.create_index('ix_session_reports_meeting', ['guild_id', 'meeting_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('session_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_session_reports_meeting')
    op.drop_table('session_reports')
    op.drop_table('document_templates')
