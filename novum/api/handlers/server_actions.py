"""POST /servers/{id}/action: reboot, os-stop, os-start, lock, unlock, os-resetState,
injectNetworkInfo, restore and forceDelete."""

import webob

from novum import exception
from novum.api import policies, util, validation
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
    'os-resetState': (policies.admin_actions.RESET_STATE, _reset_state),
    'injectNetworkInfo': (policies.admin_actions.INJECT_NETWORK_INFO,
                          _inject_network_info),
    'reboot': (policies.servers.REBOOT, _reboot),
    'os-stop': (policies.servers.STOP, _stop),
    'os-start': (policies.servers.START, _start),
    'lock': (policies.lock_server.LOCK, _lock),
    'unlock': (policies.lock_server.UNLOCK, _unlock),
    'restore': (policies.deferred_delete.RESTORE, _restore),
    'forceDelete': (policies.deferred_delete.FORCE, _force_delete),
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
    if name in UNSUPPORTED_ACTIONS:
        servers.get_instance(request, server_id)    # a missing server is still a 404
        raise exception.Invalid(f'Action {name} is not supported by Novum.')
    if name not in ACTIONS:
        raise exception.Invalid(f'There is no such action: {name}')
    rule, handler = ACTIONS[name]
    instance = servers.get_authorized_instance(request, server_id, rule)
    handler(request, instance, body)
    return util.empty_response(202)
