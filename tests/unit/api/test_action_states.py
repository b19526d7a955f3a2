"""Every action record of compute/states.py, through the REST API: each starting state
the record forbids answers Nova's 409, generated from the table, not hand-listed."""

import pytest

from novum import context, objects
from novum.compute import states, task_states, vm_states
from tests.unit.api import fixtures

# How a client asks for each state-checked action (the request, not the rule).
REQUESTS = {
    states.REBOOT_SOFT: ('POST', 'action', {'reboot': {'type': 'SOFT'}}),
    states.REBOOT_HARD: ('POST', 'action', {'reboot': {'type': 'HARD'}}),
    states.STOP: ('POST', 'action', {'os-stop': None}),
    states.START: ('POST', 'action', {'os-start': None}),
    states.RESTORE: ('POST', 'action', {'restore': {}}),
    states.FORCE_DELETE: ('POST', 'action', {'forceDelete': {}}),
    states.UPDATE_METADATA: ('POST', 'metadata', {'metadata': {'k': 'w'}}),
    states.DELETE_METADATA: ('DELETE', 'metadata/k', None),
    states.PAUSE: ('POST', 'action', {'pause': None}),
    states.UNPAUSE: ('POST', 'action', {'unpause': None}),
    states.SUSPEND: ('POST', 'action', {'suspend': None}),
    states.RESUME: ('POST', 'action', {'resume': None}),
    states.RESCUE: ('POST', 'action', {'rescue': None}),
    states.UNRESCUE: ('POST', 'action', {'unrescue': None}),
    states.SNAPSHOT: ('POST', 'action', {'createImage': {'name': 'snap'}}),
    states.REBUILD: ('POST', 'action', {'rebuild': {
        'imageRef': '155d900f-4e14-4e4c-a73d-069cbf4541e6'}}),
    states.RESIZE: ('POST', 'action', {'resize': {'flavorRef': '2'}}),
    states.MIGRATE: ('POST', 'action', {'migrate': None}),
    states.CONFIRM_RESIZE: ('POST', 'action', {'confirmResize': None}),
    states.REVERT_RESIZE: ('POST', 'action', {'revertResize': None}),
}
# Actions whose policy is for administrators only: asked as admin (of another project).
ADMIN_ONLY = {states.MIGRATE}


def _values(module) -> list[str]:
    return [value for name, value in vars(module).items()
            if name.isupper() and isinstance(value, str)]


def _restricted(action: states.Action) -> bool:
    return (action.vm_states is not states.ANY or action.task_states is not states.ANY
            or action.must_have_launched)


def _forbidden(action: states.Action):
    """(vm_state, task_state, launched, the attr the 409 names) the record refuses:
    each other vm_state, each other task_state from an allowed vm_state, and never
    launched where it must have been."""
    allowed_vm = action.vm_states[0] if action.vm_states is not states.ANY \
        else vm_states.ACTIVE
    if action.vm_states is not states.ANY:
        for vm_state in _values(vm_states):
            if vm_state not in action.vm_states:
                yield vm_state, None, True, 'vm_state'
    if action.task_states is not states.ANY:
        for task_state in [None, *_values(task_states)]:
            if task_state not in action.task_states:
                yield allowed_vm, task_state, True, 'task_state'
    if action.must_have_launched:
        yield allowed_vm, None, False, 'launched_at'


def _set_state(server_id: str, vm_state: str, task_state, launched: bool) -> None:
    instance = objects.Instance.get_by_uuid(context.get_admin_context(), server_id)
    instance.vm_state = vm_state
    instance.task_state = task_state
    instance.launched_at = instance.created_at if launched else None
    instance.save()


def test_every_state_checked_action_has_a_request():
    assert {action for action in states.ACTIONS if _restricted(action)} == set(REQUESTS)


@pytest.mark.parametrize('action', list(REQUESTS), ids=lambda action: repr(
    (action.name, action.task_state)))
def test_each_forbidden_starting_state_answers_409(api, admin_api, images, scheduler,
                                                   action):
    server_id = api.post('/v2.1/servers', {'server': {
        'name': 'vm1', 'flavorRef': '1', 'imageRef': fixtures.CIRROS_ID,
        'metadata': {'k': 'v'}}}).body['server']['id']
    method, path, body = REQUESTS[action]
    cases = list(_forbidden(action))
    assert cases
    wrong = []
    for vm_state, task_state, launched, attr in cases:
        _set_state(server_id, vm_state, task_state, launched)
        client = admin_api if action in ADMIN_ONLY else api
        response = client.request(method, f'/v2.1/servers/{server_id}/{path}', body)
        state = {'vm_state': vm_state, 'task_state': task_state, 'launched_at': None}[attr]
        expected = (f"Cannot '{action.name}' instance {server_id} while it is in "
                    f'{attr} {state}')
        if response.status != 409 or \
                response.body['conflictingRequest']['message'] != expected:
            wrong.append((vm_state, task_state, launched, response))
    assert not wrong, wrong
