"""Migrations, and the claims a move holds on its two hosts.

While a migration is in flight (migration_states.IN_PROGRESS) it holds the old flavor's
resources on the source node and, once compute_node_move_claim succeeded, the new
flavor's on the destination node; its instance is counted through these holds rather
than where instance.host points. So a node's usage never changes while the instance
itself moves between hosts, and each hold is given back exactly once, in the same
transaction that ends the migration (migration_drop_claim).
"""

import datetime

import sqlalchemy as sa
from oslo_utils import timeutils, uuidutils

from novum import exception
from novum.compute import migration_states
from novum.db import models
from novum.db.api import compute_nodes, instances
from novum.db.api.session import model_query, reader, writer

SOURCE, DEST = migration_states.SOURCE, migration_states.DEST

_EXACT_FILTERS = ('instance_uuid', 'migration_type', 'source_compute', 'dest_compute',
                  'hidden', 'source_node', 'dest_node')


@writer
def migration_create(context, values: dict) -> models.Migration:
    values = dict(values)
    values.setdefault('uuid', uuidutils.generate_uuid())
    migration = models.Migration(**values)
    context.session.add(migration)
    context.session.flush()
    return migration


@reader
def migration_get(context, migration_id: int) -> models.Migration:
    migration = model_query(context, models.Migration).filter_by(id=migration_id).first()
    if migration is None:
        raise exception.MigrationNotFound(migration_id=migration_id)
    return migration


@reader
def migration_get_by_id_and_instance(context, migration_id: int,
                                     instance_uuid: str) -> models.Migration:
    migration = model_query(context, models.Migration).filter_by(
        id=migration_id, instance_uuid=instance_uuid).first()
    if migration is None:
        raise exception.MigrationNotFoundForInstance(migration_id=migration_id,
                                                     instance_id=instance_uuid)
    return migration


@reader
def migration_get_by_instance_and_status(context, instance_uuid: str,
                                         status: str) -> models.Migration:
    migration = (model_query(context, models.Migration)
                 .filter_by(instance_uuid=instance_uuid, status=status)
                 .order_by(models.Migration.id.desc()).first())
    if migration is None:
        raise exception.MigrationNotFoundByStatus(instance_id=instance_uuid, status=status)
    return migration


@reader
def migration_get_in_progress_by_instance(context, instance_uuid: str,
                                          migration_type: str | None = None
                                          ) -> list[models.Migration]:
    query = model_query(context, models.Migration).filter(
        models.Migration.instance_uuid == instance_uuid,
        models.Migration.status.in_(migration_states.IN_PROGRESS))
    if migration_type:
        query = query.filter(models.Migration.migration_type == migration_type)
    return query.order_by(models.Migration.id).all()


@reader
def migration_get_unconfirmed_by_dest_compute(context, confirm_window: int,
                                              dest_compute: str) -> list[models.Migration]:
    """Finished resizes on `dest_compute` not changed for `confirm_window` seconds."""
    before = timeutils.utcnow() - datetime.timedelta(seconds=confirm_window)
    return (model_query(context, models.Migration)
            .filter(models.Migration.status == migration_states.FINISHED,
                    models.Migration.dest_compute == dest_compute,
                    models.Migration.updated_at <= before)
            .order_by(models.Migration.id).all())


@reader
def migration_get_all_by_filters(context, filters: dict | None = None
                                 ) -> list[models.Migration]:
    """Migrations matching Nova's filters: host (source or destination), status (a
    value or a list), changes-since (updated_at, deleted rows included) and the exact
    columns of _EXACT_FILTERS; newest first."""
    filters = dict(filters or {})
    read_deleted = 'yes' if filters.get('changes-since') else None
    query = model_query(context, models.Migration, read_deleted=read_deleted)
    if filters.get('changes-since'):
        query = query.filter(models.Migration.updated_at >= filters['changes-since'])
    if filters.get('host'):
        query = query.filter(sa.or_(models.Migration.source_compute == filters['host'],
                                    models.Migration.dest_compute == filters['host']))
    if filters.get('status'):
        status = filters['status']
        statuses = [status] if isinstance(status, str) else list(status)
        query = query.filter(models.Migration.status.in_(statuses))
    for key in _EXACT_FILTERS:
        if filters.get(key) is not None:
            query = query.filter(getattr(models.Migration, key) == filters[key])
    return query.order_by(models.Migration.created_at.desc(),
                          models.Migration.id.desc()).all()


