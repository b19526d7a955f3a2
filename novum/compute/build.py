"""The build half of ComputeManager: build_and_run_instance, reschedules, and the
recovery of builds this host was running when it died or lost its conductor.

Every state change is a conditional save through the conductor; every step is an
InstanceActionEvent. Builds run in their own green thread, at most
max_concurrent_builds at once, under a per-instance lock shared with the other actions.
A duplicate cast of a build (a recovery re-sending one that was only slow) loses at the
first conditional save, scheduling -> networking, and leaves the winner alone.
"""

import threading
import time

import oslo_messaging as messaging
from oslo_concurrency import lockutils
from oslo_log import log as logging
from oslo_utils import timeutils

from novum import conf, exception, objects
from novum.compute import events, power_state, states, task_states, vm_states

CONF = conf.CONF
LOG = logging.getLogger(__name__)

BUILD_EVENT = states.CREATE.event


class _BuildOwnedElsewhere(Exception):
    """The first step's conditional save lost: another build of this instance owns it."""


class BuildMixin:
    """Needs self.host, self.driver, self.rt and self.compute_task_api (ComputeManager)."""

    def _init_builds(self) -> None:
        builds = CONF.max_concurrent_builds or 1_000_000
        self._build_semaphore = threading.BoundedSemaphore(builds)
        # Instances with a build queued or running in this process.
        self._building: set[str] = set()

    def build_and_run_instance(self, context, instance, request_spec, alternates: list) -> None:
        """Start the build in its own green thread and return (the RPC was a cast)."""
        if instance.uuid in self._building:
            LOG.info('Already building on %s; repeated build request ignored', self.host,
                     instance_uuid=instance.uuid)
            return
        self._building.add(instance.uuid)
        thread = threading.Thread(target=self._locked_build, daemon=True,
                                  args=(context, instance, request_spec, alternates))
        thread.start()

    def _locked_build(self, context, instance, request_spec, alternates) -> None:
        # A new thread has no current context: make this one current, so every log
        # line of the build carries the request id that started it.
        context.update_store()
        try:
            with self._build_semaphore, lockutils.lock(instance.uuid):
                self._build_and_run_instance(context, instance, request_spec, alternates)
        except Exception:
            LOG.exception('Unexpected error while building', instance_uuid=instance.uuid)
        finally:
            self._building.discard(instance.uuid)

    def _build_and_run_instance(self, context, instance, request_spec, alternates) -> None:
        started = time.monotonic()
        try:
            self._build_resources_and_spawn(context, instance, request_spec)
        except (exception.InstanceNotFound, exception.UnexpectedDeletingTaskStateError):
            LOG.info('Deleted while building on %s; the delete cleans up', self.host,
                     instance_uuid=instance.uuid)
        except _BuildOwnedElsewhere as error:
            # Not ours to clean up: destroying would kill the build that owns it.
            LOG.info('Not building on %s: %s', self.host, error.__cause__.format_message(),
                     instance_uuid=instance.uuid)
        except exception.UnexpectedTaskStateError as error:
            # Someone else moved it on (e.g. the build timeout set it to ERROR).
            LOG.warning('Build on %s abandoned: %s', self.host, error,
                        instance_uuid=instance.uuid)
            events.event_failed(context, instance, BUILD_EVENT, error)
            self.driver.destroy(context, instance)
        except messaging.MessagingTimeout as error:
            # The conductor is away: keep the claim and the recorded state, so the
            # build is resumed here once it answers again (_recover_builds).
            LOG.warning('Build on %s interrupted, no answer from the conductor (%s); it is '
                        'resumed when the conductor is back', self.host, error,
                        instance_uuid=instance.uuid)
            self.driver.destroy(context, instance)
        except Exception as error:
            events.event_failed(context, instance, BUILD_EVENT, error)
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
            try:
                instance.save_states([expected], event_start=BUILD_EVENT if first else None,
                                     host=self.host)
            except exception.UnexpectedDeletingTaskStateError:
                raise
            except exception.UnexpectedTaskStateError as error:
                if first:
                    raise _BuildOwnedElsewhere() from error
                raise
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

    # Recovery ------------------------------------------------------------------------

    def recover_builds(self, context, at_start: bool) -> None:
        """Build again, here, the instances of this host whose build stopped: at start
        (the compute died mid-build) every one still building that no thread of this
        process builds; later, those idle for build_recovery_interval in a mid-build
        task_state (a build interrupted by a conductor outage). Placed but never started
        ones (task_state scheduling) the conductor re-sends while this compute is up.

        Re-spawned locally rather than failed over: the claim is held on this host,
        which is up (it is running this), so a spawn here needs no release, no new
        scheduling and no other host's capacity. Each is first reset to scheduling with
        an expected-state save, then built the normal way, whose first conditional save
        makes a concurrent duplicate lose cleanly.
        """
        from novum.conductor import build_recovery
        resumable = set(states.BUILD_TASK_STATES)
        if not at_start:
            resumable.discard(task_states.SCHEDULING)
        idle = None if at_start else CONF.conductor.build_recovery_interval
        timeout = CONF.instance_build_timeout
        now = timeutils.utcnow(with_timezone=True)
        for instance in objects.InstanceList.get_building(context, idle_seconds=idle,
                                                          host=self.host):
            if instance.uuid in self._building or instance.task_state not in resumable:
                continue
            if timeout and (now - instance.created_at).total_seconds() > timeout:
                continue    # the conductor's build timeout sets it to ERROR
            stopped_in = instance.task_state
            if stopped_in != task_states.SCHEDULING:
                instance.task_state = task_states.SCHEDULING
                try:
                    instance.save_states([stopped_in])
                except (exception.InstanceNotFound, exception.UnexpectedTaskStateError) as e:
                    LOG.info('Not resumed, it moved on: %s', e.format_message(),
                             instance_uuid=instance.uuid)
                    continue
            # Only once it is ours again (a build that just finished must keep its VM).
            if self._hypervisor_has(instance):
                self.driver.destroy(context, instance)     # a half-done spawn: start over
            ctxt = build_recovery.request_context_of(context, instance)
            LOG.warning('Resuming on %s the build that stopped in task_state %s', self.host,
                        stopped_in, instance_uuid=instance.uuid)
            self.build_and_run_instance(ctxt, instance,
                                        build_recovery.request_spec_of(ctxt, [instance]), [])

    def _hypervisor_has(self, instance) -> bool:
        try:
            self.driver.get_info(instance)
        except exception.InstanceNotFound:
            return False
        return True
