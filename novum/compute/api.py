"""The compute API: what the REST layer calls to create servers and act on them.

Every write goes through the conductor (object indirection); a build is one call to
create the request's instances with their 'create' actions and one cast to the
conductor's build_instances.
"""

import dataclasses
import functools
import secrets

from oslo_log import log as logging
from oslo_utils import uuidutils

from novum import conductor, conf, exception, objects
from novum.compute import flavors, migration_states, power_state, states, vm_states
from novum.compute import rpcapi as compute_rpcapi
from novum.objects import service as service_obj

CONF = conf.CONF
LOG = logging.getLogger(__name__)

# Instance fields the update() call may change (PUT /servers/{id}).
_UPDATABLE = ('display_name', 'display_description', 'access_ip_v4', 'access_ip_v6')
_MAX_METADATA_LENGTH = 255


@dataclasses.dataclass
class BootRequest:
    """One POST /servers: pass a request object, not 28 parameters."""

    name: str
    flavor_id: str              # Flavor.flavorid
    image_id: str               # ImageMeta.id (uuid) of the built-in image catalog
    min_count: int = 1
    max_count: int = 1
    key_name: str | None = None
    metadata: dict[str, str] = dataclasses.field(default_factory=dict)
    availability_zone: str | None = None
    description: str | None = None
    access_ip_v4: str | None = None
    access_ip_v6: str | None = None


def check_instance_lock(function):
    """A locked instance refuses changes from everyone but administrators (409), as
    Nova's check_instance_lock."""
    @functools.wraps(function)
    def inner(self, context, instance, *args, **kwargs):
        if instance.locked and not context.is_admin:
            raise exception.InstanceIsLocked(instance_uuid=instance.uuid)
        return function(self, context, instance, *args, **kwargs)
    return inner


def generate_reservation_id() -> str:
    """'r-' and 8 random characters, as Nova's utils.generate_uid('r')."""
    return 'r-' + secrets.token_hex(4)


