"""MigrationTask: the conductor's part of a resize or cold migration.

Creates the Migration (status pre-migrating, the old flavor held on the source through
it), asks the scheduler for a destination, which claims the new flavor there against
the Migration without moving the instance, and casts prep_resize to that host. The
compute hosts take it from there (novum/compute/migrate.py).
"""

from oslo_log import log as logging

from novum import exception, objects
from novum.compute import migration_states, states, task_states

LOG = logging.getLogger(__name__)

EVENT = states.RESIZE.event     # conductor_migrate_server (MIGRATE records the same)


class MigrationTask:
    def __init__(self, context, instance, flavor, request_spec, compute_rpcapi,
                 scheduler_rpcapi):
        self.context = context
        self.instance = instance
        self.flavor = flavor
        self.request_spec = request_spec
        self.compute_rpcapi = compute_rpcapi
        self.scheduler_rpcapi = scheduler_rpcapi

    def _migration(self):
        instance = self.instance
        resize = instance.flavor.id != self.flavor.id
        migration = objects.Migration(
            self.context, instance_uuid=instance.uuid, source_compute=instance.host,
            source_node=instance.node, old_instance_type_id=instance.flavor.id,
            new_instance_type_id=self.flavor.id, status=migration_states.PRE_MIGRATING,
            migration_type=(migration_states.TYPE_RESIZE if resize
                            else migration_states.TYPE_MIGRATION),
            hidden=False, user_id=instance.user_id, project_id=instance.project_id)
        migration.create()
        return migration

    def execute(self) -> None:
        instance = self.instance
        event = _Event(self.context, instance)
        migration = self._migration()
        try:
            host_lists = self.scheduler_rpcapi.select_destinations(
                self.context, self.request_spec, [instance.uuid], migration=migration)
            if not host_lists or not host_lists[0]:
                # The instance was deleted, or the migration ended, while scheduling.
                migration.drop_claim(migration_states.DEST, migration_states.ERROR,
                                     [migration_states.PRE_MIGRATING])
                LOG.info('Deleted while its move was being scheduled',
                         instance_uuid=instance.uuid)
                event.finish()
                return
            chosen = host_lists[0][0]
            migration.dest_compute = chosen.service_host
            migration.dest_node = chosen.nodename
            migration.obj_reset_changes(['dest_compute', 'dest_node'])
            LOG.info('%s from %s to %s (migration %s)',
                     migration.migration_type.capitalize(), instance.host,
                     chosen.service_host, migration.id, instance_uuid=instance.uuid)
            self.compute_rpcapi.prep_resize(self.context, instance, self.flavor, migration,
                                            self.request_spec, chosen.service_host,
                                            chosen.nodename)
        except Exception as error:
            self._failed(migration, error)
            event.finish(error)
            return
        event.finish()

    def _failed(self, migration, error: Exception) -> None:
        """As Nova's conductor on NoValidHost: the migration errors out (giving back a
        destination claim if one was taken), the instance keeps its vm_state with no
        task and gets a fault saying why."""
        migration.drop_claim(migration_states.DEST, migration_states.ERROR,
                             migration_states.IN_PROGRESS)
        instance = self.instance
        instance.task_state = None
        fault = objects.InstanceFault.from_exception(self.context, instance.uuid, error)
        try:
            instance.save(expected_task_state=[task_states.RESIZE_PREP])
            fault.create()
        except (exception.InstanceNotFound, exception.UnexpectedTaskStateError):
            LOG.info('Move failed, and the instance changed meanwhile: %s', error,
                     instance_uuid=instance.uuid)
            return
        if isinstance(error, exception.NoValidHost):
            LOG.warning('No destination for the move: %s', error, instance_uuid=instance.uuid)
        else:
            LOG.exception('Move failed in the conductor', instance_uuid=instance.uuid)


class _Event:
    """The conductor_migrate_server InstanceActionEvent, started at once."""

    def __init__(self, context, instance):
        self.context, self.instance = context, instance
        try:
            objects.InstanceActionEvent.event_start(context, instance.uuid, EVENT,
                                                    want_result=False)
            self.recorded = True
        except exception.InstanceActionNotFound:
            self.recorded = False

    def finish(self, error: Exception | None = None) -> None:
        if not self.recorded:
            return
        try:
            if error is None:
                objects.InstanceActionEvent.event_finish(self.context, self.instance.uuid,
                                                         EVENT, want_result=False)
            else:
                objects.InstanceActionEvent.event_finish_with_failure(
                    self.context, self.instance.uuid, EVENT, error)
        except (exception.InstanceActionNotFound, exception.InstanceNotFound):
            LOG.debug('Event %s not recorded', EVENT, instance_uuid=self.instance.uuid)
