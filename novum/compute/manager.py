"""ComputeManager: the RPC endpoint of novum-compute (topic `compute`, server = host).

Builds live in novum/compute/build.py (BuildMixin); pause, suspend, rescue, rebuild,
snapshots and the console log in novum/compute/vm_actions.py (VMActionsMixin); deletes,
power actions and the periodic tasks here. Every state change is a conditional save
through the conductor; every step is an InstanceActionEvent.
"""

import oslo_messaging as messaging
from oslo_concurrency import lockutils
from oslo_log import log as logging
from oslo_service import periodic_task

from novum import conductor, conf, exception, manager, objects
from novum.compute import (
    build,
    migrate,
    power_state,
    resource_tracker,
    states,
    vm_actions,
    vm_states,
)
from novum.compute.events import event
from novum.objects import process_stats
from novum.virt import driver as virt_driver

CONF = conf.CONF
LOG = logging.getLogger(__name__)


# ResizeMixin first: oslo.service collects periodic tasks from the first base that has
# them (its _poll_unconfirmed_resizes).
class ComputeManager(migrate.ResizeMixin, build.BuildMixin, vm_actions.VMActionsMixin,
                     manager.Manager):
    """Serves topic `compute`, server = this host."""

    target = messaging.Target(version='1.4')

    def __init__(self, *args, **kwargs):
        super().__init__(*args, service_name='compute', **kwargs)
        self.driver = virt_driver.load_compute_driver()
        self.rt = resource_tracker.ResourceTracker(self.host, self.driver)
        self.compute_task_api = conductor.ComputeTaskAPI()
        self._init_builds()

    def init_host(self) -> None:
        self.driver.init_host(self.host)
        context = _admin_context()
        self.rt.update_available_resource(context)
        self.recover_builds(context, at_start=True)

    def cleanup_host(self) -> None:
        self.driver.cleanup_host(self.host)
        process_stats.log_counters(LOG)

    def _set_error(self, context, instance, error: Exception,
                   expected_task_state=None, expected_vm_state=None) -> None:
        fault = objects.InstanceFault.from_exception(context, instance.uuid, error,
                                                     host=self.host)
        try:
            instance.save_error(fault, expected_task_state=expected_task_state,
                                expected_vm_state=expected_vm_state)
        except (exception.InstanceNotFound, exception.UnexpectedTaskStateError):
            LOG.info('Not set to ERROR (%s): it changed meanwhile', error,
                     instance_uuid=instance.uuid)
            return
        LOG.warning('Instance is in ERROR: %s', error, instance_uuid=instance.uuid)

    # Delete and power actions ----------------------------------------------------------

    def terminate_instance(self, context, instance) -> None:
        with lockutils.lock(instance.uuid):
            with event(context, instance, states.DELETE.event, self.host):
                self.driver.destroy(context, instance)
                self.rt.release(context, instance)
                try:
                    instance.destroy()
                except exception.InstanceNotFound:
                    return
            LOG.info('Instance deleted from %s', self.host, instance_uuid=instance.uuid)

    def _power_action(self, context, instance, action: states.Action, driver_call) -> None:
        """Run a reboot/stop/start on the hypervisor and save the resulting states,
        only if the instance still has the task_state the API set for `action`."""
        with lockutils.lock(instance.uuid):
            try:
                with event(context, instance, action.event, self.host):
                    driver_call()
                    info = self.driver.get_info(instance)
                    instance.power_state = info.state
                    instance.vm_state = action.vm_state_after
                    instance.task_state = None
                    instance.save_states([action.task_state])
            except (exception.InstanceNotFound, exception.UnexpectedTaskStateError) as e:
                LOG.info('%s abandoned: %s', action.name, e, instance_uuid=instance.uuid)
                return
            except Exception as error:
                LOG.exception('%s failed', action.name, instance_uuid=instance.uuid)
                self._set_error(context, instance, error,
                                expected_task_state=[action.task_state])
                return
            LOG.info('%s done: vm_state %s', action.name, instance.vm_state,
                     instance_uuid=instance.uuid)

    def reboot_instance(self, context, instance, reboot_type: str) -> None:
        action = states.REBOOT_SOFT if reboot_type == 'SOFT' else states.REBOOT_HARD
        self._power_action(context, instance, action,
                           lambda: self.driver.reboot(context, instance, reboot_type))

    def stop_instance(self, context, instance) -> None:
        self._power_action(context, instance, states.STOP,
                           lambda: self.driver.power_off(instance))

    def start_instance(self, context, instance) -> None:
        self._power_action(context, instance, states.START,
                           lambda: self.driver.power_on(context, instance))

    # Periodic tasks ------------------------------------------------------------------

    # Spacings are read when this module is imported, which novum.service does by
    # name once the configuration is parsed (as Nova's managers are loaded).
    @periodic_task.periodic_task(spacing=CONF.update_resources_interval, run_immediately=False)
    def update_available_resource(self, context) -> None:
        self.rt.update_available_resource(context)

    @periodic_task.periodic_task(spacing=CONF.sync_power_state_interval, run_immediately=False)
    def _sync_power_states(self, context) -> None:
        """Make power_state what the hypervisor says; an ACTIVE instance found shut
        down is recorded STOPPED, as Nova's sync does."""
        for instance in objects.InstanceList.get_by_host(context, self.host):
            if instance.task_state is not None:
                continue
            try:
                actual = self.driver.get_info(instance).state
            except exception.InstanceNotFound:
                actual = power_state.NOSTATE
            if actual == instance.power_state:
                continue
            instance.power_state = actual
            if instance.vm_state == vm_states.ACTIVE and actual in (power_state.SHUTDOWN,
                                                                    power_state.CRASHED):
                instance.vm_state = vm_states.STOPPED
            try:
                instance.save(expected_task_state=[None])
            except (exception.InstanceNotFound, exception.UnexpectedTaskStateError):
                continue
            LOG.info('Power state synced to %s (vm_state %s)',
                     power_state.STATE_MAP.get(actual), instance.vm_state,
                     instance_uuid=instance.uuid)

    @periodic_task.periodic_task(spacing=CONF.conductor.build_recovery_interval,
                                 run_immediately=False)
    def _recover_builds(self, context) -> None:
        """Resume builds of this host stopped by a conductor outage (see BuildMixin)."""
        self.recover_builds(context, at_start=False)


def _admin_context():
    from novum import context as novum_context
    return novum_context.get_admin_context()
