"""/servers: create, list (filters, sort, paging), show, rename and delete servers."""

import re
import secrets

import webob
from oslo_utils import timeutils

from novum import conf, exception
from novum.api import microversion, policies, policy, util, validation
from novum.api.schemas import servers as schemas
from novum.api.views import servers as views
from novum.compute import api as compute

CONF = conf.CONF

# What a non-admin may filter on; other options are dropped, as Nova does.
USER_SEARCH_OPTIONS = ('reservation_id', 'name', 'status', 'image', 'flavor', 'ip',
                       'changes-since', 'all_tenants', 'ip6')
ADMIN_SEARCH_OPTIONS = USER_SEARCH_OPTIONS + (
    'host', 'node', 'tenant_id', 'project_id', 'user_id', 'deleted', 'uuid', 'vm_state',
    'task_state', 'availability_zone', 'key_name', 'power_state')
# The tag filters of 2.26, for everyone: comma-separated tags.
TAG_SEARCH_OPTIONS = ('tags', 'tags-any', 'not-tags', 'not-tags-any')
# Nova's sort keys that Novum's instances have.
SORT_KEYS = ('access_ip_v4', 'access_ip_v6', 'availability_zone', 'config_drive',
             'created_at', 'display_description', 'display_name', 'host', 'hostname',
             'image_ref', 'kernel_id', 'key_name', 'launch_index', 'launched_at', 'locked',
             'memory_mb', 'node', 'power_state', 'progress', 'project_id', 'ramdisk_id',
             'task_state', 'terminated_at', 'updated_at', 'user_id', 'uuid', 'vm_state')
_PASSWORD_SYMBOLS = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'


def generate_password() -> str:
    """12 random characters without look-alikes, as Nova's utils.generate_password."""
    return ''.join(secrets.choice(_PASSWORD_SYMBOLS) for _ in range(12))


def compute_api() -> compute.API:
    return compute.API()


def get_instance(request: webob.Request, server_id: str, expected_attrs: list | None = None,
                 read_deleted: bool = False):
    """The instance, or 404 (also for another project's instance, as Nova hides it).

    read_deleted also finds a deleted instance (instance actions from 2.21).
    """
    context = util.context(request)
    if not read_deleted:
        return compute_api().get(context, server_id, expected_attrs=expected_attrs)
    saved, context.read_deleted = context.read_deleted, 'yes'
    try:
        return compute_api().get(context, server_id, expected_attrs=expected_attrs)
    finally:
        context.read_deleted = saved


def get_authorized_instance(request: webob.Request, server_id: str, rule: str,
                            expected_attrs: list | None = None, read_deleted: bool = False):
    """The instance once policy `rule` allows the caller on it: what every handler of
    /servers/{server_id} and below starts with.

    404 for an unknown server or another project's (before any policy check, so a
    refusal never tells that the server exists); 403 when the rule refuses. The rule is
    checked against the instance's project and user, as Nova's are.
    """
    instance = get_instance(request, server_id, expected_attrs=expected_attrs,
                            read_deleted=read_deleted)
    policy.authorize(util.context(request), rule,
                     {'project_id': instance.project_id, 'user_id': instance.user_id})
    return instance


# List ----------------------------------------------------------------------------------

def _all_tenants(params) -> bool:
    if 'all_tenants' not in params:
        return False
    value = params['all_tenants']
    return True if value == '' else util.bool_param(value, 'all_tenants')


