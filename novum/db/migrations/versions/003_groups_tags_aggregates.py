"""Server tags, host aggregates (hosts, metadata) and server groups (members)

Revision ID: 003
Revises: 002
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op
from oslo_db.sqlalchemy.types import SoftDeleteInteger

revision = '003'
down_revision = '002'
branch_labels = None
depends_on = None


def _timestamps() -> list:
    return [sa.Column('created_at', sa.DateTime(), nullable=True),
            sa.Column('updated_at', sa.DateTime(), nullable=True),
            sa.Column('deleted_at', sa.DateTime(), nullable=True),
            sa.Column('deleted', SoftDeleteInteger(), nullable=True)]


def upgrade() -> None:
    op.create_table(
        'tags',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('resource_id', sa.String(length=36), nullable=False),
        sa.Column('tag', sa.String(length=80), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('resource_id', 'tag', 'deleted',
                            name='uniq_tags0resource_id0tag0deleted'))
    op.create_index('tags_tag_idx', 'tags', ['tag'])

    op.create_table(
        'aggregates',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('uuid'),
        sa.UniqueConstraint('name', 'deleted', name='uniq_aggregates0name0deleted'))
    op.create_table(
        'aggregate_hosts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('host', sa.String(length=255), nullable=False),
        sa.Column('aggregate_id', sa.Integer(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(['aggregate_id'], ['aggregates.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('host', 'aggregate_id', 'deleted',
                            name='uniq_aggregate_hosts0host0aggregate_id0deleted'))
    op.create_table(
        'aggregate_metadata',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('aggregate_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=255), nullable=False),
        sa.Column('value', sa.String(length=255), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(['aggregate_id'], ['aggregates.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('aggregate_id', 'key', 'deleted',
                            name='uniq_aggregate_metadata0aggregate_id0key0deleted'))
    op.create_index('aggregate_metadata_key_idx', 'aggregate_metadata', ['key'])

    op.create_table(
        'instance_groups',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=True),
        sa.Column('user_id', sa.String(length=255), nullable=True),
        sa.Column('project_id', sa.String(length=255), nullable=True),
        sa.Column('policy', sa.String(length=255), nullable=False),
        sa.Column('rules', sa.JSON(), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('uuid'))
    op.create_index('instance_groups_project_id_deleted_idx', 'instance_groups',
                    ['project_id', 'deleted'])
    op.create_table(
        'instance_group_member',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('group_id', sa.Integer(), nullable=False),
        sa.Column('instance_uuid', sa.String(length=36), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(['group_id'], ['instance_groups.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('group_id', 'instance_uuid', 'deleted',
                            name='uniq_instance_group_member0group_id0instance_uuid0deleted'))
    op.create_index('instance_group_member_instance_idx', 'instance_group_member',
                    ['instance_uuid'])


def downgrade() -> None:
    for table in ('instance_group_member', 'instance_groups', 'aggregate_metadata',
                  'aggregate_hosts', 'aggregates', 'tags'):
        op.drop_table(table)
