"""Compute nodes, and the claims that place instances on them (one conditional UPDATE each)."""

import sqlalchemy as sa
from oslo_utils import timeutils, uuidutils

from novum import exception
from novum.compute import task_states, vm_states
from novum.db import models
from novum.db.api import migrations
from novum.db.api.session import model_query, reader, soft_delete, writer


@writer
def compute_node_create(context, values: dict) -> models.ComputeNode:
    values = dict(values)
    values.setdefault('uuid', uuidutils.generate_uuid())
    node = models.ComputeNode(**values)
    context.session.add(node)
    context.session.flush()
    return node


@reader
def compute_node_get(context, node_id: int) -> models.ComputeNode:
    node = model_query(context, models.ComputeNode).filter_by(id=node_id).first()
    if node is None:
        raise exception.ComputeNodeNotFound(node=node_id)
    return node


@reader
def compute_node_get_by_host_and_nodename(context, host: str,
                                          nodename: str) -> models.ComputeNode:
    node = model_query(context, models.ComputeNode).filter_by(
        host=host, hypervisor_hostname=nodename).first()
    if node is None:
        raise exception.ComputeHostNotFound(host=host)
    return node


@reader
def compute_node_get_all(context, filters: dict | None = None) -> list[models.ComputeNode]:
    query = model_query(context, models.ComputeNode)
    for key, value in (filters or {}).items():
        query = query.filter(getattr(models.ComputeNode, key) == value)
    return query.order_by(models.ComputeNode.id).all()


@writer
def compute_node_update(context, node_id: int, values: dict) -> models.ComputeNode:
    node = compute_node_get(context, node_id)
    node.update(values)
    context.session.flush()
    return node


@writer
def compute_node_delete(context, node_id: int) -> None:
    if not soft_delete(model_query(context, models.ComputeNode).filter_by(id=node_id)):
        raise exception.ComputeNodeNotFound(node=node_id)


def _node_has_room(vcpus: int, memory_mb: int, local_gb: int):
    """SQL condition: the node can take these resources within its allocation ratios."""
    node = models.ComputeNode
    return sa.and_(
        node.vcpus_used + vcpus <= node.vcpus * node.cpu_allocation_ratio,
        node.memory_mb_used + memory_mb <= node.memory_mb * node.ram_allocation_ratio,
        node.local_gb_used + local_gb <= node.local_gb * node.disk_allocation_ratio)


class _NoRoom(Exception):
    """Rolls a claim's transaction back: the node had no room (see compute_node_claim)."""


def compute_node_claim(context, node_id: int, instance_uuid: str, vcpus: int, memory_mb: int,
                       local_gb: int) -> models.ComputeNode | None:
    """Take resources on a node for an instance and place it there, or return None if
    the node has no room.

    One transaction of two conditional UPDATEs: the instance gets this host and node
    only if it has no host yet and is still vm_state building, task_state scheduling;
    then the node's usage grows only if it has room (so concurrent schedulers and
    conductor workers cannot over-commit it). Either failing rolls both back, so two
    recoveries, or a recovery and a slow original request, can never place or count
    an instance twice. Raises InstanceNotFound for a deleted instance and
    InstanceNotSchedulable for one placed meanwhile or no longer building.
    """
    try:
        return _claim(context, node_id, instance_uuid, vcpus, memory_mb, local_gb)
    except _NoRoom:
        return None


@writer
def _claim(context, node_id, instance_uuid, vcpus, memory_mb, local_gb):
    # The instance row first, as compute_node_release orders its two updates.
    node = compute_node_get(context, node_id)
    instance = models.Instance
    now = timeutils.utcnow()
    placed = (model_query(context, instance)
              .filter(instance.uuid == instance_uuid, instance.host.is_(None),
                      instance.vm_state == vm_states.BUILDING,
                      instance.task_state == task_states.SCHEDULING)
              .update({'host': node.host, 'node': node.hypervisor_hostname,
                       'scheduled_at': now, 'updated_at': now}, synchronize_session=False))
    if placed != 1:
        row = model_query(context, instance).filter_by(uuid=instance_uuid).first()
        if row is None:
            raise exception.InstanceNotFound(instance_id=instance_uuid)
        raise exception.InstanceNotSchedulable(
            instance_uuid=instance_uuid, host=row.host, vm_state=row.vm_state,
            task_state=row.task_state)
    node_model = models.ComputeNode
    claimed = (model_query(context, node_model)
               .filter(node_model.id == node_id, _node_has_room(vcpus, memory_mb, local_gb))
               .update({'vcpus_used': node_model.vcpus_used + vcpus,
                        'memory_mb_used': node_model.memory_mb_used + memory_mb,
                        'local_gb_used': node_model.local_gb_used + local_gb,
                        'running_vms': node_model.running_vms + 1,
                        'updated_at': now}, synchronize_session=False))
    if claimed != 1:
        raise _NoRoom()
    context.session.refresh(node)
    return node


