"""Seed Nova's default flavors (m1.tiny to m1.xlarge, flavor ids 1 to 5).

Revision ID: 002
Revises: 001
Create Date: 2026-11-22
"""

import datetime

import sqlalchemy as sa
from alembic import op

revision = '002'
down_revision = '001'
branch_labels = None
depends_on = None

DEFAULT_FLAVORS = [
    # flavorid, name, memory_mb, vcpus, root_gb
    ('1', 'm1.tiny', 512, 1, 1),
    ('2', 'm1.small', 2048, 1, 20),
    ('3', 'm1.medium', 4096, 2, 40),
    ('4', 'm1.large', 8192, 4, 80),
    ('5', 'm1.xlarge', 16384, 8, 160),
]


def upgrade() -> None:
    flavors = sa.table(
        'flavors', sa.column('flavorid', sa.String), sa.column('name', sa.String),
        sa.column('memory_mb', sa.Integer), sa.column('vcpus', sa.Integer),
        sa.column('root_gb', sa.Integer), sa.column('ephemeral_gb', sa.Integer),
        sa.column('swap', sa.Integer), sa.column('rxtx_factor', sa.Float),
        sa.column('is_public', sa.Boolean), sa.column('disabled', sa.Boolean),
        sa.column('extra_specs', sa.JSON), sa.column('deleted', sa.Integer),
        sa.column('created_at', sa.DateTime))
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    op.bulk_insert(flavors, [
        {'flavorid': flavorid, 'name': name, 'memory_mb': memory_mb, 'vcpus': vcpus,
         'root_gb': root_gb, 'ephemeral_gb': 0, 'swap': 0, 'rxtx_factor': 1.0,
         'is_public': True, 'disabled': False, 'extra_specs': {}, 'deleted': 0,
         'created_at': now}
        for flavorid, name, memory_mb, vcpus, root_gb in DEFAULT_FLAVORS])
