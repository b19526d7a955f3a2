"""The compute API's moves of an instance between hosts: resize and cold migration with
confirm and revert, and the Migration records they leave (what os-migrations shows).
compute.API inherits MovesMixin; the orchestration is the conductor's migrate_server."""

from oslo_log import log as logging

from novum import conf, exception, objects
from novum.compute import flavors, migration_states, states
from novum.compute.checks import check_instance_lock

CONF = conf.CONF
LOG = logging.getLogger(__name__)


class MovesMixin:
    """Methods of compute.API (self.compute_task_api, self.compute_rpcapi,
    self._start_action and self._compute_is_up come from it)."""

    @check_instance_lock
    def resize(self, context, instance, flavor_id: str | None = None) -> None:
        """Resize to flavor `flavor_id`, or without one cold-migrate (same flavor) to
        another host, as Nova's resize: state check, quota for an upsize, task_state
        resize_prep, then the conductor's migrate_server (a cast)."""
        action = states.RESIZE if flavor_id else states.MIGRATE
        action.check(instance)
        current = instance.flavor
        if flavor_id is None:
            new_flavor = current
        else:
            new_flavor = flavors.get_visible_flavor(context, flavor_id)
            if new_flavor.id == current.id:
                raise exception.CannotResizeToSameFlavor()
            if new_flavor.disabled:
                raise exception.FlavorNotFound(flavor_id=flavor_id)
            self._check_quota_for_upsize(context, instance, current, new_flavor)
        ignore_hosts = [] if CONF.allow_resize_to_same_host else [instance.host]
        try:
            image = objects.ImageMeta.get_by_id(context, instance.image_ref)
        except exception.NotFound:
            image = None
        request_spec = objects.RequestSpec(
            instance_uuid=instance.uuid, project_id=instance.project_id,
            user_id=instance.user_id, flavor=new_flavor, image=image, num_instances=1,
            availability_zone=instance.availability_zone, ignore_hosts=ignore_hosts,
            scheduler_hints={})
        instance.progress = 0
        self._start_action(context, instance, action)
        self.compute_task_api.migrate_server(context, instance, request_spec, new_flavor)

    @staticmethod
    def _check_quota_for_upsize(context, instance, current, new_flavor) -> None:
        """The cores and ram a bigger flavor adds must fit the project's quota (Nova's
        upsize_quota_delta); a smaller or equal one needs nothing."""
        deltas = {resource: delta for resource, delta in (
            ('cores', new_flavor.vcpus - current.vcpus),
            ('ram', new_flavor.memory_mb - current.memory_mb)) if delta > 0}
        if deltas:
            objects.Quotas.get_for_project(context, instance.project_id).check_deltas(deltas)

    @check_instance_lock
    def confirm_resize(self, context, instance, migration=None) -> None:
        """Confirm a finished resize: the source compute frees the old flavor. Called
        with `migration` by the destination's auto-confirm (resize_confirm_window)."""
        states.CONFIRM_RESIZE.check(instance)
        if migration is None:
            migration = objects.Migration.get_by_instance_and_status(
                context.elevated(), instance.uuid, migration_states.FINISHED)
        if not self._compute_is_up(context, migration.source_compute):
            raise exception.ComputeServiceUnavailable(host=migration.source_compute)
        self._start_action(context, instance, states.CONFIRM_RESIZE)
        migration.status = migration_states.CONFIRMING
        migration.save(expected_status=[migration_states.FINISHED])
        self.compute_rpcapi.confirm_resize(context, instance, migration,
                                           migration.source_compute)

    @check_instance_lock
    def revert_resize(self, context, instance) -> None:
        """Revert a finished resize: the destination frees the new flavor and gives
        the instance back to the source, which restarts it with the old flavor."""
        states.REVERT_RESIZE.check(instance)
        migration = objects.Migration.get_by_instance_and_status(
            context.elevated(), instance.uuid, migration_states.FINISHED)
        if instance.old_flavor is not None:     # a revert of a downsize grows again
            self._check_quota_for_upsize(context, instance, instance.flavor,
                                         instance.old_flavor)
        self._start_action(context, instance, states.REVERT_RESIZE)
        migration.status = migration_states.REVERTING
        migration.save(expected_status=[migration_states.FINISHED])
        self.compute_rpcapi.revert_resize(context, instance, migration)

    def _confirm_resize_on_deleting(self, context, instance) -> None:
        """A resized instance being deleted is confirmed first, so its source gives
        back the old flavor (Nova's _confirm_resize_on_deleting); the delete then frees
        the destination."""
        elevated = context.elevated()
        for status in (migration_states.FINISHED, migration_states.CONFIRMING):
            try:
                migration = objects.Migration.get_by_instance_and_status(
                    elevated, instance.uuid, status)
                break
            except exception.MigrationNotFoundByStatus:
                continue
        else:
            LOG.info('No unconfirmed migration left to confirm on delete',
                     instance_uuid=instance.uuid)
            return
        if self._compute_is_up(context, migration.source_compute):
            self.compute_rpcapi.confirm_resize(context, instance, migration,
                                               migration.source_compute)
        else:
            migration.drop_claim(migration_states.SOURCE, migration_states.CONFIRMED,
                                 [migration_states.FINISHED, migration_states.CONFIRMING])
        LOG.info('Confirming migration %s before the delete', migration.id,
                 instance_uuid=instance.uuid)

    def get_migrations(self, context, filters: dict):
        """Migrations of the whole cloud (os-migrations), newest first."""
        return objects.MigrationList.get_by_filters(context, filters)

    def get_migrations_in_progress_by_instance(self, context, instance_uuid: str,
                                               migration_type: str | None = None):
        return objects.MigrationList.get_in_progress_by_instance(context, instance_uuid,
                                                                 migration_type)

    def get_migration_by_id_and_instance(self, context, migration_id: int,
                                         instance_uuid: str):
        return objects.Migration.get_by_id_and_instance(context, migration_id, instance_uuid)
