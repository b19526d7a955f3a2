"""ComputeNode: one hypervisor's capacity and what is used of it."""

from novum.db import api as db
from novum.objects import base, fields


@base.NovumObjectRegistry.register
class ComputeNode(base.NovumPersistentObject, base.NovumObject):
    # Version 1.0: Initial version
    # Version 1.1: Added claim, release and recount_usage (atomic scheduling claims)
    VERSION = '1.1'

    fields = {
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'service_id': fields.IntegerField(nullable=True),
        'host': fields.StringField(),
        'hypervisor_hostname': fields.StringField(),
        'hypervisor_type': fields.StringField(default='fake'),
        'hypervisor_version': fields.IntegerField(default=1000),
        'host_ip': fields.StringField(nullable=True),
        'vcpus': fields.IntegerField(),
        'memory_mb': fields.IntegerField(),
        'local_gb': fields.IntegerField(),
        'vcpus_used': fields.IntegerField(default=0),
        'memory_mb_used': fields.IntegerField(default=0),
        'local_gb_used': fields.IntegerField(default=0),
        'running_vms': fields.IntegerField(default=0),
        'cpu_allocation_ratio': fields.FloatField(default=16.0),
        'ram_allocation_ratio': fields.FloatField(default=1.5),
        'disk_allocation_ratio': fields.FloatField(default=1.0),
        'cpu_info': fields.StringField(nullable=True),
    }

    @property
    def free_ram_mb(self) -> int:
        return self.memory_mb - self.memory_mb_used

    @property
    def free_disk_gb(self) -> int:
        return self.local_gb - self.local_gb_used

    @staticmethod
    def _from_db_object(context, node: 'ComputeNode', db_node) -> 'ComputeNode':
        node._context = context
        return base.from_db_object(node, db_node)

    @classmethod
    @base.remotable
    def get_by_id(cls, context, node_id: int) -> 'ComputeNode':
        return cls._from_db_object(context, cls(), db.compute_node_get(context, node_id))

    @classmethod
    @base.remotable
    def get_by_host_and_nodename(cls, context, host: str, nodename: str) -> 'ComputeNode':
        return cls._from_db_object(
            context, cls(), db.compute_node_get_by_host_and_nodename(context, host, nodename))

    @base.remotable
    def create(self) -> None:
        values = base.to_db_values(self.obj_get_changes())
        values.pop('id', None)
        self._from_db_object(self._context, self, db.compute_node_create(self._context, values))

    @base.remotable
    def save(self) -> None:
        changes = base.to_db_values(self.obj_get_changes())
        if changes:
            self._from_db_object(self._context, self,
                                 db.compute_node_update(self._context, self.id, changes))

    @base.remotable
    def destroy(self) -> None:
        db.compute_node_delete(self._context, self.id)

    @classmethod
    @base.remotable
    def claim(cls, context, node_id: int, instance_uuid: str, vcpus: int, memory_mb: int,
              local_gb: int) -> 'ComputeNode | None':
        """Atomically take resources for an instance and place it on this node; the
        amounts are an InstanceResources.of_flavor (novum/objects/resources.py).

        Returns the node with its new usage, or None when it has no room left (another
        scheduler or conductor worker got there first); never over-commits.
        """
        db_node = db.compute_node_claim(context, node_id, instance_uuid, vcpus, memory_mb,
                                        local_gb)
        return None if db_node is None else cls._from_db_object(context, cls(), db_node)

    @classmethod
    @base.remotable
    def release(cls, context, node_id: int, instance_uuid: str, vcpus: int, memory_mb: int,
                local_gb: int, unplace: bool = False) -> 'ComputeNode':
        """Give back an instance's claim (once), the amounts an
        InstanceResources.of_instance; with `unplace`, also clear its host."""
        return cls._from_db_object(context, cls(), db.compute_node_release(
            context, node_id, instance_uuid, vcpus, memory_mb, local_gb, unplace=unplace))

    @base.remotable
    def recount_usage(self, reserved_vcpus: int, reserved_memory_mb: int,
                      reserved_local_gb: int) -> None:
        """Reset usage to the instances placed here plus the host's reserve."""
        self._from_db_object(self._context, self, db.compute_node_recount_usage(
            self._context, self.id, reserved_vcpus, reserved_memory_mb, reserved_local_gb))


@base.NovumObjectRegistry.register
class ComputeNodeList(base.ObjectListBase, base.NovumObject):
    # Version 1.0: Initial version
    # Version 1.1: Removed get_all_by_host (never called)
    VERSION = '1.1'

    fields = {'objects': fields.ListOfObjectsField('ComputeNode')}

    @classmethod
    @base.remotable
    def get_all(cls, context) -> 'ComputeNodeList':
        return base.obj_make_list(context, cls(context), db.compute_node_get_all(context))
