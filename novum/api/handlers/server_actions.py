"""POST /servers/{id}/action: reboot, os-stop, os-start, lock, unlock, os-resetState,
injectNetworkInfo, restore and forceDelete."""

import webob

from novum import exception
from novum.api import policy, util, validation
from novum.api.handlers import servers
from novum.api.schemas import servers as schemas


def _reboot(request: webob.Request, instance, body: dict) -> None:
    validation.validate(body, schemas.reboot)
    servers.compute_api().reboot(util.context(request), instance,
                                 body['reboot']['type'].upper())


def _stop(request: webob.Request, instance, body: dict) -> None:
    validation.validate(body, schemas.stop)
    servers.compute_api().stop(util.context(request), instance)


def _start(request: webob.Request, instance, body: dict) -> None:
    validation.validate(body, schemas.start)
    servers.compute_api().start(util.context(request), instance)


def _reset_state(request: webob.Request, instance, body: dict) -> None:
    validation.validate(body, schemas.reset_state)
    servers.compute_api().reset_state(util.context(request), instance,
                                      body['os-resetState']['state'])


def _lock(request: webob.Request, instance, body: dict) -> None:
    validation.validate(body, schemas.lock)
    servers.compute_api().lock(util.context(request), instance)


def _unlock(request: webob.Request, instance, body: dict) -> None:
    validation.validate(body, schemas.unlock)
    servers.compute_api().unlock(util.context(request), instance)


def _inject_network_info(request: webob.Request, instance, body: dict) -> None:
    validation.validate(body, schemas.inject_network_info)
    servers.compute_api().inject_network_info(util.context(request), instance)


def _restore(request: webob.Request, instance, body: dict) -> None:
    validation.validate(body, schemas.restore)
    servers.compute_api().restore(util.context(request), instance)


def _force_delete(request: webob.Request, instance, body: dict) -> None:
    validation.validate(body, schemas.force_delete)
    servers.compute_api().force_delete(util.context(request), instance)


# action name in the body -> (policy rule, handler)
ACTIONS = {
    'os-resetState': ('os_compute_api:os-admin-actions:reset_state', _reset_state),
    'injectNetworkInfo': ('os_compute_api:os-admin-actions:inject_network_info',
                          _inject_network_info),
    'reboot': ('os_compute_api:servers:reboot', _reboot),
    'os-stop': ('os_compute_api:servers:stop', _stop),
    'os-start': ('os_compute_api:servers:start', _start),
    'lock': ('os_compute_api:os-lock-server:lock', _lock),
    'unlock': ('os_compute_api:os-lock-server:unlock', _unlock),
    'restore': ('os_compute_api:os-deferred-delete:restore', _restore),
    'forceDelete': ('os_compute_api:os-deferred-delete:force', _force_delete),
}


# Nova's other server actions: known names, so a missing server still answers 404.
UNSUPPORTED_ACTIONS = frozenset((
    'addFixedIp', 'addFloatingIp', 'addSecurityGroup', 'changePassword', 'confirmResize',
    'createBackup', 'createImage', 'evacuate', 'os-getConsoleOutput',
    'os-getRDPConsole', 'os-getSerialConsole', 'os-getSPICEConsole', 'os-getVNCConsole',
    'os-migrateLive', 'os-resetNetwork', 'migrate', 'pause', 'rebuild', 'removeFixedIp',
    'removeFloatingIp', 'removeSecurityGroup', 'rescue', 'resize', 'resume', 'revertResize',
    'shelve', 'shelveOffload', 'suspend', 'trigger_crash_dump', 'unpause', 'unrescue',
    'unshelve'))


def action(request: webob.Request, server_id: str, body) -> webob.Response:
    if not isinstance(body, dict) or not body:
        raise util.MalformedRequestBody()
    name = next(iter(body))
    if name not in ACTIONS and name not in UNSUPPORTED_ACTIONS:
        raise exception.Invalid(f'There is no such action: {name}')
    context = util.context(request)
    instance = servers.get_instance(request, server_id)
    if name in UNSUPPORTED_ACTIONS:
        raise exception.Invalid(f'Action {name} is not supported by Novum.')
    rule, handler = ACTIONS[name]
    policy.authorize(context, rule, {'project_id': instance.project_id,
                                     'user_id': instance.user_id})
    handler(request, instance, body)
    return util.empty_response(202)
