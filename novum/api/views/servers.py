"""The server views of Nova: status from vm_state/task_state, and the body of a server."""

import hashlib

import webob

from novum import conf, objects
from novum.api import microversion, policies, policy, util
from novum.api.views import services as service_views
from novum.compute import aggregates as compute_aggregates
from novum.compute import task_states, vm_states

CONF = conf.CONF

# vm_state -> {task_state: status}, 'default' when the task_state is not listed.
# A rebuild shows as REBUILD from whichever state it started (Nova's map).
_REBUILDING = {task_states.REBUILDING: 'REBUILD',
               task_states.REBUILD_BLOCK_DEVICE_MAPPING: 'REBUILD',
               task_states.REBUILD_SPAWNING: 'REBUILD'}

STATE_MAP = {
    vm_states.ACTIVE: {
        'default': 'ACTIVE',
        task_states.REBOOTING: 'REBOOT',
        task_states.REBOOT_PENDING: 'REBOOT',
        task_states.REBOOT_STARTED: 'REBOOT',
        task_states.REBOOTING_HARD: 'HARD_REBOOT',
        task_states.REBOOT_PENDING_HARD: 'HARD_REBOOT',
        task_states.REBOOT_STARTED_HARD: 'HARD_REBOOT',
        task_states.RESIZE_PREP: 'RESIZE',
        task_states.RESIZE_MIGRATING: 'RESIZE',
        task_states.RESIZE_MIGRATED: 'RESIZE',
        task_states.RESIZE_FINISH: 'RESIZE',
        **_REBUILDING,
    },
    vm_states.BUILDING: {'default': 'BUILD'},
    vm_states.STOPPED: {
        'default': 'SHUTOFF',
        task_states.RESIZE_PREP: 'RESIZE',
        task_states.RESIZE_MIGRATING: 'RESIZE',
        task_states.RESIZE_MIGRATED: 'RESIZE',
        task_states.RESIZE_FINISH: 'RESIZE',
        **_REBUILDING,
    },
    vm_states.RESIZED: {'default': 'VERIFY_RESIZE',
                        task_states.RESIZE_REVERTING: 'REVERT_RESIZE'},
    vm_states.PAUSED: {'default': 'PAUSED'},
    vm_states.SUSPENDED: {'default': 'SUSPENDED'},
    vm_states.RESCUED: {'default': 'RESCUE'},
    vm_states.ERROR: {'default': 'ERROR', **_REBUILDING},
    vm_states.DELETED: {'default': 'DELETED'},
    vm_states.SOFT_DELETED: {'default': 'SOFT_DELETED'},
    vm_states.SHELVED: {'default': 'SHELVED'},
    vm_states.SHELVED_OFFLOADED: {'default': 'SHELVED_OFFLOADED'},
}

PROGRESS_STATUSES = ('ACTIVE', 'BUILD', 'REBUILD', 'RESIZE', 'VERIFY_RESIZE', 'MIGRATING')
FAULT_STATUSES = ('ERROR', 'DELETED')


def status_from_state(vm_state: str | None, task_state: str | None) -> str:
    task_map = STATE_MAP.get(vm_state, {'default': 'UNKNOWN'})
    return task_map.get(task_state, task_map['default'])


def states_from_status(statuses: list[str]) -> tuple[list[str], list]:
    """The vm_states and task_states a status filter means (Nova's inverse map)."""
    wanted = {status.lower() for status in statuses}
    vm_state_set, task_state_set = set(), set()
    for vm_state, task_map in STATE_MAP.items():
        for task_state, status in task_map.items():
            if status.lower() in wanted:
                vm_state_set.add(vm_state)
                task_state_set.add(task_state)
    return sorted(vm_state_set), sorted(task_state_set, key=str)


def host_id(instance) -> str:
    """An opaque per-project id of the host, so users can see co-location, not hosts."""
    if not instance.host:
        return ''
    return hashlib.sha224((str(instance.project_id) + instance.host).encode()).hexdigest()


def instance_name(instance) -> str:
    return f'instance-{instance.id:08x}'


def availability_zone(instance, host_zones: dict | None = None) -> str:
    """The requested zone, or once on a host the host's zone (host_zones: see
    compute.aggregates.host_availability_zones; the default zone when not there)."""
    if instance.availability_zone:
        return instance.availability_zone
    return compute_aggregates.host_zone(host_zones or {}, instance.host) if instance.host \
        else ''


def status(instance) -> str:
    if instance.deleted:
        return 'DELETED'
    return status_from_state(instance.vm_state, instance.task_state)


def basic(request: webob.Request, instance) -> dict:
    return {'id': instance.uuid, 'name': instance.display_name,
            'links': util.links(request, 'servers', instance.uuid)}


def _image(request: webob.Request, instance):
    if not instance.image_ref:
        return ''
    return {'id': instance.image_ref,
            'links': [{'rel': 'bookmark',
                       'href': util.bookmark(request, 'images', instance.image_ref)}]}


def _flavor(request: webob.Request, instance) -> dict:
    flavorid = instance.flavor.flavorid
    return {'id': str(flavorid),
            'links': [{'rel': 'bookmark', 'href': util.bookmark(request, 'flavors', flavorid)}]}


def _fault(context, instance) -> dict | None:
    fault = instance.fault if instance.obj_attr_is_set('fault') else None
    if fault is None:
        return None
    body = {'code': fault.code, 'created': util.isotime(fault.created_at),
            'message': fault.message}
    if fault.details and (context.is_admin or fault.code != 500):
        body['details'] = fault.details
    return body


