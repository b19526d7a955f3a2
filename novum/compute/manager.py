"""ComputeManager: builds, deletes and powers instances on this host (novum-compute).

Every state change is a conditional save through the conductor; every step is an
InstanceActionEvent. Builds run in their own green thread, at most
max_concurrent_builds at once, under a per-instance lock shared with the other actions.
"""

import contextlib
import threading
import time

import oslo_messaging as messaging
from oslo_concurrency import lockutils
from oslo_log import log as logging
from oslo_service import periodic_task
from oslo_utils import timeutils

from novum import conductor, conf, exception, manager, objects
from novum.compute import migrate, power_state, resource_tracker, states, task_states, vm_states
from novum.objects import process_stats
from novum.virt import driver as virt_driver

CONF = conf.CONF
LOG = logging.getLogger(__name__)


BUILD_EVENT = states.CREATE.event


@contextlib.contextmanager
def _no_action_record(instance, name: str):
    """An instance created without its action record (or deleted meanwhile) has no
    events to keep: say so at debug level and go on."""
    try:
        yield
    except (exception.InstanceActionNotFound, exception.InstanceNotFound) as error:
        LOG.debug('Event %s not recorded: %s', name, error, instance_uuid=instance.uuid)


def _event_failed(context, instance, name: str, error: BaseException) -> None:
    with _no_action_record(instance, name):
        objects.InstanceActionEvent.event_finish_with_failure(context, instance.uuid, name,
                                                              error)


@contextlib.contextmanager
def _event(context, instance, name: str, host: str):
    """Record InstanceActionEvent `name` around a step (start, then success or error)."""
    try:
        objects.InstanceActionEvent.event_start(context, instance.uuid, name, host=host,
                                                want_result=False)
    except exception.InstanceActionNotFound:
        LOG.debug('Event %s not recorded: the instance has no action record', name,
                  instance_uuid=instance.uuid)
        yield
        return
    try:
        yield
    except BaseException as error:
        _event_failed(context, instance, name, error)
        raise
    with _no_action_record(instance, name):
        objects.InstanceActionEvent.event_finish(context, instance.uuid, name,
                                                 want_result=False)


