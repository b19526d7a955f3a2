"""POST /servers/{id}/action: reboot, os-stop, os-start, pause, unpause, suspend, resume,
rescue, unrescue, rebuild, createImage, os-getConsoleOutput, resize, migrate,
confirmResize, revertResize, lock, unlock, os-resetState, injectNetworkInfo, restore and
forceDelete."""

import re

import webob

from novum import conf, exception
from novum.api import policies, util, validation
from novum.api.handlers import servers
from novum.api.schemas import servers as schemas
from novum.api.views import servers as views

CONF = conf.CONF


def _call(method: str, schema: dict):
    """The handler of an action whose only argument is the server: compute.API `method`."""
    def handler(request: webob.Request, instance, body: dict) -> None:
        validation.validate(body, schema)
        getattr(servers.compute_api(), method)(util.context(request), instance)
    handler.__name__ = f'_{method}'
    return handler


def _reboot(request: webob.Request, instance, body: dict) -> None:
    validation.validate(body, schemas.reboot)
    servers.compute_api().reboot(util.context(request), instance,
                                 body['reboot']['type'].upper())


def _reset_state(request: webob.Request, instance, body: dict) -> None:
    validation.validate(body, schemas.reset_state)
    servers.compute_api().reset_state(util.context(request), instance,
                                      body['os-resetState']['state'])


def _resize(request: webob.Request, instance, body: dict) -> None:
    validation.validate(body, schemas.resize)
    flavor_id = servers._id_from_href(body['resize']['flavorRef'])
    try:
        servers.compute_api().resize(util.context(request), instance, flavor_id)
    except exception.FlavorNotFound:
        raise exception.Invalid('Unable to locate requested flavor.') from None
    except exception.TooManyInstances as error:
        raise exception.NotAuthorized(error.format_message()) from None


def _migrate(request: webob.Request, instance, body: dict) -> None:
    validation.validate(body, schemas.migrate)
    servers.compute_api().resize(util.context(request), instance)


def _not_resized(call, request: webob.Request, instance) -> None:
    """Nova's answer when the server has no finished resize to confirm or revert."""
    try:
        call(util.context(request), instance)
    except exception.MigrationNotFound:
        raise exception.Invalid('Instance has not been resized.') from None


def _confirm_resize(request: webob.Request, instance, body: dict) -> webob.Response:
    validation.validate(body, schemas.confirm_resize)
    _not_resized(servers.compute_api().confirm_resize, request, instance)
    return util.empty_response(204)     # as Nova's confirmResize


def _revert_resize(request: webob.Request, instance, body: dict) -> None:
    validation.validate(body, schemas.revert_resize)
    try:
        _not_resized(servers.compute_api().revert_resize, request, instance)
    except exception.TooManyInstances as error:
        raise exception.NotAuthorized(error.format_message()) from None


def _rescue(request: webob.Request, instance, body: dict) -> webob.Response:
    """200 with the rescue password (given or generated) when instance passwords are on,
    as Nova answers."""
    validation.validate(body, schemas.rescue)
    options = body['rescue'] or {}
    password = options.get('adminPass') or servers.generate_password()
    servers.compute_api().rescue(util.context(request), instance, rescue_password=password,
                                 rescue_image_ref=options.get('rescue_image_ref'))
    return util.json_response({'adminPass': password} if CONF.api.enable_instance_password
                              else {})


def _get_console_output(request: webob.Request, instance, body: dict) -> webob.Response:
    validation.validate(body, schemas.get_console_output)
    length = body['os-getConsoleOutput'].get('length')
    output = servers.compute_api().get_console_output(
        util.context(request), instance, None if length is None else int(length))
    # Control characters other than tab and newline are dropped, as Nova does.
    return util.json_response({'output': _CONTROL_CHARACTERS.sub('', output)})


@validation.schema(schemas.rebuild, '2.1', '2.18')
@validation.schema(schemas.rebuild_v219, '2.19')
def _rebuild(request: webob.Request, instance, body: dict) -> webob.Response:
    """202 with the server as PUT /servers/{id} shows it, and its new admin password."""
    rebuild = body['rebuild']
    servers.check_personality(rebuild.get('personality', []))
    values = {column: rebuild[field] for field, column in _REBUILD_FIELDS if field in rebuild}
    if 'display_name' in values:
        values['display_name'] = values['display_name'].strip()
    password = rebuild.get('adminPass') or servers.generate_password()
    context = util.context(request)
    try:
        servers.compute_api().rebuild(
            context, instance, rebuild['imageRef'], password, values,
            util.bool_param(rebuild.get('preserve_ephemeral', False), 'preserve_ephemeral'))
    except exception.ImageNotFound:
        raise exception.Invalid('Cannot find image for rebuild') from None
    except exception.MetadataLimitExceeded as error:
        raise exception.NotAuthorized(error.format_message()) from None
    instance = servers.get_instance(request, instance.uuid, expected_attrs=['fault'])
    view = views.show(request, instance, extended=False)
    if CONF.api.enable_instance_password:
        view['adminPass'] = password
    return util.json_response({'server': view}, status=202,
                              headers={'Location': view['links'][0]['href']})