@writer
def migration_update(context, migration_id: int, values: dict,
                     expected_status: list | None = None) -> models.Migration:
    """Update a migration; with `expected_status`, only if its status is one of them
    (else UnexpectedMigrationStatusError), so two racing confirms cannot both win."""
    values = {**values, 'updated_at': timeutils.utcnow()}
    query = model_query(context, models.Migration).filter(models.Migration.id == migration_id)
    if expected_status is not None:
        query = query.filter(models.Migration.status.in_(list(expected_status)))
    if query.update(values, synchronize_session=False) != 1:
        current = migration_get(context, migration_id)
        raise exception.UnexpectedMigrationStatusError(
            migration_id=migration_id, actual=current.status, expected=expected_status)
    migration = migration_get(context, migration_id)
    context.session.refresh(migration)
    return migration


def _flavor_amounts(context, flavor_id: int | None) -> tuple[int, int, int]:
    """vcpus, memory_mb, disk_gb (root + ephemeral) of a flavor, deleted or not: what an
    InstanceResources.of_flavor of it holds."""
    flavor = model_query(context, models.Flavor, read_deleted='yes').filter_by(
        id=flavor_id).first()
    if flavor is None:
        return 0, 0, 0
    return flavor.vcpus, flavor.memory_mb, (flavor.root_gb or 0) + (flavor.ephemeral_gb or 0)


def _node_of(context, host: str | None, nodename: str | None):
    if not host or not nodename:
        return None
    return (model_query(context, models.ComputeNode)
            .filter_by(host=host, hypervisor_hostname=nodename).first())


@writer
def compute_node_move_claim(context, node_id: int, migration_id: int, vcpus: int,
                            memory_mb: int, local_gb: int) -> models.ComputeNode | None:
    """Take resources on a destination node for a move, or None if it has no room.

    compute_node_claim's conditional UPDATE, but the instance is not placed: the claim
    is recorded on the migration (its dest_compute, dest_node and dest_host), which
    must still be pre-migrating and unclaimed, else the claim rolls back and
    UnexpectedMigrationStatusError (a revert or an error ended it meanwhile).
    """
    node_model = models.ComputeNode
    claimed = (model_query(context, node_model)
               .filter(node_model.id == node_id,
                       compute_nodes._node_has_room(vcpus, memory_mb, local_gb))
               .update({'vcpus_used': node_model.vcpus_used + vcpus,
                        'memory_mb_used': node_model.memory_mb_used + memory_mb,
                        'local_gb_used': node_model.local_gb_used + local_gb,
                        'running_vms': node_model.running_vms + 1,
                        'updated_at': timeutils.utcnow()}, synchronize_session=False))
    if claimed != 1:
        return None
    node = compute_nodes.compute_node_get(context, node_id)
    context.session.refresh(node)
    recorded = (model_query(context, models.Migration)
                .filter(models.Migration.id == migration_id,
                        models.Migration.status == migration_states.PRE_MIGRATING,
                        models.Migration.dest_node.is_(None))
                .update({'dest_compute': node.host, 'dest_node': node.hypervisor_hostname,
                         'dest_host': node.host_ip, 'updated_at': timeutils.utcnow()},
                        synchronize_session=False))
    if recorded != 1:
        current = migration_get(context, migration_id)
        raise exception.UnexpectedMigrationStatusError(
            migration_id=migration_id, actual=current.status,
            expected=[migration_states.PRE_MIGRATING])
    return node