class ComputeManager(migrate.ResizeMixin, manager.Manager):
    """Serves topic `compute`, server = this host."""

    target = messaging.Target(version='1.1')

    def __init__(self, *args, **kwargs):
        super().__init__(*args, service_name='compute', **kwargs)
        self.driver = virt_driver.load_compute_driver()
        self.rt = resource_tracker.ResourceTracker(self.host, self.driver)
        self.compute_task_api = conductor.ComputeTaskAPI()
        builds = CONF.max_concurrent_builds or 1_000_000
        self._build_semaphore = threading.BoundedSemaphore(builds)

    def init_host(self) -> None:
        self.driver.init_host(self.host)
        self.rt.update_available_resource(_admin_context())

    def cleanup_host(self) -> None:
        self.driver.cleanup_host(self.host)
        process_stats.log_counters(LOG)

    # Build ---------------------------------------------------------------------------

    def build_and_run_instance(self, context, instance, request_spec, alternates: list) -> None:
        """Start the build in its own green thread and return (the RPC was a cast)."""
        thread = threading.Thread(target=self._locked_build, daemon=True,
                                  args=(context, instance, request_spec, alternates))
        thread.start()

    def _locked_build(self, context, instance, request_spec, alternates) -> None:
        # A new thread has no current context: make this one current, so every log
        # line of the build carries the request id that started it.
        context.update_store()
        with self._build_semaphore, lockutils.lock(instance.uuid):
            try:
                self._build_and_run_instance(context, instance, request_spec, alternates)
            except Exception:
                LOG.exception('Unexpected error while building', instance_uuid=instance.uuid)

    def _build_and_run_instance(self, context, instance, request_spec, alternates) -> None:
        started = time.monotonic()
        try:
            self._build_resources_and_spawn(context, instance, request_spec)
        except (exception.InstanceNotFound, exception.UnexpectedDeletingTaskStateError):
            LOG.info('Deleted while building on %s; the delete cleans up', self.host,
                     instance_uuid=instance.uuid)
        except exception.UnexpectedTaskStateError as error:
            # Someone else moved it on (e.g. the build timeout set it to ERROR).
            LOG.warning('Build on %s abandoned: %s', self.host, error,
                        instance_uuid=instance.uuid)
            _event_failed(context, instance, BUILD_EVENT, error)
            self.driver.destroy(context, instance)
        except Exception as error:
            _event_failed(context, instance, BUILD_EVENT, error)
            self._reschedule_or_fail(context, instance, request_spec, alternates, error)
        else:
            LOG.info('Instance is ACTIVE on %s (built in %.2f s)', self.host,
                     time.monotonic() - started, instance_uuid=instance.uuid)

    def _build_resources_and_spawn(self, context, instance, request_spec) -> None:
        """scheduling -> networking -> block_device_mapping -> spawning -> ACTIVE, each
        a conditional state write; the first starts the build's action event and the
        last finishes it, in the same round trips."""
        expected = states.BUILD_TASK_STATES[0]
        for task_state in states.BUILD_TASK_STATES[1:]:
            instance.task_state = task_state
            first = expected == states.BUILD_TASK_STATES[0]
            instance.save_states([expected], event_start=BUILD_EVENT if first else None,
                                 host=self.host)
            LOG.info('task_state %s -> %s', expected, task_state, instance_uuid=instance.uuid)
            expected = task_state
        image = request_spec.image if request_spec.obj_attr_is_set('image') else None
        self.driver.spawn(context, instance, image)
        instance.vm_state = vm_states.ACTIVE
        instance.task_state = None
        instance.power_state = power_state.RUNNING
        instance.launched_at = timeutils.utcnow(with_timezone=True)
        instance.save_states([task_states.SPAWNING], event_finish=BUILD_EVENT)

    def _reschedule_or_fail(self, context, instance, request_spec, alternates,
                            error: Exception) -> None:
        """Give the claim back and send the instance to the next alternate host, or,
        when none is left (max_attempts), to ERROR with a fault."""
        LOG.warning('Build failed on %s: %s', self.host, error, instance_uuid=instance.uuid)
        self.driver.destroy(context, instance)
        self.rt.release(context, instance, unplace=True)
        ignore_hosts = list(request_spec.ignore_hosts) if request_spec.obj_attr_is_set(
            'ignore_hosts') else []
        request_spec.ignore_hosts = ignore_hosts + [self.host]
        if alternates:
            instance.task_state = task_states.SCHEDULING
            try:
                instance.save_states(states.BUILD_TASK_STATES[1:])
            except (exception.InstanceNotFound, exception.UnexpectedTaskStateError):
                LOG.info('Deleted before it could be rescheduled', instance_uuid=instance.uuid)
                return
            LOG.info('Rescheduling to one of %s', [alt.service_host for alt in alternates],
                     instance_uuid=instance.uuid)
            self.compute_task_api.build_instances(context, [instance], request_spec,
                                                  host_lists=[alternates])
            return
        fault = exception.MaxRetriesExceeded(
            reason=f'Exhausted all hosts available for retrying build failures for '
                   f'instance {instance.uuid}. Last error on {self.host}: {error}')
        self._set_error(context, instance, fault,
                        expected_task_state=list(states.BUILD_TASK_STATES[1:]))

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
            with _event(context, instance, states.DELETE.event, self.host):
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
                with _event(context, instance, action.event, self.host):
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

    @periodic_task.periodic_task(spacing=CONF.periodic_interval, run_immediately=True)
    def _check_instance_build_time(self, context) -> None:
        """Set instances stuck in BUILD on this host past instance_build_timeout to
        ERROR with a fault (on by default in Novum, unlike Nova)."""
        timeout = CONF.instance_build_timeout
        if not timeout:
            return
        now = timeutils.utcnow(with_timezone=True)
        building = objects.InstanceList.get_by_filters(
            context, {'host': self.host, 'vm_state': vm_states.BUILDING})
        for instance in building:
            if (now - instance.created_at).total_seconds() <= timeout:
                continue
            self._set_error(context, instance,
                            exception.InstanceBuildTimeout(instance_uuid=instance.uuid,
                                                           timeout=timeout),
                            expected_vm_state=[vm_states.BUILDING])


def _admin_context():
    from novum import context as novum_context
    return novum_context.get_admin_context()
