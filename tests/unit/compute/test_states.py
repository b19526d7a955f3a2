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
    ('delete', vm_states.BUILDING, task_states.SCHEDULING, False),
    ('delete', vm_states.ERROR, None, False),
    ('delete', vm_states.ACTIVE, task_states.DELETING, True),
    ('reboot_soft', vm_states.ACTIVE, None, True),
    ('reboot_hard', vm_states.ACTIVE, task_states.REBOOTING, True),
    ('reboot_hard', vm_states.ERROR, None, True),
    ('reboot_hard', vm_states.STOPPED, None, True),
    ('stop', vm_states.ACTIVE, None, True),
    ('stop', vm_states.ERROR, None, True),
    ('start', vm_states.STOPPED, None, True),
    ('update_instance_metadata', vm_states.STOPPED, None, False),
    ('delete_instance_metadata', vm_states.BUILDING, None, False),
]

REFUSED_CASES = [
    ('reboot_soft', vm_states.STOPPED, None, True, 'vm_state'),
    ('reboot_soft', vm_states.ACTIVE, task_states.REBOOTING, True, 'task_state'),
    ('reboot_hard', vm_states.BUILDING, task_states.SPAWNING, False, 'vm_state'),
    ('reboot_hard', vm_states.ACTIVE, task_states.POWERING_OFF, True, 'task_state'),
    ('stop', vm_states.STOPPED, None, True, 'vm_state'),
    ('stop', vm_states.ACTIVE, task_states.REBOOTING, True, 'task_state'),
    ('stop', vm_states.ERROR, None, False, 'launched_at'),
    ('start', vm_states.ACTIVE, None, True, 'vm_state'),
    ('start', vm_states.STOPPED, task_states.POWERING_OFF, True, 'task_state'),
    ('update_instance_metadata', vm_states.BUILDING, None, False, 'vm_state'),
    ('update_instance_metadata', vm_states.ACTIVE, task_states.REBOOTING, True, 'task_state'),
]


@pytest.mark.parametrize('action, vm_state, task_state, launched', ALLOWED_CASES)
def test_allowed(action, vm_state, task_state, launched):
    states.check(action, _instance(vm_state, task_state, launched))


@pytest.mark.parametrize('action, vm_state, task_state, launched, attr', REFUSED_CASES)
def test_refused_with_instance_invalid_state(action, vm_state, task_state, launched, attr):
    with pytest.raises(exception.InstanceInvalidState) as error:
        states.check(action, _instance(vm_state, task_state, launched))
    assert error.value.kwargs['attr'] == attr
    assert error.value.code == 409


def test_every_action_that_casts_has_a_task_state_and_an_allowed_rule():
    assert set(states.TASK_STATE_OF) <= set(states.ALLOWED)
    assert set(states.VM_STATE_AFTER) <= set(states.TASK_STATE_OF)
