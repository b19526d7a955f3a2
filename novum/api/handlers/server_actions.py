"""POST /servers/{id}/action: reboot (SOFT/HARD), os-stop and os-start."""

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
    """Administrators force vm_state to active or error and clear the task, as Nova."""
    validation.validate(body, schemas.reset_state)
    instance.vm_state = body['os-resetState']['state']
    instance.task_state = None
    instance.save()


# action name in the body -> (policy rule, handler)
ACTIONS = {
    'os-resetState': ('os_compute_api:os-admin-actions:reset_state', _reset_state),
    'reboot': ('os_compute_api:servers:reboot', _reboot),
    'os-stop': ('os_compute_api:servers:stop', _stop),
    'os-start': ('os_compute_api:servers:start', _start),
}


# Nova's other server actions: known names, so a missing server still answers 404.
UNSUPPORTED_ACTIONS = frozenset((
    'addFixedIp', 'addFloatingIp', 'addSecurityGroup', 'changePassword', 'confirmResize',
    'createBackup', 'createImage', 'evacuate', 'forceDelete', 'injectNetworkInfo', 'lock',
    'migrate', 'os-getConsoleOutput', 'os-getRDPConsole', 'os-getSerialConsole',
    'os-getSPICEConsole', 'os-getVNCConsole', 'os-migrateLive', 'os-resetNetwork', 'pause',
    'rebuild', 'removeFixedIp', 'removeFloatingIp', 'removeSecurityGroup', 'rescue',
    'resize', 'restore', 'resume', 'revertResize', 'shelve', 'shelveOffload', 'suspend',
    'trigger_crash_dump', 'unlock', 'unpause', 'unrescue', 'unshelve'))


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
    policy.authorize(context, rule, {'project_id': instance.project_id})
    handler(request, instance, body)
    return util.empty_response(202)
