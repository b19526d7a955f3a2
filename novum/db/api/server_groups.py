"""Server groups (instance groups) and their members, and the claim that keeps a
group's policy under concurrent boots.

instance_group_claim is compute_node_claim run inside a transaction that first locks
the group's row (SELECT ... FOR UPDATE): claims of one group's instances therefore
commit one after the other, and each sees where the others landed before it decides.
"""

import sqlalchemy as sa
from oslo_utils import uuidutils

from novum import exception
from novum.db import models
from novum.db.api import compute_nodes
from novum.db.api.session import model_query, reader, soft_delete, writer

AFFINITY = 'affinity'
ANTI_AFFINITY = 'anti-affinity'
SOFT_AFFINITY = 'soft-affinity'
SOFT_ANTI_AFFINITY = 'soft-anti-affinity'
POLICIES = (AFFINITY, ANTI_AFFINITY, SOFT_AFFINITY, SOFT_ANTI_AFFINITY)


def policy_allows(policy: str, rules: dict, member_hosts: list[str], host: str) -> bool:
    """Whether one more member may land on `host`, given the hosts of the members
    placed so far (one entry per member). The soft policies only weigh."""
    if policy == AFFINITY:
        return not member_hosts or all(placed == host for placed in member_hosts)
    if policy == ANTI_AFFINITY:
        return member_hosts.count(host) < int((rules or {}).get('max_server_per_host', 1))
    return True


def _get(context, group_uuid: str, lock: bool = False) -> models.InstanceGroup:
    query = model_query(context, models.InstanceGroup).filter_by(uuid=group_uuid)
    if lock:
        query = query.with_for_update()
    group = query.first()
    if group is None:
        raise exception.InstanceGroupNotFound(group_uuid=group_uuid)
    return group


def _live_members(context, group_id: int, lock: bool = False):
    """(instance_uuid, host) of the group's members whose instance is not deleted."""
    member, instance = models.InstanceGroupMember, models.Instance
    query = (model_query(context, member).filter(member.group_id == group_id)
             .join(instance, sa.and_(instance.uuid == member.instance_uuid,
                                     instance.deleted == 0))
             .order_by(member.id)
             .with_entities(member.instance_uuid, instance.host))
    if lock:
        # A locking read sees the latest committed hosts, whatever the isolation level.
        query = query.with_for_update()
    return query.all()


@writer
def instance_group_create(context, values: dict) -> models.InstanceGroup:
    values = dict(values)
    values.setdefault('uuid', uuidutils.generate_uuid())
    values.setdefault('rules', {})
    group = models.InstanceGroup(**values)
    context.session.add(group)
    context.session.flush()
    return group


@reader
def instance_group_get(context, group_uuid: str) -> models.InstanceGroup:
    return _get(context, group_uuid)


@reader
def instance_group_get_all(context, project_id: str | None = None,
                           limit: int | None = None,
                           offset: int | None = None) -> list[models.InstanceGroup]:
    query = model_query(context, models.InstanceGroup).order_by(models.InstanceGroup.id)
    if project_id is not None:
        query = query.filter_by(project_id=project_id)
    if offset:
        query = query.offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return query.all()


@reader
def instance_group_members_get(context, group_id: int) -> list[tuple[str, str | None]]:
    return [(uuid, host) for uuid, host in _live_members(context, group_id)]


@reader
def instance_group_count_by_project(context, project_id: str) -> int:
    return model_query(context, models.InstanceGroup).filter_by(project_id=project_id).count()


@reader
def instance_group_get_by_instance(context, instance_uuid: str) -> models.InstanceGroup:
    member = models.InstanceGroupMember
    group = (model_query(context, models.InstanceGroup)
             .filter(models.InstanceGroup.id.in_(
                 model_query(context, member).filter_by(instance_uuid=instance_uuid)
                 .with_entities(member.group_id)))
             .first())
    if group is None:
        raise exception.InstanceGroupNotFound(group_uuid=instance_uuid)
    return group


@writer
def instance_group_delete(context, group_uuid: str) -> None:
    group = _get(context, group_uuid)
    soft_delete(model_query(context, models.InstanceGroupMember).filter_by(group_id=group.id))
    soft_delete(model_query(context, models.InstanceGroup).filter_by(id=group.id))


@writer
def instance_group_members_add(context, group_uuid: str, instance_uuids: list[str],
                               max_members: int = -1) -> None:
    """Add members; with max_members >= 0, only if the group stays within it
    (checked under the group's row lock: QuotaError otherwise)."""
    group = _get(context, group_uuid, lock=True)
    if max_members >= 0:
        count = len(_live_members(context, group.id))
        if count + len(instance_uuids) > max_members:
            raise exception.ServerGroupMembersQuotaExceeded(allowed=max_members)
    context.session.add_all([models.InstanceGroupMember(group_id=group.id, instance_uuid=uuid)
                             for uuid in instance_uuids])
    context.session.flush()


@writer
def instance_group_claim(context, group_uuid: str, node_id: int, instance_uuid: str,
                         vcpus: int, memory_mb: int,
                         local_gb: int) -> models.ComputeNode | None:
    """compute_node_claim for a member of a group, only if the group's policy allows
    the node's host (else ServerGroupHostRefused), in one transaction under the
    group's row lock; None when the node has no room."""
    group = _get(context, group_uuid, lock=True)
    node = compute_nodes.compute_node_get(context, node_id)
    hosts = [host for uuid, host in _live_members(context, group.id, lock=True)
             if host and uuid != instance_uuid]
    if not policy_allows(group.policy, group.rules, hosts, node.host):
        raise exception.ServerGroupHostRefused(host=node.host, group_uuid=group_uuid,
                                               policy=group.policy)
    return compute_nodes.compute_node_claim(context, node_id, instance_uuid, vcpus,
                                            memory_mb, local_gb)
