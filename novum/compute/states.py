"""The one table of instance actions: where each may start (Nova's check_instance_state
rules), what it records, the task_state it sets and the vm_state it leaves. The compute
API, the compute manager and the tests all read these records; adding an action is one
record here plus its compute method."""

import dataclasses

from novum import exception
from novum.compute import task_states, vm_states

ANY = None      # vm_states / task_states: no restriction

# Nova's ALLOW_REBOOT task states that exist in Novum.
_ALLOW_HARD_REBOOT_TASK_STATES = (None, task_states.REBOOTING, task_states.REBOOT_PENDING,
                                  task_states.REBOOT_STARTED, task_states.RESUMING,
                                  task_states.REBOOTING_HARD, task_states.UNPAUSING,
                                  task_states.PAUSING, task_states.SUSPENDING)


@dataclasses.dataclass(frozen=True)
class Action:
    """One thing a user can do to an instance.

    `name` is the compute API method, as Nova names it in a 409 ("Cannot 'stop'
    instance ... while it is in vm_state stopped"); `instance_action` is the
    InstanceAction the API records (None: none recorded) and `event` the
    InstanceActionEvent its compute method records. `vm_states` and `task_states` are
    the states it may start from (ANY: all), `task_state` the one the API sets (with a
    conditional save) before its cast, and `vm_state_after` where a success leaves it.
    """

    name: str
    instance_action: str | None
    vm_states: tuple | None
    task_states: tuple | None = (None,)
    must_have_launched: bool = True
    event: str | None = None
    task_state: str | None = None
    vm_state_after: str | None = None

    @property
    def expected_task_state(self) -> list | None:
        """What the save setting `task_state` expects to find (None: anything)."""
        return None if self.task_states is ANY else list(self.task_states)

    def check(self, instance) -> None:
        """Raise InstanceInvalidState (HTTP 409) unless `instance` may start this."""
        if self.vm_states is not ANY and instance.vm_state not in self.vm_states:
            self._refuse(instance, 'vm_state', instance.vm_state)
        if self.task_states is not ANY and instance.task_state not in self.task_states:
            self._refuse(instance, 'task_state', instance.task_state)
        if self.must_have_launched and not instance.launched_at:
            self._refuse(instance, 'launched_at', instance.launched_at)

    def _refuse(self, instance, attr: str, state) -> None:
        raise exception.InstanceInvalidState(attr=attr, instance_uuid=instance.uuid,
                                             state=state, method=self.name)


# The build: the API creates the instance in building/scheduling; its compute steps
# follow BUILD_TASK_STATES.
CREATE = Action('create', 'create', vm_states=ANY, task_states=ANY, must_have_launched=False,
                event='compute_build_and_run_instance', task_state=task_states.SCHEDULING,
                vm_state_after=vm_states.ACTIVE)
# As Nova: delete is allowed whatever the states say, and wins over any other action.
DELETE = Action('delete', 'delete', vm_states=ANY, task_states=ANY, must_have_launched=False,
                event='compute_terminate_instance', task_state=task_states.DELETING)
FORCE_DELETE = Action('force_delete', 'delete', vm_states=ANY, must_have_launched=False,
                      event='compute_terminate_instance', task_state=task_states.DELETING)
RESTORE = Action('restore', 'restore', vm_states=(vm_states.SOFT_DELETED,))
REBOOT_SOFT = Action('reboot', 'reboot', vm_states=(vm_states.ACTIVE,),
                     event='compute_reboot_instance', task_state=task_states.REBOOTING,
                     vm_state_after=vm_states.ACTIVE)
REBOOT_HARD = Action('reboot', 'reboot',
                     vm_states=(vm_states.ACTIVE, vm_states.STOPPED, vm_states.PAUSED,
                                vm_states.SUSPENDED, vm_states.ERROR),
                     task_states=_ALLOW_HARD_REBOOT_TASK_STATES,
                     event='compute_reboot_instance', task_state=task_states.REBOOTING_HARD,
                     vm_state_after=vm_states.ACTIVE)
STOP = Action('stop', 'stop', vm_states=(vm_states.ACTIVE, vm_states.ERROR),
              event='compute_stop_instance', task_state=task_states.POWERING_OFF,
              vm_state_after=vm_states.STOPPED)
START = Action('start', 'start', vm_states=(vm_states.STOPPED,),
               event='compute_start_instance', task_state=task_states.POWERING_ON,
               vm_state_after=vm_states.ACTIVE)
PAUSE = Action('pause', 'pause', vm_states=(vm_states.ACTIVE,),
               event='compute_pause_instance', task_state=task_states.PAUSING,
               vm_state_after=vm_states.PAUSED)
UNPAUSE = Action('unpause', 'unpause', vm_states=(vm_states.PAUSED,),
                 event='compute_unpause_instance', task_state=task_states.UNPAUSING,
                 vm_state_after=vm_states.ACTIVE)
SUSPEND = Action('suspend', 'suspend', vm_states=(vm_states.ACTIVE,),
                 event='compute_suspend_instance', task_state=task_states.SUSPENDING,
                 vm_state_after=vm_states.SUSPENDED)
RESUME = Action('resume', 'resume', vm_states=(vm_states.SUSPENDED,),
                event='compute_resume_instance', task_state=task_states.RESUMING,
                vm_state_after=vm_states.ACTIVE)
RESCUE = Action('rescue', 'rescue', vm_states=(vm_states.ACTIVE, vm_states.STOPPED,
                                               vm_states.ERROR),
                event='compute_rescue_instance', task_state=task_states.RESCUING,
                vm_state_after=vm_states.RESCUED)