def _search_options(request: webob.Request, is_detail: bool) -> dict | None:
    """Nova's search options from the query; None when nothing can match."""
    context = util.context(request)
    allowed = ADMIN_SEARCH_OPTIONS if context.is_admin else USER_SEARCH_OPTIONS
    params = request.GET
    if microversion.is_supported(request, '2.26'):
        allowed += TAG_SEARCH_OPTIONS
    opts = {key: params.get(key) for key in params if key in allowed}
    for key in TAG_SEARCH_OPTIONS:
        if key in opts:
            opts[key] = [tag for tag in opts[key].split(',') if tag]

    all_tenants = _all_tenants(opts)
    opts.pop('all_tenants', None)
    if all_tenants:
        policy.authorize(context, policies.servers.DETAIL_ALL_TENANTS if is_detail
                         else policies.servers.INDEX_ALL_TENANTS, {})
        opts['all_tenants'] = True
        if 'tenant_id' in opts:
            opts['project_id'] = opts.pop('tenant_id')
    else:
        opts.pop('tenant_id', None)
        opts['project_id'] = context.project_id

    if 'status' in opts:
        vm_state, task_state = views.states_from_status(params.getall('status'))
        if not vm_state:
            return None
        opts.pop('status')
        opts['vm_state'] = vm_state
        if 'default' not in task_state:
            opts['task_state'] = task_state
    if 'changes-since' in opts:
        try:
            opts['changes-since'] = timeutils.parse_isotime(opts['changes-since'])
        except ValueError:
            raise exception.Invalid('Invalid filter field: changes-since.') from None
    if 'deleted' in opts:
        opts['deleted'] = util.bool_param(opts['deleted'], 'deleted')
    if 'image' in opts:
        opts['image_ref'] = opts.pop('image')
    if opts.get('name') and re.escape(opts['name']) != opts['name']:
        # A regular expression, as Nova's name filter is: matched here, not in SQL.
        try:
            opts['name_regex'] = re.compile(opts.pop('name'))
        except re.error:
            raise exception.Invalid(f"Invalid regular expression: {params['name']}") \
                from None
    for unsupported in ('ip', 'ip6'):
        # No networking: no server has an address, so an address filter matches none.
        if opts.pop(unsupported, None):
            return None
    return opts


def _sort_params(request: webob.Request) -> tuple[list | None, list | None]:
    keys, dirs = request.GET.getall('sort_key'), request.GET.getall('sort_dir')
    for key in keys:
        if key not in SORT_KEYS:
            raise exception.InvalidSortKey(key=key)
    for direction in dirs:
        if direction not in ('asc', 'desc'):
            raise exception.Invalid(f'Invalid sort direction: {direction}')
    if len(dirs) > len(keys):
        raise exception.Invalid('The number of sort_keys and sort_dirs must be same')
    if keys and dirs:
        dirs += [dirs[-1]] * (len(keys) - len(dirs))
    return keys or None, dirs or None


def _list(request: webob.Request, is_detail: bool) -> webob.Response:
    context = util.context(request)
    policy.authorize(context, policies.servers.DETAIL if is_detail
                     else policies.servers.INDEX)
    opts = _search_options(request, is_detail)
    sort_keys, sort_dirs = _sort_params(request)
    page_size = util.effective_limit(request)
    if opts is None:
        page = instances = []
    else:
        flavor = opts.pop('flavor', None)
        name_regex = opts.pop('name_regex', None)
        page = instances = compute_api().get_all(
            context, search_opts=opts, limit=page_size, marker=util.marker_param(request),
            sort_keys=sort_keys, sort_dirs=sort_dirs,
            expected_attrs=['fault'] if is_detail else None)
        # Filters the database cannot apply (the page may then come out shorter).
        if flavor is not None:
            instances = [instance for instance in instances
                         if str(instance.flavor.flavorid) == flavor]
        if name_regex is not None:
            instances = [instance for instance in instances
                         if name_regex.search(instance.display_name or '')]
    build = views.detail if is_detail else views.index
    return util.json_response(build(request, instances, page, page_size))


def index(request: webob.Request) -> webob.Response:
    return _list(request, is_detail=False)


def detail(request: webob.Request) -> webob.Response:
    return _list(request, is_detail=True)


def show(request: webob.Request, server_id: str) -> webob.Response:
    instance = get_authorized_instance(request, server_id, policies.servers.SHOW,
                                       expected_attrs=['fault'])
    return util.json_response({'server': views.show(request, instance)})


# Create --------------------------------------------------------------------------------

def _id_from_href(ref) -> str:
    """flavorRef may be an id or a link to the flavor."""
    return str(ref).rstrip('/').rsplit('/', 1)[-1]


class OnsetFileLimitExceeded(exception.NovumException):
    msg_fmt = 'Personality file limit exceeded'
    code = 403


def check_personality(personality: list) -> None:
    """Nova's injected file quotas (403). Novum's drivers inject no files, but a request
    Nova refuses is refused here too."""
    if not personality:
        return
    quota = CONF.quota
    if 0 <= quota.injected_files < len(personality):
        raise OnsetFileLimitExceeded()
    if 0 <= quota.injected_file_path_length < max(len(item.get('path', ''))
                                                  for item in personality):
        raise OnsetFileLimitExceeded(
            f'Personality file path exceeds maximum {quota.injected_file_path_length}')
    if 0 <= quota.injected_file_content_bytes < max(len(item.get('contents', ''))
                                                    for item in personality):
        raise OnsetFileLimitExceeded(
            f'Personality file content exceeds maximum {quota.injected_file_content_bytes}')


