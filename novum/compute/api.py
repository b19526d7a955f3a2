"""The compute API: what the REST layer calls to create servers and act on them.

Every write goes through the conductor (object indirection); a build is one call to
create the request's instances with their 'create' actions and one cast to the
conductor's build_instances.
"""

import dataclasses
import secrets

from oslo_log import log as logging
from oslo_utils import uuidutils

from novum import conductor, conf, exception, objects
from novum.compute import power_state, states, task_states, vm_states
from novum.compute import rpcapi as compute_rpcapi

CONF = conf.CONF
LOG = logging.getLogger(__name__)

COMPUTE_BINARY = 'novum-compute'
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
            raise exception.Invalid(reason='min_count and max_count must be at least 1')
        if request.min_count > request.max_count:
            raise exception.Invalid(reason='min_count must be <= max_count')
        flavor = objects.Flavor.get_by_flavor_id(context, request.flavor_id)
        if not (flavor.is_public or context.is_admin):
            # Novum has no flavor access lists: a private flavor is the admins' (as in
            # Nova for a project without access to it).
            raise exception.FlavorNotFound(flavor_id=request.flavor_id)
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
        instances = objects.InstanceList.create_all_with_action(context, new, 'create')
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
            vm_state=vm_states.BUILDING, task_state=task_states.SCHEDULING,
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

    def update_instance_metadata(self, context, instance, metadata: dict,
                                 delete: bool = False) -> dict:
        """Merge `metadata` into the instance's (replace it with `delete`)."""
        states.check('update_instance_metadata', instance)
        new = dict(metadata) if delete else {**instance.metadata, **metadata}
        limit = objects.Quotas.get_for_project(context, instance.project_id).limits.get(
            'metadata_items', -1)
        self._check_metadata(new, limit)
        instance.metadata = new
        instance.save()
        return dict(instance.metadata)

    def delete_instance_metadata(self, context, instance, key: str) -> None:
        states.check('delete_instance_metadata', instance)
        if key not in instance.metadata:
            raise exception.MetadataItemNotFound()
        instance.metadata = {k: v for k, v in instance.metadata.items() if k != key}
        instance.save()

    # Actions ------------------------------------------------------------------------

    def _start_action(self, context, instance, action: str, instance_action: str,
                      expected_task_state=None) -> None:
        """Check the state table, set the action's task_state (conditionally) and
        record the InstanceAction."""
        states.check(action, instance)
        instance.task_state = states.TASK_STATE_OF[action]
        if action in ('stop',):
            instance.progress = 0
        instance.save(expected_task_state=expected_task_state)
        objects.InstanceAction.action_start(context, instance.uuid, instance_action,
                                            want_result=False)
        LOG.info('%s requested: task_state %s', instance_action, instance.task_state,
                 instance_uuid=instance.uuid)

    def _compute_is_up(self, context, host: str) -> bool:
        try:
            service = objects.Service.get_by_host_and_binary(context, host, COMPUTE_BINARY)
        except exception.NotFound:
            return False
        return service.is_up()

    def delete(self, context, instance) -> None:
        # As Nova: no expected task_state, delete wins over any other action.
        self._start_action(context, instance, 'delete', 'delete')
        if instance.host and self._compute_is_up(context, instance.host):
            self.compute_rpcapi.terminate_instance(context, instance)
        else:
            self.compute_task_api.delete_instance(context, instance)

    def reboot(self, context, instance, reboot_type: str) -> None:
        if reboot_type not in ('SOFT', 'HARD'):
            raise exception.Invalid(reason=f'reboot type {reboot_type} is not SOFT or HARD')
        action = 'reboot_soft' if reboot_type == 'SOFT' else 'reboot_hard'
        self._start_action(context, instance, action, 'reboot',
                           expected_task_state=list(states.ALLOWED[action].task_states))
        self.compute_rpcapi.reboot_instance(context, instance, reboot_type)

    def stop(self, context, instance) -> None:
        self._start_action(context, instance, 'stop', 'stop', expected_task_state=[None])
        self.compute_rpcapi.stop_instance(context, instance)

    def start(self, context, instance) -> None:
        self._start_action(context, instance, 'start', 'start', expected_task_state=[None])
        self.compute_rpcapi.start_instance(context, instance)


def _hostname(display_name: str) -> str:
    """A DNS-safe hostname from a display name, as Nova's sanitize_hostname."""
    name = ''.join(char if char.isalnum() or char in '-.' else '-'
                   for char in display_name.lower().replace(' ', '-'))
    return name.strip('.-')[:63] or 'server'