UNRESCUE = Action('unrescue', 'unrescue', vm_states=(vm_states.RESCUED,),
                  event='compute_unrescue_instance', task_state=task_states.UNRESCUING,
                  vm_state_after=vm_states.ACTIVE)
# A rebuild ends ACTIVE, or STOPPED if it started stopped (so no fixed vm_state_after);
# its compute steps are REBUILD_TASK_STATES.
REBUILD = Action('rebuild', 'rebuild',
                 vm_states=(vm_states.ACTIVE, vm_states.STOPPED, vm_states.ERROR),
                 event='compute_rebuild_instance', task_state=task_states.REBUILDING)
# createImage keeps the vm_state; its compute steps are SNAPSHOT_TASK_STATES. Nova does
# not check the lock for it (a lock guards against change, a snapshot changes nothing).
SNAPSHOT = Action('snapshot', 'createImage',
                  vm_states=(vm_states.ACTIVE, vm_states.STOPPED, vm_states.PAUSED,
                             vm_states.SUSPENDED),
                  event='compute_snapshot_instance',
                  task_state=task_states.IMAGE_SNAPSHOT_PENDING)
# Lock, unlock and reset_state have no state rule in Nova; they are recorded actions.
LOCK = Action('lock', 'lock', vm_states=ANY, task_states=ANY, must_have_launched=False)
UNLOCK = Action('unlock', 'unlock', vm_states=ANY, task_states=ANY, must_have_launched=False)
RESET_STATE = Action('reset_state', 'resetState', vm_states=ANY, task_states=ANY,
                     must_have_launched=False)
UPDATE_METADATA = Action('update_instance_metadata', None,
                         vm_states=(vm_states.ACTIVE, vm_states.PAUSED, vm_states.SUSPENDED,
                                    vm_states.STOPPED),
                         must_have_launched=False)
DELETE_METADATA = Action('delete_instance_metadata', None,
                         vm_states=(vm_states.ACTIVE, vm_states.PAUSED, vm_states.SUSPENDED,
                                    vm_states.BUILDING, vm_states.STOPPED),
                         must_have_launched=False)

# Resize and cold migration (Nova's check_instance_state: ACTIVE or STOPPED, no task).
# Both are compute API 'resize' in Nova's 409s; they record different actions. A
# success leaves vm_state resized until confirm (-> active/stopped) or revert.
RESIZE = Action('resize', 'resize', vm_states=(vm_states.ACTIVE, vm_states.STOPPED),
                event='conductor_migrate_server', task_state=task_states.RESIZE_PREP,
                vm_state_after=vm_states.RESIZED)
MIGRATE = Action('resize', 'migrate', vm_states=(vm_states.ACTIVE, vm_states.STOPPED),
                 event='conductor_migrate_server', task_state=task_states.RESIZE_PREP,
                 vm_state_after=vm_states.RESIZED)
# Both start from vm_state resized. Confirm sets resize_confirming, which Nova defines
# but never sets (its migration's 'confirming' status alone guards it): here a racing
# revert loses at the instance's conditional save too. The API shows VERIFY_RESIZE.
CONFIRM_RESIZE = Action('confirm_resize', 'confirmResize', vm_states=(vm_states.RESIZED,),
                        event='compute_confirm_resize',
                        task_state=task_states.RESIZE_CONFIRMING,
                        vm_state_after=vm_states.ACTIVE)
REVERT_RESIZE = Action('revert_resize', 'revertResize', vm_states=(vm_states.RESIZED,),
                       event='compute_revert_resize', task_state=task_states.RESIZE_REVERTING,
                       vm_state_after=vm_states.ACTIVE)

ACTIONS = (CREATE, DELETE, FORCE_DELETE, RESTORE, REBOOT_SOFT, REBOOT_HARD, STOP, START,
           PAUSE, UNPAUSE, SUSPEND, RESUME, RESCUE, UNRESCUE, REBUILD, SNAPSHOT,
           LOCK, UNLOCK, RESET_STATE, UPDATE_METADATA, DELETE_METADATA, RESIZE, MIGRATE,
           CONFIRM_RESIZE, REVERT_RESIZE)

# The build's task_state path on the compute host, from the API's SCHEDULING on.
BUILD_TASK_STATES = (task_states.SCHEDULING, task_states.NETWORKING,
                     task_states.BLOCK_DEVICE_MAPPING, task_states.SPAWNING)

# A snapshot's task_state path on the compute host, from the API's pending state on.
SNAPSHOT_TASK_STATES = (task_states.IMAGE_SNAPSHOT_PENDING, task_states.IMAGE_SNAPSHOT,
                        task_states.IMAGE_PENDING_UPLOAD, task_states.IMAGE_UPLOADING)

# A rebuild's task_state path on the compute host, from the API's REBUILDING on.
REBUILD_TASK_STATES = (task_states.REBUILDING, task_states.REBUILD_BLOCK_DEVICE_MAPPING,
                       task_states.REBUILD_SPAWNING)

# A resize's task_state path and the InstanceActionEvent of each step, in order: the
# API sets resize_prep; prep_resize (destination) keeps it, resize_instance (source)
# sets migrating then migrated, finish_resize (destination) sets finish, then resized.
RESIZE_TASK_STATES = (task_states.RESIZE_PREP, task_states.RESIZE_MIGRATING,
                      task_states.RESIZE_MIGRATED, task_states.RESIZE_FINISH)
PREP_RESIZE_EVENT = 'compute_prep_resize'
RESIZE_INSTANCE_EVENT = 'compute_resize_instance'
FINISH_RESIZE_EVENT = 'compute_finish_resize'
FINISH_REVERT_RESIZE_EVENT = 'compute_finish_revert_resize'