def _boot_request(request: webob.Request, server: dict) -> compute.BootRequest:
    min_count = int(server.get('min_count', 1))
    max_count = int(server.get('max_count', min_count))
    networks = server.get('networks')
    if isinstance(networks, list) and networks:
        # Novum has no network service: a requested network cannot exist.
        network = networks[0].get('uuid') or networks[0].get('port') or ''
        raise exception.Invalid(f'Network {network} could not be found.')
    for group in server.get('security_groups', []):
        # Without a network service every server is in "default" and only there.
        if group.get('name', 'default') != 'default':
            raise exception.Invalid(f"Security group {group['name']} not found.")
    if not server.get('imageRef'):
        raise exception.Invalid('Can not find requested image')
    check_personality(server.get('personality', []))
    return compute.BootRequest(
        name=server['name'], flavor_id=_id_from_href(server['flavorRef']),
        image_id=server['imageRef'], min_count=min_count, max_count=max_count,
        key_name=server.get('key_name'), metadata=server.get('metadata', {}),
        availability_zone=server.get('availability_zone'),
        description=server.get('description'), access_ip_v4=server.get('accessIPv4'),
        access_ip_v6=server.get('accessIPv6'))


@validation.schema(schemas.create, '2.1', '2.18')
@validation.schema(schemas.create_v219, '2.19', '2.36')
@validation.schema(schemas.create_v237, '2.37')
def create(request: webob.Request, body) -> webob.Response:
    context = util.context(request)
    policy.authorize(context, policies.servers.CREATE)
    server = body['server']
    boot_request = _boot_request(request, server)
    boot_request.scheduler_hints = (body.get('os:scheduler_hints')
                                    or body.get('OS-SCH-HNT:scheduler_hints') or {})
    try:
        instances, reservation_id = compute_api().create(context, boot_request)
    except exception.FlavorNotFound:
        raise exception.Invalid('Invalid flavorRef provided.') from None
    except exception.ImageNotFound:
        raise exception.Invalid('Can not find requested image') from None
    except exception.KeypairNotFound:
        raise exception.Invalid('Invalid key_name provided.') from None
    except (exception.TooManyInstances, exception.MetadataLimitExceeded) as error:
        raise exception.NotAuthorized(error.format_message()) from None
    if util.bool_param(server.get('return_reservation_id', False), 'return_reservation_id'):
        return util.json_response({'reservation_id': reservation_id}, status=202)
    instance = instances[0]
    links = util.links(request, 'servers', instance.uuid)
    body = {'server': {
        'id': instance.uuid,
        'links': links,
        'OS-DCF:diskConfig': server.get('OS-DCF:diskConfig', 'MANUAL'),
        'security_groups': server.get('security_groups', [{'name': 'default'}]),
    }}
    if CONF.api.enable_instance_password:
        body['server']['adminPass'] = server.get('adminPass') or generate_password()
    return util.json_response(body, status=202, headers={'Location': links[0]['href']})


# Update and delete ---------------------------------------------------------------------

@validation.schema(schemas.update, '2.1', '2.18')
@validation.schema(schemas.update_v219, '2.19')
def update(request: webob.Request, server_id: str, body) -> webob.Response:
    context = util.context(request)
    instance = get_authorized_instance(request, server_id, policies.servers.UPDATE,
                                       expected_attrs=['fault'])
    values = {}
    if 'name' in body['server']:
        values['display_name'] = body['server']['name']
    if 'description' in body['server']:
        values['display_description'] = body['server']['description']
    for field, column in (('accessIPv4', 'access_ip_v4'), ('accessIPv6', 'access_ip_v6')):
        if field in body['server']:
            values[column] = body['server'][field]
    if values:
        instance = compute_api().update(context, instance, values)
    return util.json_response({'server': views.show(request, instance, extended=False)})


def delete(request: webob.Request, server_id: str) -> webob.Response:
    context = util.context(request)
    instance = get_authorized_instance(request, server_id, policies.servers.DELETE)
    compute_api().delete(context, instance)
    return util.empty_response(204)