# Rebuild body field -> instance field.
_REBUILD_FIELDS = (('name', 'display_name'), ('description', 'display_description'),
                   ('metadata', 'metadata'), ('accessIPv4', 'access_ip_v4'),
                   ('accessIPv6', 'access_ip_v6'))


def _create_image(request: webob.Request, instance, body: dict) -> webob.Response:
    """202 with the snapshot's Location: its entry in the Glance-shaped image view
    (Nova points at Glance; Novum's built-in catalog is served under /image)."""
    validation.validate(body, schemas.create_image)
    entity = body['createImage']
    try:
        image = servers.compute_api().snapshot(util.context(request), instance,
                                               entity['name'].strip(),
                                               entity.get('metadata', {}))
    except exception.MetadataLimitExceeded as error:
        raise exception.NotAuthorized(error.format_message()) from None
    response = util.empty_response(202)
    response.headers['Location'] = f'{util.root_url(request)}/image/v2/images/{image.id}'
    return response


_CONTROL_CHARACTERS = re.compile('[\x00-\x08\x0B-\x1F]')


# action name in the body -> (policy rule, handler); a handler returns its response
# when the action answers more than an empty 202.
ACTIONS = {
    'os-resetState': (policies.admin_actions.RESET_STATE, _reset_state),
    'injectNetworkInfo': (policies.admin_actions.INJECT_NETWORK_INFO,
                          _call('inject_network_info', schemas.inject_network_info)),
    'reboot': (policies.servers.REBOOT, _reboot),
    'os-stop': (policies.servers.STOP, _call('stop', schemas.stop)),
    'os-start': (policies.servers.START, _call('start', schemas.start)),
    'lock': (policies.lock_server.LOCK, _call('lock', schemas.lock)),
    'unlock': (policies.lock_server.UNLOCK, _call('unlock', schemas.unlock)),
    'restore': (policies.deferred_delete.RESTORE, _call('restore', schemas.restore)),
    'forceDelete': (policies.deferred_delete.FORCE, _call('force_delete', schemas.force_delete)),
    'pause': (policies.pause_server.PAUSE, _call('pause', schemas.pause)),
    'unpause': (policies.pause_server.UNPAUSE, _call('unpause', schemas.unpause)),
    'suspend': (policies.suspend_server.SUSPEND, _call('suspend', schemas.suspend)),
    'resume': (policies.suspend_server.RESUME, _call('resume', schemas.resume)),
    'rescue': (policies.rescue.RESCUE, _rescue),
    'unrescue': (policies.rescue.UNRESCUE, _call('unrescue', schemas.unrescue)),
    'os-getConsoleOutput': (policies.console_output.BASE, _get_console_output),
    'createImage': (policies.servers.CREATE_IMAGE, _create_image),
    'rebuild': (policies.servers.REBUILD, _rebuild),
    'resize': (policies.servers.RESIZE, _resize),
    'migrate': (policies.migrate_server.MIGRATE, _migrate),
    'confirmResize': (policies.servers.CONFIRM_RESIZE, _confirm_resize),
    'revertResize': (policies.servers.REVERT_RESIZE, _revert_resize),
}


# Nova's other server actions: known names, so a missing server still answers 404.
UNSUPPORTED_ACTIONS = frozenset((
    'addFixedIp', 'addFloatingIp', 'addSecurityGroup', 'changePassword',
    'createBackup', 'evacuate',
    'os-getRDPConsole', 'os-getSerialConsole', 'os-getSPICEConsole', 'os-getVNCConsole',
    'os-migrateLive', 'os-resetNetwork', 'removeFixedIp',
    'removeFloatingIp', 'removeSecurityGroup',
    'shelve', 'shelveOffload', 'trigger_crash_dump',
    'unshelve'))


def action(request: webob.Request, server_id: str, body) -> webob.Response:
    if not isinstance(body, dict) or not body:
        raise util.MalformedRequestBody()
    name = next(iter(body))
    if name in UNSUPPORTED_ACTIONS:
        servers.get_instance(request, server_id)    # a missing server is still a 404
        raise exception.Invalid(f'Action {name} is not supported by Novum.')
    if name not in ACTIONS:
        raise exception.Invalid(f'There is no such action: {name}')
    rule, handler = ACTIONS[name]
    instance = servers.get_authorized_instance(request, server_id, rule)
    return handler(request, instance, body=body) or util.empty_response(202)
