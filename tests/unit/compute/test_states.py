"""The allowed-transition table is Nova's check_instance_state rules, and the API uses it."""

import pytest

from novum import exception, objects
from novum.compute import states, task_states, vm_states

LAUNCHED = '2026-01-01T00:00:00Z'


def _instance(vm_state, task_state=None, launched=True):
    instance = objects.Instance(uuid='2f4b1a52-6c0e-4c33-9a57-4b8f0f1f6e0d',
                                vm_state=vm_state, task_state=task_state)
    instance.launched_at = objects.Instance.fields['launched_at'].coerce(
        instance, 'launched_at', LAUNCHED) if launched else None
    return instance


ALLOWED_CASES = [
    (states.DELETE, vm_states.BUILDING, task_states.SCHEDULING, False),
    (states.DELETE, vm_states.ERROR, None, False),
    (states.DELETE, vm_states.ACTIVE, task_states.DELETING, True),
    (states.REBOOT_SOFT, vm_states.ACTIVE, None, True),
    (states.REBOOT_HARD, vm_states.ACTIVE, task_states.REBOOTING, True),
    (states.REBOOT_HARD, vm_states.ERROR, None, True),
    (states.REBOOT_HARD, vm_states.STOPPED, None, True),
    (states.STOP, vm_states.ACTIVE, None, True),
    (states.STOP, vm_states.ERROR, None, True),
    (states.START, vm_states.STOPPED, None, True),
    (states.UPDATE_METADATA, vm_states.STOPPED, None, False),
    (states.DELETE_METADATA, vm_states.BUILDING, None, False),
]

REFUSED_CASES = [
    (states.REBOOT_SOFT, vm_states.STOPPED, None, True, 'vm_state'),
    (states.REBOOT_SOFT, vm_states.ACTIVE, task_states.REBOOTING, True, 'task_state'),
    (states.REBOOT_HARD, vm_states.BUILDING, task_states.SPAWNING, False, 'vm_state'),
    (states.REBOOT_HARD, vm_states.ACTIVE, task_states.POWERING_OFF, True, 'task_state'),
    (states.STOP, vm_states.STOPPED, None, True, 'vm_state'),
    (states.STOP, vm_states.ACTIVE, task_states.REBOOTING, True, 'task_state'),
    (states.STOP, vm_states.ERROR, None, False, 'launched_at'),
    (states.START, vm_states.ACTIVE, None, True, 'vm_state'),
    (states.START, vm_states.STOPPED, task_states.POWERING_OFF, True, 'task_state'),
    (states.UPDATE_METADATA, vm_states.BUILDING, None, False, 'vm_state'),
    (states.UPDATE_METADATA, vm_states.ACTIVE, task_states.REBOOTING, True, 'task_state'),
]


@pytest.mark.parametrize('action, vm_state, task_state, launched', ALLOWED_CASES)
def test_allowed(action, vm_state, task_state, launched):
    action.check(_instance(vm_state, task_state, launched))


@pytest.mark.parametrize('action, vm_state, task_state, launched, attr', REFUSED_CASES)
def test_refused_with_instance_invalid_state(action, vm_state, task_state, launched, attr):
    with pytest.raises(exception.InstanceInvalidState) as error:
        action.check(_instance(vm_state, task_state, launched))
    assert error.value.kwargs['attr'] == attr
    assert error.value.code == 409


def test_every_action_that_casts_has_a_task_state_and_a_starting_rule():
    """An action that sets a task_state for its compute method names the event that
    method records, and one that ends in a vm_state sets a task_state to get there."""
    for action in states.ACTIONS:
        if action.event is not None:
            assert action.task_state is not None, action
        if action.vm_state_after is not None:
            assert action.task_state is not None, action


def test_actions_are_listed_once_each():
    records = [value for value in vars(states).values() if isinstance(value, states.Action)]
    assert sorted(map(id, records)) == sorted(map(id, states.ACTIONS))
