"""ServerGroupAPI: server groups and their quotas (server_groups per project,
server_group_members per group), and the two steps of a boot into a group that
compute.API.create calls: the group of the hint, and the recording of its members.

Quotas are read through Quotas (limits only); the members limit is checked again
under the group's row lock when the members are recorded, so concurrent boots into a
group cannot pass it together.
"""

from oslo_log import log as logging
from oslo_utils import uuidutils

from novum import conf, exception, objects

CONF = conf.CONF
LOG = logging.getLogger(__name__)


def _limit(context, resource: str) -> int:
    return objects.Quotas.get_for_project(context, context.project_id).limits.get(resource, -1)


class ServerGroupAPI:
    """What the os-server-groups handlers call."""

    @staticmethod
    def create(context, name: str, policy: str, rules: dict | None = None):
        limit = _limit(context, 'server_groups')
        if 0 <= limit <= objects.InstanceGroupList.get_counts(context, context.project_id):
            raise exception.ServerGroupQuotaExceeded()
        group = objects.InstanceGroup(context, name=name, policy=policy,
                                      rules={key: str(value)
                                             for key, value in (rules or {}).items()},
                                      user_id=context.user_id, project_id=context.project_id)
        group.create()
        if CONF.quota.recheck_quota and 0 <= limit < objects.InstanceGroupList.get_counts(
                context, context.project_id):
            # A concurrent create passed the same check: the one that counts the project
            # over the limit takes its group back (recheck_quota, as for instances).
            group.destroy()
            LOG.info('Server group %s removed: over quota on recheck', group.uuid)
            raise exception.ServerGroupQuotaExceeded()
        LOG.info('Server group %s (%s) created', group.uuid, policy)
        return group

    @staticmethod
    def get(context, group_id: str):
        """The group, or 404 (also for another project's group, unless admin)."""
        if not uuidutils.is_uuid_like(group_id):
            raise exception.InstanceGroupNotFound(group_uuid=group_id)
        group = objects.InstanceGroup.get_by_uuid(context, group_id)
        if not context.is_admin and group.project_id != context.project_id:
            raise exception.InstanceGroupNotFound(group_uuid=group_id)
        return group

    @staticmethod
    def get_all(context, all_projects: bool = False, limit: int | None = None,
                offset: int | None = None):
        if all_projects:
            return objects.InstanceGroupList.get_all(context, limit, offset)
        return objects.InstanceGroupList.get_by_project_id(context, context.project_id,
                                                           limit, offset)

    def delete(self, context, group_id: str) -> None:
        self.get(context, group_id).destroy()


# The boot's two steps ------------------------------------------------------------------

def requested_group(context, scheduler_hints: dict | None, count: int):
    """The group `scheduler_hints['group']` names (None without the hint); 400 when it
    does not exist, 403 when `count` more members pass its members quota."""
    group_id = (scheduler_hints or {}).get('group')
    if not group_id:
        return None
    try:
        group = ServerGroupAPI.get(context, group_id)
    except exception.InstanceGroupNotFound as error:
        raise exception.Invalid(error.format_message()) from None
    limit = _limit(context, 'server_group_members')
    if 0 <= limit < len(group.members) + count:
        raise exception.ServerGroupMembersQuotaExceeded()
    return group


def scheduler_hints(group) -> dict:
    """The hints of the request spec: the group the scheduler must keep."""
    return {} if group is None else {'group': group.uuid}


def add_members(context, group, instances: list) -> None:
    """Record the new instances as the group's members (Nova records them at create);
    if concurrent boots took the members quota meanwhile, the instances are deleted
    and the boot fails with 403."""
    if group is None:
        return
    try:
        objects.InstanceGroup.add_members(context, group.uuid,
                                          [instance.uuid for instance in instances],
                                          _limit(context, 'server_group_members'))
    except exception.ServerGroupMembersQuotaExceeded:
        for instance in instances:
            instance.destroy()
        raise
    LOG.info('%d instances joined server group %s', len(instances), group.uuid)
