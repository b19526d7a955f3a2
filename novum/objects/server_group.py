"""InstanceGroup: a server group, its policy, rules and members (Nova's object name)."""

from novum.db import api as db
from novum.objects import base, fields


@base.NovumObjectRegistry.register
class InstanceGroup(base.NovumPersistentObject, base.NovumObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'name': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'policy': fields.StringField(),
        # {'max_server_per_host': '7'} (2.64's rules; strings, as Nova's _rules).
        'rules': fields.DictOfStringsField(default={}),
        # Instances of the group that are not deleted.
        'members': fields.ListOfStringsField(default=[]),
        # The host of each placed member, one entry per member (a host appears as
        # often as it holds members: what max_server_per_host compares to).
        'hosts': fields.ListOfStringsField(default=[]),
    }

    @property
    def max_server_per_host(self) -> int:
        return int(self.rules.get('max_server_per_host', 1))

    @staticmethod
    def _from_db_object(context, group: 'InstanceGroup', db_group) -> 'InstanceGroup':
        group._context = context
        base.from_db_object(group, db_group, skip=('rules', 'members', 'hosts'))
        group.rules = {key: str(value) for key, value in (db_group.rules or {}).items()}
        members = db.instance_group_members_get(context, db_group.id)
        group.members = [uuid for uuid, _host in members]
        group.hosts = [host for _uuid, host in members if host]
        group.obj_reset_changes()
        return group

    @classmethod
    @base.remotable
    def get_by_uuid(cls, context, uuid: str) -> 'InstanceGroup':
        return cls._from_db_object(context, cls(), db.instance_group_get(context, uuid))

    @classmethod
    @base.remotable
    def get_by_instance_uuid(cls, context, instance_uuid: str) -> 'InstanceGroup':
        return cls._from_db_object(context, cls(),
                                   db.instance_group_get_by_instance(context, instance_uuid))

    @base.remotable
    def create(self) -> None:
        values = self.obj_get_changes()
        for key in ('id', 'members', 'hosts'):
            values.pop(key, None)
        values['rules'] = {key: (int(value) if str(value).isdigit() else value)
                           for key, value in values.get('rules', {}).items()}
        self._from_db_object(self._context, self,
                             db.instance_group_create(self._context, values))

    @base.remotable
    def destroy(self) -> None:
        db.instance_group_delete(self._context, self.uuid)

    @classmethod
    @base.remotable
    def add_members(cls, context, group_uuid: str, instance_uuids: list,
                    max_members: int = -1) -> None:
        """Record instances as members, within max_members (checked under the group's
        row lock; ServerGroupMembersQuotaExceeded otherwise)."""
        db.instance_group_members_add(context, group_uuid, instance_uuids, max_members)

    @classmethod
    @base.remotable
    def claim(cls, context, group_uuid: str, node_id: int, instance_uuid: str, vcpus: int,
              memory_mb: int, local_gb: int):
        """ComputeNode.claim for a member, under the group's row lock and only where its
        policy allows (ServerGroupHostRefused otherwise): see db.instance_group_claim."""
        from novum.objects import compute_node
        db_node = db.instance_group_claim(context, group_uuid, node_id, instance_uuid, vcpus,
                                          memory_mb, local_gb)
        return None if db_node is None else compute_node.ComputeNode._from_db_object(
            context, compute_node.ComputeNode(), db_node)


@base.NovumObjectRegistry.register
class InstanceGroupList(base.ObjectListBase, base.NovumObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('InstanceGroup')}

    @classmethod
    def _make(cls, context, rows) -> 'InstanceGroupList':
        result = cls(context, objects=[
            InstanceGroup._from_db_object(context, InstanceGroup(), row) for row in rows])
        result.obj_reset_changes()
        return result

    @classmethod
    @base.remotable
    def get_all(cls, context, limit: int | None = None,
                offset: int | None = None) -> 'InstanceGroupList':
        return cls._make(context, db.instance_group_get_all(context, limit=limit,
                                                            offset=offset))

    @classmethod
    @base.remotable
    def get_by_project_id(cls, context, project_id: str, limit: int | None = None,
                          offset: int | None = None) -> 'InstanceGroupList':
        return cls._make(context, db.instance_group_get_all(context, project_id, limit,
                                                            offset))

    @classmethod
    @base.remotable
    def get_counts(cls, context, project_id: str) -> int:
        return db.instance_group_count_by_project(context, project_id)


def group_uuid_of(request_spec) -> str | None:
    """The server group a request's scheduler_hints name, if any."""
    hints = request_spec.scheduler_hints if request_spec.obj_attr_is_set(
        'scheduler_hints') else {}
    return (hints or {}).get('group')


def claim_for_request(context, request_spec, node_id: int, instance_uuid: str, resources):
    """ComputeNode.claim of `resources` (an InstanceResources), or for a member of a
    server group InstanceGroup.claim, which keeps the group's policy atomically
    (ServerGroupHostRefused when it forbids the node's host)."""
    from novum.objects import compute_node
    uuid = group_uuid_of(request_spec)
    if uuid is None:
        return compute_node.ComputeNode.claim(context, node_id, instance_uuid,
                                              resources.vcpus, resources.memory_mb,
                                              resources.disk_gb)
    return InstanceGroup.claim(context, uuid, node_id, instance_uuid, resources.vcpus,
                               resources.memory_mb, resources.disk_gb)
