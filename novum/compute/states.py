"""The one table of which actions an instance's states allow, as Nova's API decorators
(check_instance_state) define them; the API and the unit tests both read it."""

import dataclasses

from novum import exception
from novum.compute import task_states, vm_states

# Nova's ALLOW_REBOOT task states that exist in Novum.
_ALLOW_HARD_REBOOT_TASK_STATES = (None, task_states.REBOOTING, task_states.REBOOT_PENDING,
                                  task_states.REBOOT_STARTED, task_states.REBOOTING_HARD)


@dataclasses.dataclass(frozen=True)
class Allowed:
    """vm_states / task_states an action may start from (None = any), and whether the
    instance must have been launched (launched_at set) at least once."""

    vm_states: tuple | None
    task_states: tuple | None = (None,)
    must_have_launched: bool = True


ALLOWED = {
    'delete': Allowed(vm_states=None, task_states=None, must_have_launched=False),
    'reboot_soft': Allowed(vm_states=(vm_states.ACTIVE,)),
    'reboot_hard': Allowed(vm_states=(vm_states.ACTIVE, vm_states.STOPPED, vm_states.PAUSED,
                                      vm_states.SUSPENDED, vm_states.ERROR),
                           task_states=_ALLOW_HARD_REBOOT_TASK_STATES),
    'stop': Allowed(vm_states=(vm_states.ACTIVE, vm_states.ERROR)),
    'start': Allowed(vm_states=(vm_states.STOPPED,)),
    'update_instance_metadata': Allowed(
        vm_states=(vm_states.ACTIVE, vm_states.PAUSED, vm_states.SUSPENDED,
                   vm_states.STOPPED), must_have_launched=False),
    'delete_instance_metadata': Allowed(
        vm_states=(vm_states.ACTIVE, vm_states.PAUSED, vm_states.SUSPENDED,
                   vm_states.BUILDING, vm_states.STOPPED), must_have_launched=False),
}

# The task_state each action sets before its cast, and the one its compute method
# expects to find (the conditional save that makes two racing actions lose cleanly).
TASK_STATE_OF = {
    'delete': task_states.DELETING,
    'reboot_soft': task_states.REBOOTING,
    'reboot_hard': task_states.REBOOTING_HARD,
    'stop': task_states.POWERING_OFF,
    'start': task_states.POWERING_ON,
}

# vm_state an action leaves the instance in when it succeeds on the compute host.
VM_STATE_AFTER = {
    'reboot_soft': vm_states.ACTIVE,
    'reboot_hard': vm_states.ACTIVE,
    'stop': vm_states.STOPPED,
    'start': vm_states.ACTIVE,
}

# The build's task_state path on the compute host, from the API's SCHEDULING on.
BUILD_TASK_STATES = (task_states.SCHEDULING, task_states.NETWORKING,
                     task_states.BLOCK_DEVICE_MAPPING, task_states.SPAWNING)


def check(action: str, instance) -> None:
    """Raise InstanceInvalidState (HTTP 409) unless `instance` allows `action`."""
    allowed = ALLOWED[action]
    method = action.split('_')[0] if action.startswith('reboot') else action
    if allowed.vm_states is not None and instance.vm_state not in allowed.vm_states:
        raise exception.InstanceInvalidState(attr='vm_state', instance_uuid=instance.uuid,
                                             state=instance.vm_state, method=method)
    if allowed.task_states is not None and instance.task_state not in allowed.task_states:
        raise exception.InstanceInvalidState(attr='task_state', instance_uuid=instance.uuid,
                                             state=instance.task_state, method=method)
    if allowed.must_have_launched and not instance.launched_at:
        raise exception.InstanceInvalidState(attr='launched_at', instance_uuid=instance.uuid,
                                             state=instance.launched_at, method=method)