def _minus(column, amount: int):
    return sa.case((column >= amount, column - amount), else_=0)


@writer
def migration_drop_claim(context, migration_id: int, side: str, status: str,
                         expected_status: list, instance_values: dict | None = None
                         ) -> bool:
    """End (or move on) a migration and give back the hold of one side, once.

    In one transaction: the migration's status becomes `status` if it is one of
    `expected_status` (False, and nothing else changes, if it is not: someone already
    ended it); `side` ('source': the old flavor on the source node, 'dest': the new
    flavor on the destination node, if claimed) is subtracted from that node; and
    `instance_values` (columns, e.g. host, node and flavor of a revert) are written to
    the instance, so no recount can see the move half done.
    """
    migration = migration_get(context, migration_id)
    updated = (model_query(context, models.Migration)
               .filter(models.Migration.id == migration_id,
                       models.Migration.status.in_(list(expected_status)))
               .update({'status': status, 'updated_at': timeutils.utcnow()},
                       synchronize_session=False))
    if updated != 1:
        return False
    if side == SOURCE:
        node = _node_of(context, migration.source_compute, migration.source_node)
        amounts = _flavor_amounts(context, migration.old_instance_type_id)
    else:
        node = _node_of(context, migration.dest_compute, migration.dest_node)
        amounts = _flavor_amounts(context, migration.new_instance_type_id)
    if node is not None:
        vcpus, memory_mb, disk_gb = amounts
        node_model = models.ComputeNode
        model_query(context, node_model).filter(node_model.id == node.id).update(
            {'vcpus_used': _minus(node_model.vcpus_used, vcpus),
             'memory_mb_used': _minus(node_model.memory_mb_used, memory_mb),
             'local_gb_used': _minus(node_model.local_gb_used, disk_gb),
             'running_vms': _minus(node_model.running_vms, 1),
             'updated_at': timeutils.utcnow()}, synchronize_session=False)
    if instance_values:
        try:
            instances.instance_update(context, migration.instance_uuid, instance_values)
        except exception.InstanceNotFound:
            pass    # deleted meanwhile: a deleted instance holds nothing anywhere
    return True


def move_holds(context, host: str, nodename: str):
    """What in-flight moves hold on one node, for compute_node_recount_usage.

    Returns (moving, (count, vcpus, memory_mb, disk_gb)): `moving` a subquery of the
    uuids of instances with a migration in flight (counted through their holds, not
    where instance.host points), and the sums of the holds on this node: the old
    flavor where it is the source, the new flavor where it is the claimed destination.
    """
    migration, instance, flavor = models.Migration, models.Instance, models.Flavor
    in_flight = sa.and_(migration.deleted == 0,
                        migration.status.in_(migration_states.IN_PROGRESS))
    moving = (sa.select(migration.instance_uuid)
              .join(instance, sa.and_(instance.uuid == migration.instance_uuid,
                                      instance.deleted == 0))
              .where(in_flight))
    totals = [0, 0, 0, 0]
    for host_col, node_col, flavor_col in (
            (migration.source_compute, migration.source_node, migration.old_instance_type_id),
            (migration.dest_compute, migration.dest_node, migration.new_instance_type_id)):
        row = (context.session.query(
            sa.func.count(migration.id),
            sa.func.coalesce(sa.func.sum(flavor.vcpus), 0),
            sa.func.coalesce(sa.func.sum(flavor.memory_mb), 0),
            sa.func.coalesce(sa.func.sum(sa.func.coalesce(flavor.root_gb, 0) +
                                         sa.func.coalesce(flavor.ephemeral_gb, 0)), 0))
            .select_from(migration)
            .join(instance, sa.and_(instance.uuid == migration.instance_uuid,
                                    instance.deleted == 0))
            .join(flavor, flavor.id == flavor_col)
            .filter(in_flight, host_col == host, node_col == nodename)
            .one())
        totals = [total + int(value) for total, value in zip(totals, row, strict=True)]
    return moving, tuple(totals)
