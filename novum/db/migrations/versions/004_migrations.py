"""Migrations table, and the old/new flavor of an instance that is being resized.

Revision ID: 004
Revises: 003
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op
from oslo_db.sqlalchemy.types import SoftDeleteInteger

revision = '004'
down_revision = '003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'migrations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('source_compute', sa.String(length=255), nullable=True),
        sa.Column('dest_compute', sa.String(length=255), nullable=True),
        sa.Column('source_node', sa.String(length=255), nullable=True),
        sa.Column('dest_node', sa.String(length=255), nullable=True),
        sa.Column('dest_host', sa.String(length=255), nullable=True),
        sa.Column('old_instance_type_id', sa.Integer(), nullable=True),
        sa.Column('new_instance_type_id', sa.Integer(), nullable=True),
        sa.Column('instance_uuid', sa.String(length=36), nullable=True),
        sa.Column('status', sa.String(length=255), nullable=True),
        sa.Column('migration_type', sa.String(length=32), nullable=False),
        sa.Column('hidden', sa.Boolean(), nullable=False),
        sa.Column('memory_total', sa.Integer(), nullable=True),
        sa.Column('memory_processed', sa.Integer(), nullable=True),
        sa.Column('memory_remaining', sa.Integer(), nullable=True),
        sa.Column('disk_total', sa.Integer(), nullable=True),
        sa.Column('disk_processed', sa.Integer(), nullable=True),
        sa.Column('disk_remaining', sa.Integer(), nullable=True),
        sa.Column('user_id', sa.String(length=255), nullable=True),
        sa.Column('project_id', sa.String(length=255), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.Column('deleted_at', sa.DateTime(), nullable=True),
        sa.Column('deleted', SoftDeleteInteger(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('uuid'),
    )
    with op.batch_alter_table('migrations', schema=None) as batch_op:
        batch_op.create_index('migrations_instance_uuid_and_status_idx',
                              ['deleted', 'instance_uuid', 'status'], unique=False)
        batch_op.create_index('migrations_source_compute_source_node_idx',
                              ['source_compute', 'source_node'], unique=False)
        batch_op.create_index('migrations_dest_compute_dest_node_idx',
                              ['dest_compute', 'dest_node'], unique=False)
        batch_op.create_index('migrations_updated_at_idx', ['updated_at'], unique=False)
    with op.batch_alter_table('instances', schema=None) as batch_op:
        batch_op.add_column(sa.Column('old_flavor', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('new_flavor', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('instances', schema=None) as batch_op:
        batch_op.drop_column('new_flavor')
        batch_op.drop_column('old_flavor')
    op.drop_table('migrations')