def _minus(column, amount: int):
    return sa.case((column >= amount, column - amount), else_=0)


@writer
def compute_node_release(context, node_id: int, instance_uuid: str, vcpus: int,
                         memory_mb: int, local_gb: int,
                         unplace: bool = False) -> models.ComputeNode:
    """Give back what compute_node_claim took, once: only if the instance still sits on
    this node, whose name is cleared in the same transaction (so a repeated release, or
    a periodic recount, cannot count it twice). With `unplace` the instance's host is
    cleared too (a failed build going back to the conductor for an alternate)."""
    node = compute_node_get(context, node_id)
    values = {'node': None, 'updated_at': timeutils.utcnow()}
    if unplace:
        values['host'] = None
    released = (model_query(context, models.Instance, read_deleted='yes')
                .filter_by(uuid=instance_uuid, host=node.host, node=node.hypervisor_hostname)
                .update(values, synchronize_session=False))
    if released != 1:
        return node
    node_model = models.ComputeNode
    model_query(context, node_model).filter(node_model.id == node_id).update(
        {'vcpus_used': _minus(node_model.vcpus_used, vcpus),
         'memory_mb_used': _minus(node_model.memory_mb_used, memory_mb),
         'local_gb_used': _minus(node_model.local_gb_used, local_gb),
         'running_vms': _minus(node_model.running_vms, 1),
         'updated_at': timeutils.utcnow()}, synchronize_session=False)
    context.session.refresh(node)
    return node


def _disk_gb(instance):
    """SQL twin of InstanceResources.disk_gb: root plus ephemeral, an unset size as 0
    (SUM skips the NULLs of vcpus and memory_mb, which also counts them as 0)."""
    return sa.func.coalesce(instance.root_gb, 0) + sa.func.coalesce(instance.ephemeral_gb, 0)


@writer
def compute_node_recount_usage(context, node_id: int, reserved_vcpus: int,
                               reserved_memory_mb: int,
                               reserved_local_gb: int) -> models.ComputeNode:
    """Set a node's usage to the sum of the instances placed on it, plus what in-flight
    moves hold on it, plus what the host keeps back (the resource tracker's periodic
    correction).

    The node row is locked first, so a claim committing meanwhile is either fully
    counted or waits for this transaction; usage never drops below what is claimed.
    """
    node = (model_query(context, models.ComputeNode).filter_by(id=node_id)
            .with_for_update().first())
    if node is None:
        raise exception.ComputeNodeNotFound(node=node_id)
    instance = models.Instance
    # Instances being moved count where their migration holds them (migrations.py).
    moving, held = migrations.move_holds(context, node.host, node.hypervisor_hostname)
    row = (model_query(context, instance)
           .filter_by(host=node.host, node=node.hypervisor_hostname)
           .filter(instance.uuid.not_in(moving))
           .with_entities(sa.func.count(instance.id),
                          sa.func.coalesce(sa.func.sum(instance.vcpus), 0),
                          sa.func.coalesce(sa.func.sum(instance.memory_mb), 0),
                          sa.func.coalesce(sa.func.sum(_disk_gb(instance)), 0))
           .one())
    row = [int(value) + hold for value, hold in zip(row, held, strict=True)]
    values = {'running_vms': row[0], 'vcpus_used': reserved_vcpus + row[1],
              'memory_mb_used': reserved_memory_mb + row[2],
              'local_gb_used': reserved_local_gb + row[3]}
    if any(getattr(node, key) != value for key, value in values.items()):
        node.update(values)
        context.session.flush()
    return node