class HostStatus:
    """UP / DOWN / MAINTENANCE / UNKNOWN of instances' hosts, one service query per list;
    and their zones (`zones`), one aggregate query per list."""

    def __init__(self, context):
        self._context = context
        self._services = None
        self._zones = None

    @property
    def zones(self) -> dict:
        if self._zones is None:
            self._zones = compute_aggregates.host_availability_zones(self._context)
        return self._zones

    def __call__(self, instance) -> str:
        if not instance.host:
            return ''
        if self._services is None:
            self._services = {service.host: service for service in
                              objects.ServiceList.get_by_binary(
                                  self._context, service_views.COMPUTE_BINARY)}
        service = self._services.get(instance.host)
        if service is None:
            return 'UNKNOWN'
        if service.forced_down:
            return 'DOWN'
        if not service.is_up():
            return 'UNKNOWN'
        return 'MAINTENANCE' if service.disabled else 'UP'


def show(request: webob.Request, instance, host_status: HostStatus | None = None,
         extended: bool = True) -> dict:
    """The detailed body of one server, at the request's microversion.

    extended=False is the body of PUT /servers/{id} before 2.75: Nova leaves out the
    availability zone, config drive, key name, usage, extended status, volume and admin
    attributes there.
    """
    context = util.context(request)
    server = {
        'id': instance.uuid,
        'name': instance.display_name,
        'status': status(instance),
        'tenant_id': instance.project_id or '',
        'user_id': instance.user_id or '',
        'metadata': dict(instance.metadata or {}),
        'hostId': host_id(instance),
        'image': _image(request, instance),
        'flavor': _flavor(request, instance),
        'created': util.isotime(instance.created_at),
        'updated': util.isotime(instance.updated_at or instance.created_at),
        'addresses': {},
        'accessIPv4': instance.access_ip_v4 or '',
        'accessIPv6': instance.access_ip_v6 or '',
        'links': util.links(request, 'servers', instance.uuid),
        'OS-DCF:diskConfig': 'MANUAL',
    }
    if server['status'] in FAULT_STATUSES:
        fault = _fault(context, instance)
        if fault:
            server['fault'] = fault
    if server['status'] in PROGRESS_STATUSES:
        server['progress'] = instance.progress or 0
    is_admin = False
    host_status = host_status or HostStatus(context)
    if extended:
        server.update({
            'OS-EXT-AZ:availability_zone': availability_zone(
                instance, host_status.zones if instance.host and not
                instance.availability_zone else None),
            'config_drive': instance.config_drive or '',
            'key_name': instance.key_name,
            'OS-SRV-USG:launched_at': util.naive(instance.launched_at),
            'OS-SRV-USG:terminated_at': util.naive(instance.terminated_at),
            'OS-EXT-STS:task_state': instance.task_state,
            'OS-EXT-STS:vm_state': instance.vm_state,
            'OS-EXT-STS:power_state': instance.power_state,
            'os-extended-volumes:volumes_attached': [],
        })
        is_admin = policy.authorize(context, policies.extended_server_attributes.BASE,
                                    {'project_id': instance.project_id}, fatal=False)
    if is_admin:
        server['OS-EXT-SRV-ATTR:host'] = instance.host
        server['OS-EXT-SRV-ATTR:instance_name'] = instance_name(instance)
        server['OS-EXT-SRV-ATTR:hypervisor_hostname'] = instance.node
        if microversion.is_supported(request, '2.3'):
            server.update({
                'OS-EXT-SRV-ATTR:hostname': instance.hostname,
                'OS-EXT-SRV-ATTR:kernel_id': '',
                'OS-EXT-SRV-ATTR:launch_index': instance.launch_index,
                'OS-EXT-SRV-ATTR:ramdisk_id': '',
                'OS-EXT-SRV-ATTR:reservation_id': instance.reservation_id,
                'OS-EXT-SRV-ATTR:root_device_name': None,
                'OS-EXT-SRV-ATTR:user_data': None,
            })
    if microversion.is_supported(request, '2.9'):
        server['locked'] = bool(instance.locked)
    if microversion.is_supported(request, '2.16') and is_admin:
        server['host_status'] = host_status(instance)
    if microversion.is_supported(request, '2.19'):
        server['description'] = instance.display_description
    if microversion.is_supported(request, '2.26'):
        server['tags'] = list(instance.tags)
    return server


def index(request: webob.Request, instances, page: list | None = None,
          limit: int | None = None) -> dict:
    """`page` is what the database returned (before any filter applied here): whether
    it was full decides the "next" link."""
    return _collection(request, [basic(request, instance) for instance in instances],
                       'servers', instances if page is None else page, limit)


def detail(request: webob.Request, instances, page: list | None = None,
           limit: int | None = None) -> dict:
    host_status = HostStatus(util.context(request))
    return _collection(request, [show(request, instance, host_status)
                                 for instance in instances], 'servers/detail',
                       instances if page is None else page, limit)


def _collection(request: webob.Request, servers: list, collection: str, page: list,
                limit: int | None) -> dict:
    body = {'servers': servers}
    links = util.collection_links(request, [{'id': instance.uuid} for instance in page],
                                  collection, limit=limit)
    if links:
        body['servers_links'] = links
    return body
