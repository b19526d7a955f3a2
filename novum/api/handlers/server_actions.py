"""POST /servers/{id}/action: reboot, os-stop, os-start, lock, unlock, os-resetState,
injectNetworkInfo, restore and forceDelete."""

import webob

from novum import exception, objects
from novum.api import policies, util, validation
from novum.api.handlers import servers
from novum.api.schemas import servers as schemas
from novum.compute import vm_states


def _reboot(request: webob.Request, instance, body: dict) -> None:
    validation.validate(body, schemas.reboot)
    servers.check_instance_lock(request, instance)
    servers.compute_api().reboot(util.context(request), instance,
                                 body['reboot']['type'].upper())


def _stop(request: webob.Request, instance, body: dict) -> None:
    validation.validate(body, schemas.stop)
    servers.check_instance_lock(request, instance)
    servers.compute_api().stop(util.context(request), instance)


def _start(request: webob.Request, instance, body: dict) -> None:
    validation.validate(body, schemas.start)
    servers.check_instance_lock(request, instance)
    servers.compute_api().start(util.context(request), instance)


def _reset_state(request: webob.Request, instance, body: dict) -> None:
    """Administrators force vm_state to active or error and clear the task, as Nova."""
    validation.validate(body, schemas.reset_state)
    instance.vm_state = body['os-resetState']['state']
    instance.task_state = None
    instance.save()


def _lock(request: webob.Request, instance, body: dict) -> None:
    """Lock: only administrators may then act on the server (Nova's check_instance_lock).
    The owner locking an already locked server changes nothing, as in Nova."""
    validation.validate(body, schemas.lock)
    context = util.context(request)
    if instance.locked and instance.project_id == context.project_id:
        return
    objects.InstanceAction.action_start(context.elevated(), instance.uuid, 'lock',
                                        want_result=False)
    instance.locked = True
    instance.save()


def _unlock(request: webob.Request, instance, body: dict) -> None:
    validation.validate(body, schemas.unlock)
    objects.InstanceAction.action_start(util.context(request).elevated(), instance.uuid,
                                        'unlock', want_result=False)
    instance.locked = False
    instance.save()


def _inject_network_info(request: webob.Request, instance, body: dict) -> None:
    """Accepted as Nova accepts it; Novum's servers have no network to inject."""
    validation.validate(body, schemas.inject_network_info)
    servers.check_instance_lock(request, instance)


def _restore(request: webob.Request, instance, body: dict) -> None:
    """Only a soft-deleted server can be restored; Novum deletes at once (Nova's
    reclaim_instance_interval = 0), so every other state answers 409 as Nova's does."""
    validation.validate(body, schemas.restore)
    servers.check_instance_lock(request, instance)
    if instance.vm_state != vm_states.SOFT_DELETED:
        raise exception.InstanceInvalidState(
            attr='vm_state', instance_uuid=instance.uuid, state=instance.vm_state,
            method='restore')


def _force_delete(request: webob.Request, instance, body: dict) -> None:
    """Delete now, in any state, as Nova's force_delete."""
    validation.validate(body, schemas.force_delete)
    servers.check_instance_lock(request, instance)
    servers.compute_api().delete(util.context(request), instance)


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
