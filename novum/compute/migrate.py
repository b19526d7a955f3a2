"""Resize and cold migration on the compute hosts (ResizeMixin of ComputeManager).

The conductor's MigrationTask claimed the new flavor on the destination (recorded on
the Migration) and casts prep_resize there; from then on the steps hop between the two
hosts, each a conditional save:

    prep_resize (dest) -> resize_instance (source: disks moved, instance.host = dest)
    -> finish_resize (dest: new flavor, vm_state resized, migration finished)
    confirm_resize (source: frees the old flavor)       -> vm_state active/stopped
    revert_resize (dest: frees the new flavor, instance back on the source)
    -> finish_revert_resize (source)                    -> vm_state active/stopped

While the migration is in flight both hosts hold their flavor; a step that fails gives
back the hold that is no longer needed in the same transaction that sets the migration
to 'error' (Migration.drop_claim), so both hosts' usage is exact whatever happens.
"""

import functools

from oslo_concurrency import lockutils
from oslo_log import log as logging
from oslo_service import periodic_task

from novum import conf, exception, objects
from novum.compute import events, migration_states, power_state, states, task_states, vm_states

CONF = conf.CONF
LOG = logging.getLogger(__name__)


def _vm_state_for(power: int | None) -> str:
    """Where a confirm or revert leaves an instance: stopped if it is powered off."""
    return vm_states.ACTIVE if power == power_state.RUNNING else vm_states.STOPPED


