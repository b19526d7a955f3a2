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


def action(request: webob.Request, server_id: str, body) -> webob.Response:
    if not isinstance(body, dict) or not body:
        raise util.MalformedRequestBody()
    name = next(iter(body))
    if name not in ACTIONS:
        raise exception.Invalid(f'There is no such action: {name}')
    rule, handler = ACTIONS[name]
    context = util.context(request)
    instance = servers.get_instance(request, server_id)
    policy.authorize(context, rule, {'project_id': instance.project_id})
    handler(request, instance, body)
    return util.empty_response(202)
