"""The compute API: what the REST layer calls to create servers and act on them.

Every write goes through the conductor (object indirection); a build is one call to
create the request's instances with their 'create' actions and one cast to the
conductor's build_instances.
"""

import dataclasses
import ipaddress
import secrets

from oslo_log import log as logging
from oslo_utils import uuidutils

from novum import conductor, conf, exception, objects
from novum.compute import (
    aggregates,
    flavors,
    moves,
    power_state,
    server_groups,
    states,
    vm_states,
)
from novum.compute import rpcapi as compute_rpcapi
from novum.compute.checks import check_instance_lock
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
    scheduler_hints: dict = dataclasses.field(default_factory=dict)


def generate_reservation_id() -> str:
    """'r-' and 8 random characters, as Nova's utils.generate_uid('r')."""
    return 'r-' + secrets.token_hex(4)


class API(moves.MovesMixin):
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
        aggregates.check_availability_zone(context, request.availability_zone)
        key_data = None
        if request.key_name is not None:
            key_data = objects.KeyPair.get_by_name(context, context.user_id,
                                                   request.key_name).public_key
        quotas = objects.Quotas.get_for_project(context, context.project_id)
        self._check_metadata(request.metadata, quotas.limits.get('metadata_items', -1))
        max_count = self._max_count_per_request(request.min_count, request.max_count)
        count = self._allowed_count(quotas, flavor, request.min_count, max_count)
        group = server_groups.requested_group(context, request.scheduler_hints, count)

        reservation_id = generate_reservation_id()
        new = [self._new_instance(context, request, flavor, image, key_data, reservation_id,
                                  index, count) for index in range(count)]
        instances = objects.InstanceList.create_all_with_action(
            context, new, states.CREATE.instance_action)
        if CONF.quota.recheck_quota:
            instances = self._recheck_quota(context, list(instances), flavor,
                                            request.min_count)
        server_groups.add_members(context, group, instances)
        for instance in instances:
            LOG.info('Created in vm_state building, task_state scheduling (reservation %s)',
                     reservation_id, instance_uuid=instance.uuid)
        request_spec = objects.RequestSpec(
            instance_uuid=instances[0].uuid, project_id=context.project_id,
            user_id=context.user_id, flavor=flavor, image=image, num_instances=count,
            availability_zone=request.availability_zone, ignore_hosts=[],
            scheduler_hints=server_groups.scheduler_hints(group))
        self.compute_task_api.build_instances(context, list(instances), request_spec)
        return list(instances), reservation_id

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
    def _max_count_per_request(min_count: int, max_count: int) -> int:
        """max_count cut to [api] max_servers_per_request, so that an unlimited quota
        never lets one request materialise an unbounded list; min_count above it is
        refused as a quota excess is (403)."""
        limit = CONF.api.max_servers_per_request
        if min_count > limit:
            raise exception.TooManyInstances(
                overs='instances per request', req=min_count, used=0, allowed=limit)
        return min(max_count, limit)

    @staticmethod
    def _per_instance(flavor) -> dict:
        return {'instances': 1, 'cores': flavor.vcpus, 'ram': flavor.memory_mb}

    def _recheck_quota(self, context, instances: list, flavor, min_count: int) -> list:
        """Count again now that this request's instances exist, as Nova's recheck_quota.

        Concurrent requests all pass the check before create; whichever then finds the
        project over its limits destroys its own instances beyond them (all of them if
        fewer than min_count would remain) before any is built, so what stays never
        exceeds the quota: the request that committed last counted everyone else's.
        """
        quotas = objects.Quotas.get_for_project(context, context.project_id)
        over, resource = 0, None
        for name, amount in self._per_instance(flavor).items():
            limit = quotas.limits.get(name, -1)
            excess = quotas.usage.get(name, 0) - limit
            if limit >= 0 and amount > 0 and excess > 0 and -(-excess // amount) > over:
                over, resource = -(-excess // amount), name
        if not over:
            return instances
        keep = len(instances) - over if len(instances) - over >= min_count else 0
        for instance in instances[keep:]:
            instance.destroy()
            LOG.info('Destroyed before build: project over its %s quota on recheck',
                     resource, instance_uuid=instance.uuid)
        if not keep:
            amount = self._per_instance(flavor)[resource]
            raise exception.TooManyInstances(
                overs=resource, req=amount * min_count,
                used=quotas.usage[resource] - amount * len(instances),
                allowed=quotas.limits[resource])
        return instances[:keep]

    @staticmethod
    def _allowed_count(quotas, flavor, min_count: int, max_count: int) -> int:
        """As many as max_count that the instances/cores/ram quotas allow, but at
        least min_count (else TooManyInstances), as Nova's quota check does."""
        fits = max_count
        per_instance = API._per_instance(flavor)
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
            metadata=dict(request.metadata), access_ip_v4=normalized_ip(request.access_ip_v4),
            access_ip_v6=normalized_ip(request.access_ip_v6))

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
                    'deleted', 'reservation_id', 'image_ref', 'flavor_id', 'user_id',
                    'tags', 'tags-any', 'not-tags', 'not-tags-any'):
            if key in opts and opts[key] is not None:
                filters[key] = opts[key]
        if marker is not None and 'project_id' in filters:
            self._check_marker(context, marker, filters['project_id'])
        return objects.InstanceList.get_by_filters(
            context, filters, sort_keys=sort_keys, sort_dirs=sort_dirs, limit=limit,
            marker=marker, expected_attrs=expected_attrs)

    @staticmethod
    def _check_marker(context, marker: str, project_id: str) -> None:
        """Another project's instance is no marker: answer as for an unknown id, so a
        listing never tells a stranger that an id exists."""
        if not objects.InstanceList.get_by_filters(
                context, {'uuid': marker, 'project_id': project_id, 'deleted': True},
                limit=1):
            raise exception.InvalidRequest(f'marker [{marker}] not found')

    # Update -------------------------------------------------------------------------

    def update(self, context, instance, values: dict):
        for key, value in values.items():
            if key not in _UPDATABLE:
                raise exception.Invalid(reason=f'{key} cannot be updated')
            if key in ('access_ip_v4', 'access_ip_v6'):
                value = normalized_ip(value)
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
        """Check the action's starting states, then _begin it."""
        action.check(instance)
        self._begin(context, instance, action)

    def _begin(self, context, instance, action: states.Action) -> None:
        """Set the (already checked) action's task_state with a save that expects its
        starting states still hold (a racing action loses cleanly), and record its
        InstanceAction."""
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
    def pause(self, context, instance) -> None:
        self._start_action(context, instance, states.PAUSE)
        self.compute_rpcapi.pause_instance(context, instance)

    @check_instance_lock
    def unpause(self, context, instance) -> None:
        self._start_action(context, instance, states.UNPAUSE)
        self.compute_rpcapi.unpause_instance(context, instance)

    @check_instance_lock
    def suspend(self, context, instance) -> None:
        self._start_action(context, instance, states.SUSPEND)
        self.compute_rpcapi.suspend_instance(context, instance)

    @check_instance_lock
    def resume(self, context, instance) -> None:
        self._start_action(context, instance, states.RESUME)
        self.compute_rpcapi.resume_instance(context, instance)

    @check_instance_lock
    def rescue(self, context, instance, rescue_password: str | None = None,
               rescue_image_ref: str | None = None) -> None:
        """Boot from a rescue image (the instance's own by default) with the instance's
        disk attached; a rescue image that does not exist is refused (400)."""
        states.RESCUE.check(instance)
        if rescue_image_ref:
            try:
                objects.ImageMeta.get_by_id(context, rescue_image_ref)
            except exception.ImageNotFound:
                raise exception.UnsupportedRescueImage(image=rescue_image_ref) from None
        self._begin(context, instance, states.RESCUE)
        self.compute_rpcapi.rescue_instance(context, instance, rescue_password,
                                            rescue_image_ref)

    @check_instance_lock
    def unrescue(self, context, instance) -> None:
        self._start_action(context, instance, states.UNRESCUE)
        self.compute_rpcapi.unrescue_instance(context, instance)

    @check_instance_lock
    def rebuild(self, context, instance, image_ref: str, admin_password: str | None,
                values: dict | None = None, preserve_ephemeral: bool = False) -> None:
        """Re-create the instance from `image_ref` on its host, keeping its uuid, flavor
        and addresses; `values` may rename it and replace its description, metadata
        and access IPs. The conductor checks a new image against the host first."""
        states.REBUILD.check(instance)
        image = objects.ImageMeta.get_by_id(context, image_ref)
        if image.status != 'active':
            raise exception.ImageNotActive(image_id=image.id)
        values = dict(values or {})
        for key in values:
            if key not in _UPDATABLE + ('metadata',):
                raise exception.Invalid(f'{key} cannot be rebuilt')
        if 'metadata' in values:
            limit = objects.Quotas.get_for_project(context, instance.project_id).limits.get(
                'metadata_items', -1)
            self._check_metadata(values['metadata'], limit)
        orig_image_ref = instance.image_ref
        for key, value in values.items():
            setattr(instance, key, value)
        instance.image_ref = image.id
        instance.progress = 0
        self._begin(context, instance, states.REBUILD)
        self.compute_task_api.rebuild_instance(context, instance, orig_image_ref, image.id,
                                               admin_password, preserve_ephemeral)

    def snapshot(self, context, instance, name: str, extra_properties: dict | None = None):
        """Create image `name` (queued) in the built-in catalog and cast its upload to
        the instance's compute; returns the image. As Nova's: private to the caller's
        project (shared with the owner's when an admin snapshots another project's
        server), the instance's image properties inherited, the snapshot's own on top.
        """
        states.SNAPSHOT.check(instance)
        extra = dict(extra_properties or {})
        limit = objects.Quotas.get_for_project(context, context.project_id).limits.get(
            'metadata_items', -1)
        self._check_metadata(extra, limit)
        try:
            base = objects.ImageMeta.get_by_id(context, instance.image_ref)
            inherited, min_ram = dict(base.properties or {}), base.min_ram
        except exception.ImageNotFound:
            inherited, min_ram = {}, 0
        properties = {**inherited, 'instance_uuid': instance.uuid,
                      'user_id': context.user_id, 'image_type': 'snapshot',
                      'base_image_ref': instance.image_ref}
        visibility = 'private'
        if context.project_id != instance.project_id:
            visibility = 'shared'
            properties['instance_owner'] = instance.project_id
        properties.update(extra)
        image = objects.ImageMeta(
            context, id=uuidutils.generate_uuid(), name=name, status='queued',
            visibility=visibility, owner=context.project_id, min_ram=min_ram,
            min_disk=instance.root_gb or 0, properties=properties)
        image.create()
        try:
            self._begin(context, instance, states.SNAPSHOT)
        except (exception.InstanceInvalidState, exception.InstanceNotFound,
                exception.UnexpectedTaskStateError):
            image.destroy()     # nobody will upload into it
            raise
        self.compute_rpcapi.snapshot_instance(context, instance, image.id)
        return image

    def get_console_output(self, context, instance, tail_length: int | None = None) -> str:
        """Asked of the instance's compute (a call); 409 while it has no host."""
        if not instance.host:
            raise exception.InstanceNotReady(instance_id=instance.uuid)
        return self.compute_rpcapi.get_console_output(context, instance, tail_length)

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


def normalized_ip(address: str | None) -> str | None:
    """An access IP as Nova stores it (its IPAddress column type): the canonical text of
    the address, e.g. "0000:0000:0000:0000:0000:babe:220.12.22.2" -> "::babe:dc0c:1602",
    which always fits the 39 characters of access_ip_v4/v6."""
    if not address:
        return address
    return str(ipaddress.ip_address(address))


def _hostname(display_name: str) -> str:
    """A DNS-safe hostname from a display name, as Nova's sanitize_hostname."""
    name = ''.join(char if char.isalnum() or char in '-.' else '-'
                   for char in display_name.lower().replace(' ', '-'))
    return name.strip('.-')[:63] or 'server'