class ResizeMixin(periodic_task.PeriodicTasks):
    """The compute side of resize and cold migration; mixed into ComputeManager.

    A PeriodicTasks subclass so that oslo.service collects _poll_unconfirmed_resizes;
    it must come first in ComputeManager's bases for that.
    """

    @functools.cached_property
    def compute_rpcapi(self):
        from novum.compute import rpcapi as compute_rpcapi
        return compute_rpcapi.ComputeAPI()

    def prep_resize(self, context, instance, flavor, migration, request_spec,
                    node: str) -> None:
        """On the destination, whose node already holds `flavor` for this move."""
        with lockutils.lock(instance.uuid):
            original_vm_state = instance.vm_state
            try:
                with events.event(context, instance, states.PREP_RESIZE_EVENT, self.host):
                    instance.new_flavor = flavor
                    instance.save(expected_task_state=[task_states.RESIZE_PREP])
                    LOG.info('Prepared resize to %s on %s (node %s)', flavor.name, self.host,
                             node, instance_uuid=instance.uuid)
                    self.compute_rpcapi.resize_instance(context, instance, migration, flavor,
                                                        request_spec)
            except Exception as error:
                self._resize_failed(context, instance, migration, migration_states.DEST, error,
                                    original_vm_state)

    def resize_instance(self, context, instance, migration, flavor, request_spec) -> None:
        """On the source: power off, move the disks, hand the instance to the
        destination (instance.host), then cast finish_resize there."""
        with lockutils.lock(instance.uuid):
            original_vm_state = instance.vm_state
            try:
                with events.event(context, instance, states.RESIZE_INSTANCE_EVENT, self.host):
                    migration.status = migration_states.MIGRATING
                    migration.save(expected_status=[migration_states.PRE_MIGRATING])
                    instance.task_state = task_states.RESIZE_MIGRATING
                    instance.save(expected_task_state=[task_states.RESIZE_PREP])
                    self.driver.migrate_disk_and_power_off(context, instance,
                                                           migration.dest_host, flavor)
                    migration.status = migration_states.POST_MIGRATING
                    migration.save(expected_status=[migration_states.MIGRATING])
                    instance.host = migration.dest_compute
                    instance.node = migration.dest_node
                    instance.old_flavor = instance.flavor
                    instance.task_state = task_states.RESIZE_MIGRATED
                    instance.save(expected_task_state=[task_states.RESIZE_MIGRATING])
            except Exception as error:
                self._resize_failed(context, instance, migration, migration_states.DEST, error,
                                    original_vm_state)
                return
            LOG.info('Disks moved from %s to %s', self.host, migration.dest_compute,
                     instance_uuid=instance.uuid)
            self.compute_rpcapi.finish_resize(context, instance, migration, request_spec)

    def finish_resize(self, context, instance, migration, request_spec) -> None:
        """On the destination: switch to the new flavor and start it (unless it was
        stopped); vm_state resized, migration finished."""
        with lockutils.lock(instance.uuid):
            original_vm_state = instance.vm_state
            try:
                with events.event(context, instance, states.FINISH_RESIZE_EVENT, self.host):
                    instance.task_state = task_states.RESIZE_FINISH
                    instance.flavor = instance.new_flavor
                    instance.save(expected_task_state=[task_states.RESIZE_MIGRATED])
                    self.driver.finish_migration(context, instance, migration,
                                                 power_on=original_vm_state != vm_states.STOPPED)
                    migration.status = migration_states.FINISHED
                    migration.save(expected_status=[migration_states.POST_MIGRATING])
                    instance.power_state = self.driver.get_info(instance).state
                    instance.vm_state = vm_states.RESIZED
                    instance.task_state = None
                    instance.save(expected_task_state=[task_states.RESIZE_FINISH])
            except Exception as error:
                # The instance is here now: the source's hold is the one to give back.
                self._resize_failed(context, instance, migration, migration_states.SOURCE, error,
                                    original_vm_state)
                return
            LOG.info('Resized to %s on %s: waiting for confirm or revert',
                     instance.flavor.name, self.host, instance_uuid=instance.uuid)

    def confirm_resize(self, context, instance, migration) -> None:
        """On the source: give back the old flavor's hold and clean up the guest left
        here; the instance goes to active (or stopped, if it was)."""
        with lockutils.lock(instance.uuid):
            try:
                with events.event(context, instance, states.CONFIRM_RESIZE.event, self.host):
                    if not migration.drop_claim(migration_states.SOURCE, migration_states.CONFIRMED,
                                                [migration_states.CONFIRMING,
                                                 migration_states.FINISHED]):
                        LOG.info('Migration %s already %s', migration.id, migration.status,
                                 instance_uuid=instance.uuid)
                        return
                    self.driver.confirm_migration(context, instance, migration)
                    instance.old_flavor = None
                    instance.new_flavor = None
                    instance.vm_state = _vm_state_for(instance.power_state)
                    instance.task_state = None
                    instance.save(expected_vm_state=[vm_states.RESIZED],
                                  expected_task_state=[task_states.RESIZE_CONFIRMING])
            except (exception.InstanceNotFound, exception.UnexpectedTaskStateError) as error:
                LOG.info('Confirm finished without the instance: %s', error,
                         instance_uuid=instance.uuid)
                return
            except Exception as error:
                LOG.exception('Confirm failed on %s', self.host, instance_uuid=instance.uuid)
                self._set_error(context, instance, error)
                return
            LOG.info('Resize confirmed: old flavor freed on %s', self.host,
                     instance_uuid=instance.uuid)

    def revert_resize(self, context, instance, migration) -> None:
        """On the destination: remove the guest here, give back the new flavor's hold
        and put the instance back on the source with its old flavor (one transaction),
        then cast finish_revert_resize there."""
        with lockutils.lock(instance.uuid):
            try:
                with events.event(context, instance, states.REVERT_RESIZE.event, self.host):
                    self.driver.destroy(context, instance)
                    instance.host = migration.source_compute
                    instance.node = migration.source_node
                    instance.flavor = instance.old_flavor
                    if not migration.drop_claim(migration_states.DEST, migration_states.REVERTED,
                                                [migration_states.REVERTING],
                                                instance=instance):
                        LOG.info('Migration %s already %s', migration.id, migration.status,
                                 instance_uuid=instance.uuid)
                        return
                    instance.obj_reset_changes()
            except Exception as error:
                self._resize_failed(context, instance, migration, migration_states.SOURCE, error,
                                    vm_states.RESIZED)
                return
            self.compute_rpcapi.finish_revert_resize(context, instance, migration)

    def finish_revert_resize(self, context, instance, migration) -> None:
        """On the source: start the instance again with its old flavor."""
        with lockutils.lock(instance.uuid):
            try:
                with events.event(context, instance, states.FINISH_REVERT_RESIZE_EVENT, self.host):
                    power_on = instance.power_state == power_state.RUNNING
                    self.driver.finish_revert_migration(context, instance, migration,
                                                        power_on=power_on)
                    instance.old_flavor = None
                    instance.new_flavor = None
                    instance.power_state = self.driver.get_info(instance).state
                    instance.vm_state = _vm_state_for(instance.power_state)
                    instance.task_state = None
                    instance.save(expected_task_state=[task_states.RESIZE_REVERTING])
            except (exception.InstanceNotFound, exception.UnexpectedTaskStateError) as error:
                LOG.info('Revert abandoned: %s', error, instance_uuid=instance.uuid)
                return
            except Exception as error:
                LOG.exception('Revert failed on %s', self.host, instance_uuid=instance.uuid)
                self._set_error(context, instance, error)
                return
            LOG.info('Resize reverted: back on %s', self.host, instance_uuid=instance.uuid)

    def _resize_failed(self, context, instance, migration, side: str, error: Exception,
                       original_vm_state: str) -> None:
        """A step failed: set the migration to 'error' giving back the hold of `side`
        (DEST while the instance is still on the source, SOURCE once it moved), then,
        as Nova's _error_out_instance_on_exception, ERROR with a fault, or back to
        `original_vm_state` for an InstanceFaultRollback. A deleted instance, or one
        whose task changed meanwhile (a delete or reset-state), is only logged."""
        gone = isinstance(error, (exception.InstanceNotFound,
                                  exception.UnexpectedTaskStateError))
        if not gone:
            try:
                instance.refresh()      # drop what the failed step had not saved
            except exception.InstanceNotFound:
                gone = True
        moved = None
        if side == migration_states.SOURCE and not gone and instance.new_flavor is not None:
            # It stays on the destination, which holds the new flavor: keep the two agreeing.
            moved = instance
            instance.flavor = instance.new_flavor
        dropped = migration.drop_claim(side, migration_states.ERROR,
                                       migration_states.IN_PROGRESS, instance=moved)
        LOG.warning('Migration %s failed on %s (%s hold %s): %s', migration.id, self.host,
                    side, 'given back' if dropped else 'already given back', error,
                    instance_uuid=instance.uuid)
        if gone:
            return
        if moved is not None:
            instance.obj_reset_changes(['flavor'])
        if isinstance(error, exception.InstanceFaultRollback):
            instance.vm_state = original_vm_state
            instance.task_state = None
            try:
                instance.save()
            except exception.InstanceNotFound:
                return
            LOG.info('Back to vm_state %s after: %s', original_vm_state,
                     error.inner_exception, instance_uuid=instance.uuid)
            return
        self._set_error(context, instance, error)

    # Spacing read at import, once the configuration is parsed (see manager.py).
    @periodic_task.periodic_task(spacing=CONF.periodic_interval, run_immediately=False)
    def _poll_unconfirmed_resizes(self, context) -> None:
        """Confirm resizes to this host left unconfirmed for resize_confirm_window
        seconds, through the compute API as a user's confirm would (Nova's task)."""
        window = CONF.resize_confirm_window
        if not window:
            return
        from novum.compute import api as compute_api
        api = compute_api.API()
        for migration in objects.MigrationList.get_unconfirmed_by_dest_compute(
                context, window, self.host):
            try:
                instance = objects.Instance.get_by_uuid(context, migration.instance_uuid)
            except exception.InstanceNotFound:
                migration.status = migration_states.ERROR
                migration.save()
                continue
            if instance.vm_state != vm_states.RESIZED or instance.task_state is not None:
                LOG.debug('Not auto-confirming migration %s: vm_state %s, task_state %s',
                          migration.id, instance.vm_state, instance.task_state,
                          instance_uuid=instance.uuid)
                continue
            try:
                api.confirm_resize(context, instance, migration=migration)
            except exception.NovumException as error:
                LOG.info('Auto-confirm of migration %s failed: %s', migration.id, error,
                         instance_uuid=instance.uuid)
                continue
            LOG.info('Auto-confirming migration %s after %d s', migration.id, window,
                     instance_uuid=instance.uuid)
