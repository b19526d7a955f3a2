"""Migration: one move of an instance between hosts, and the claims it holds on both."""

from novum import exception
from novum.db import api as db
from novum.objects import base, fields


@base.NovumObjectRegistry.register
class Migration(base.NovumPersistentObject, base.NovumObject):
    """Nova's Migration: source and destination host and node, old and new flavor (by
    Flavor.id), migration_type and status (novum/compute/migration_states.py).

    While in flight it holds the old flavor on the source and, once move_claim took it,
    the new flavor on the destination (novum/db/api/migrations.py).
    """

    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'source_compute': fields.StringField(nullable=True),   # source host name
        'dest_compute': fields.StringField(nullable=True),     # destination host name
        'source_node': fields.StringField(nullable=True),
        'dest_node': fields.StringField(nullable=True),
        'dest_host': fields.StringField(nullable=True),        # destination host IP
        'old_instance_type_id': fields.IntegerField(nullable=True),     # Flavor.id
        'new_instance_type_id': fields.IntegerField(nullable=True),
        'instance_uuid': fields.StringField(nullable=True),
        'status': fields.StringField(nullable=True),
        'migration_type': fields.StringField(),
        'hidden': fields.BooleanField(default=False),
        'memory_total': fields.IntegerField(nullable=True),
        'memory_processed': fields.IntegerField(nullable=True),
        'memory_remaining': fields.IntegerField(nullable=True),
        'disk_total': fields.IntegerField(nullable=True),
        'disk_processed': fields.IntegerField(nullable=True),
        'disk_remaining': fields.IntegerField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
    }

    @staticmethod
    def _from_db_object(context, migration: 'Migration', db_migration) -> 'Migration':
        migration._context = context
        return base.from_db_object(migration, db_migration)

    @classmethod
    @base.remotable
    def get_by_id(cls, context, migration_id: int) -> 'Migration':
        return cls._from_db_object(context, cls(), db.migration_get(context, migration_id))

    @classmethod
    @base.remotable
    def get_by_id_and_instance(cls, context, migration_id: int,
                               instance_uuid: str) -> 'Migration':
        return cls._from_db_object(context, cls(), db.migration_get_by_id_and_instance(
            context, migration_id, instance_uuid))

    @classmethod
    @base.remotable
    def get_by_instance_and_status(cls, context, instance_uuid: str,
                                   status: str) -> 'Migration':
        return cls._from_db_object(context, cls(), db.migration_get_by_instance_and_status(
            context, instance_uuid, status))

    @base.remotable
    def create(self) -> None:
        if self.obj_attr_is_set('id'):
            raise exception.ObjectActionError(action='create', reason='already created')
        values = base.to_db_values(self.obj_get_changes())
        self._from_db_object(self._context, self, db.migration_create(self._context, values))

    @base.remotable
    def save(self, expected_status: list | None = None) -> None:
        """Write the changed fields; with `expected_status`, only if the status is still
        one of them (else UnexpectedMigrationStatusError)."""
        changes = base.to_db_values(self.obj_get_changes())
        changes.pop('id', None)
        if changes:
            self._from_db_object(self._context, self, db.migration_update(
                self._context, self.id, changes, expected_status=expected_status))

    @base.remotable
    def move_claim(self, node_id: int, vcpus: int, memory_mb: int, local_gb: int):
        """Take resources on destination node `node_id` for this move, recorded here
        (dest_compute, dest_node, dest_host) and not on the instance, which stays where
        it is; the amounts an InstanceResources.of_flavor of the new flavor.

        Returns the ComputeNode with its new usage, or None when it has no room;
        UnexpectedMigrationStatusError if the migration is no longer pre-migrating.
        """
        from novum.objects import compute_node
        db_node = db.compute_node_move_claim(self._context, node_id, self.id, vcpus,
                                             memory_mb, local_gb)
        if db_node is None:
            return None
        self._from_db_object(self._context, self, db.migration_get(self._context, self.id))
        return compute_node.ComputeNode._from_db_object(self._context,
                                                        compute_node.ComputeNode(), db_node)

    @base.remotable
    def drop_claim(self, side: str, status: str, expected_status: list,
                   instance=None) -> bool:
        """Set status `status` if it is one of `expected_status` and give back the hold
        of `side` ('source': old flavor, 'dest': new flavor), writing `instance`'s
        changed fields in the same transaction; False (nothing done) if the status was
        not expected: someone else ended this migration."""
        values = None
        if instance is not None:
            values = instance._db_values(instance.obj_get_changes())
            values.pop('fault', None)
        done = db.migration_drop_claim(self._context, self.id, side, status,
                                       list(expected_status), instance_values=values)
        self._from_db_object(self._context, self, db.migration_get(self._context, self.id))
        return done


@base.NovumObjectRegistry.register
class MigrationList(base.ObjectListBase, base.NovumObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('Migration')}

    @classmethod
    @base.remotable
    def get_by_filters(cls, context, filters: dict | None = None) -> 'MigrationList':
        """See db.migration_get_all_by_filters (host, status, instance_uuid,
        migration_type, source_compute, hidden, changes-since); newest first."""
        return base.obj_make_list(context, cls(context),
                                  db.migration_get_all_by_filters(context, filters))

    @classmethod
    @base.remotable
    def get_in_progress_by_instance(cls, context, instance_uuid: str,
                                    migration_type: str | None = None) -> 'MigrationList':
        return base.obj_make_list(context, cls(context),
                                  db.migration_get_in_progress_by_instance(
                                      context, instance_uuid, migration_type))

    @classmethod
    @base.remotable
    def get_unconfirmed_by_dest_compute(cls, context, confirm_window: int,
                                        dest_compute: str) -> 'MigrationList':
        return base.obj_make_list(context, cls(context),
                                  db.migration_get_unconfirmed_by_dest_compute(
                                      context, confirm_window, dest_compute))