class API:
    def __init__(self):
        self.compute_task_api = conductor.ComputeTaskAPI()
        self.compute_rpcapi = compute_rpcapi.ComputeAPI()

    # Create ------------------------------------------------------------------------

    def create(self, context, request: BootRequest) -> tuple[list, str]:
        """Create min_count..max_count instances and start building them.

        Returns (instances, reservation_id) as soon as the build is cast; the
        instances are in vm_state building, task_state scheduling.
        """
        if request.min_count < 1 or request.max_count < 1:
            raise exception.Invalid('min_count and max_count must be at least 1')
        if request.min_count > request.max_count:
            raise exception.Invalid('min_count must be <= max_count')
        flavor = flavors.get_visible_flavor(context, request.flavor_id)
        image = objects.ImageMeta.get_by_id(context, request.image_id)
        if image.status != 'active':
            raise exception.ImageNotActive(image_id=image.id)
        self._check_availability_zone(request.availability_zone)
        key_data = None
        if request.key_name is not None:
            key_data = objects.KeyPair.get_by_name(context, context.user_id,
                                                   request.key_name).public_key
        quotas = objects.Quotas.get_for_project(context, context.project_id)
        self._check_metadata(request.metadata, quotas.limits.get('metadata_items', -1))
        count = self._allowed_count(quotas, flavor, request.min_count, request.max_count)

        reservation_id = generate_reservation_id()
        new = [self._new_instance(context, request, flavor, image, key_data, reservation_id,
                                  index, count) for index in range(count)]
        instances = objects.InstanceList.create_all_with_action(
            context, new, states.CREATE.instance_action)
        for instance in instances:
            LOG.info('Created in vm_state building, task_state scheduling (reservation %s)',
                     reservation_id, instance_uuid=instance.uuid)
        request_spec = objects.RequestSpec(
            instance_uuid=instances[0].uuid, project_id=context.project_id,
            user_id=context.user_id, flavor=flavor, image=image, num_instances=count,
            availability_zone=request.availability_zone, ignore_hosts=[],
            scheduler_hints={})
        self.compute_task_api.build_instances(context, list(instances), request_spec)
        return list(instances), reservation_id

    @staticmethod
    def _check_availability_zone(zone: str | None) -> None:
        if zone and zone != CONF.default_availability_zone:
            raise exception.InvalidAvailabilityZone()

    @staticmethod
    def _check_metadata(metadata: dict, limit: int) -> None:
        if limit >= 0 and len(metadata) > limit:
            raise exception.MetadataLimitExceeded(allowed=limit)
        for key, value in metadata.items():
            if not isinstance(key, str) or not key.strip():
                raise exception.InvalidMetadata(reason='Metadata property key blank.')
            if len(key) > _MAX_METADATA_LENGTH or len(str(value)) > _MAX_METADATA_LENGTH:
                raise exception.InvalidMetadata(
                    reason=f'Metadata property key or value longer than '
                           f'{_MAX_METADATA_LENGTH} characters.')

    @staticmethod
    def _allowed_count(quotas, flavor, min_count: int, max_count: int) -> int:
        """As many as max_count that the instances/cores/ram quotas allow, but at
        least min_count (else TooManyInstances), as Nova's quota check does."""
        fits = max_count
        per_instance = {'instances': 1, 'cores': flavor.vcpus, 'ram': flavor.memory_mb}
        for resource, amount in per_instance.items():
            limit = quotas.limits.get(resource, -1)
            if limit < 0 or amount == 0:
                continue
            left = max(limit - quotas.usage.get(resource, 0), 0)
            fits = min(fits, left // amount)
        if fits < min_count:
            quotas.check_deltas({resource: amount * min_count
                                 for resource, amount in per_instance.items()})
        return fits

    @staticmethod
    def _new_instance(context, request: BootRequest, flavor, image, key_data,
                      reservation_id: str, index: int, count: int):
        uuid = uuidutils.generate_uuid()
        name = request.name if count == 1 else f'{request.name}-{index + 1}'
        return objects.Instance(
            context, uuid=uuid, user_id=context.user_id, project_id=context.project_id,
            image_ref=image.id, flavor=flavor, display_name=name, hostname=_hostname(name),
            display_description=request.description,
            availability_zone=request.availability_zone, reservation_id=reservation_id,
            launch_index=index, key_name=request.key_name, key_data=key_data,
            vm_state=vm_states.BUILDING, task_state=states.CREATE.task_state,
            power_state=power_state.NOSTATE, locked=False, progress=0,
            metadata=dict(request.metadata), access_ip_v4=request.access_ip_v4,
            access_ip_v6=request.access_ip_v6)

    # Read ---------------------------------------------------------------------------

    def get(self, context, instance_id: str, expected_attrs: list | None = None):
        if not uuidutils.is_uuid_like(instance_id):
            raise exception.InstanceNotFound(instance_id=instance_id)
        instance = objects.Instance.get_by_uuid(context, instance_id,
                                                expected_attrs=expected_attrs)
        if not context.is_admin and instance.project_id != context.project_id:
            raise exception.InstanceNotFound(instance_id=instance_id)
        return instance

    def get_all(self, context, search_opts: dict | None = None, limit: int | None = None,
                marker: str | None = None, sort_keys: list | None = None,
                sort_dirs: list | None = None, expected_attrs: list | None = None):
        opts = dict(search_opts or {})
        filters = {}
        all_tenants = bool(opts.pop('all_tenants', False))
        if not context.is_admin or not all_tenants:
            filters['project_id'] = context.project_id
        elif opts.get('project_id'):
            filters['project_id'] = opts['project_id']
        opts.pop('project_id', None)
        for key in ('name', 'host', 'vm_state', 'task_state', 'uuid', 'changes-since',
                    'deleted', 'reservation_id', 'image_ref', 'flavor_id', 'user_id'):
            if key in opts and opts[key] is not None:
                filters[key] = opts[key]
        return objects.InstanceList.get_by_filters(
            context, filters, sort_keys=sort_keys, sort_dirs=sort_dirs, limit=limit,
            marker=marker, expected_attrs=expected_attrs)

    # Update -------------------------------------------------------------------------

    def update(self, context, instance, values: dict):
        for key, value in values.items():
            if key not in _UPDATABLE:
                raise exception.Invalid(reason=f'{key} cannot be updated')
            setattr(instance, key, value)
        instance.save()
        return instance

    @check_instance_lock
    def update_instance_metadata(self, context, instance, metadata: dict,
                                 delete: bool = False) -> dict:
        """Merge `metadata` into the instance's (replace it with `delete`)."""
        states.UPDATE_METADATA.check(instance)
        new = dict(metadata) if delete else {**instance.metadata, **metadata}
        limit = objects.Quotas.get_for_project(context, instance.project_id).limits.get(
            'metadata_items', -1)
        self._check_metadata(new, limit)
        instance.metadata = new
        instance.save()
        return dict(instance.metadata)

    @check_instance_lock
    def delete_instance_metadata(self, context, instance, key: str) -> None:
        states.DELETE_METADATA.check(instance)
        if key not in instance.metadata:
            raise exception.MetadataItemNotFound()
        instance.metadata = {k: v for k, v in instance.metadata.items() if k != key}
        instance.save()

    # Actions ------------------------------------------------------------------------

    @staticmethod
    def _record_action_start(context, instance, action: states.Action) -> None:
        objects.InstanceAction.action_start(context, instance.uuid, action.instance_action,
                                            want_result=False)

    def _start_action(self, context, instance, action: states.Action) -> None:
        """Check the action's starting states, set its task_state with a save that
        expects those states still hold (a racing action loses cleanly), and record
        its InstanceAction."""
        action.check(instance)
        instance.task_state = action.task_state
        instance.save(expected_task_state=action.expected_task_state)
        self._record_action_start(context, instance, action)
        LOG.info('%s requested: task_state %s', action.instance_action, instance.task_state,
                 instance_uuid=instance.uuid)

    def _compute_is_up(self, context, host: str) -> bool:
        try:
            service = objects.Service.get_by_host_and_binary(context, host,
                                                             service_obj.COMPUTE_BINARY)
        except exception.NotFound:
            return False
        return service.is_up()

    def _delete(self, context, instance, action: states.Action) -> None:
        self._start_action(context, instance, action)
        if instance.vm_state == vm_states.RESIZED:
            self._confirm_resize_on_deleting(context, instance)
        if instance.host and self._compute_is_up(context, instance.host):
            self.compute_rpcapi.terminate_instance(context, instance)
        else:
            self.compute_task_api.delete_instance(context, instance)

    @check_instance_lock
    def delete(self, context, instance) -> None:
        self._delete(context, instance, states.DELETE)

    @check_instance_lock
    def force_delete(self, context, instance) -> None:
        """Delete now, in any vm_state, as Nova's force_delete."""
        self._delete(context, instance, states.FORCE_DELETE)

    @check_instance_lock
    def restore(self, context, instance) -> None:
        """Only a soft-deleted instance can be restored. Novum deletes at once (Nova's
        reclaim_instance_interval = 0) and no path leads to vm_state soft-delete, so
        the state check answers 409 for every instance there is."""
        states.RESTORE.check(instance)

    @check_instance_lock
    def reboot(self, context, instance, reboot_type: str) -> None:
        if reboot_type not in ('SOFT', 'HARD'):
            raise exception.Invalid(reason=f'reboot type {reboot_type} is not SOFT or HARD')
        action = states.REBOOT_SOFT if reboot_type == 'SOFT' else states.REBOOT_HARD
        self._start_action(context, instance, action)
        self.compute_rpcapi.reboot_instance(context, instance, reboot_type)

    @check_instance_lock
    def stop(self, context, instance) -> None:
        instance.progress = 0
        self._start_action(context, instance, states.STOP)
        self.compute_rpcapi.stop_instance(context, instance)

    @check_instance_lock
    def start(self, context, instance) -> None:
        self._start_action(context, instance, states.START)
        self.compute_rpcapi.start_instance(context, instance)

    @check_instance_lock
    def inject_network_info(self, context, instance) -> None:
        """Accepted as Nova accepts it; Novum's instances have no network to inject."""

    def lock(self, context, instance) -> None:
        """Lock: only administrators may then change the instance. The owner locking
        an instance that is already locked changes nothing, as in Nova."""
        if instance.locked and instance.project_id == context.project_id:
            return
        self._record_action_start(context.elevated(), instance, states.LOCK)
        instance.locked = True
        instance.save()

    def unlock(self, context, instance) -> None:
        self._record_action_start(context.elevated(), instance, states.UNLOCK)
        instance.locked = False
        instance.save()

    def reset_state(self, context, instance, vm_state: str) -> None:
        """Administrators force vm_state (active or error) and clear the task, as
        Nova's os-resetState; recorded as an instance action."""
        self._record_action_start(context, instance, states.RESET_STATE)
        instance.vm_state = vm_state
        instance.task_state = None
        instance.save()
        objects.InstanceAction.action_finish(context, instance.uuid, want_result=False)
        LOG.info('State reset to vm_state %s', vm_state, instance_uuid=instance.uuid)

    # Resize and cold migration --------------------------------------------------------

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


def _hostname(display_name: str) -> str:
    """A DNS-safe hostname from a display name, as Nova's sanitize_hostname."""
    name = ''.join(char if char.isalnum() or char in '-.' else '-'
                   for char in display_name.lower().replace(' ', '-'))
    return name.strip('.-')[:63] or 'server'
