"""Finishing accepted boots: the conductor's recovery of abandoned builds and the build
timeout (ARCHITECTURE.md 2c).

A cast dies with the process that received it, so the database says what is still to
do: an instance in vm_state building that nobody has touched for
`[conductor] build_recovery_interval` seconds is driven on again, and only one past
`instance_build_timeout` is set to ERROR, with a fault naming the daemon that never
answered. Two recoveries never build one instance twice: each takes the instance over
with a conditional UPDATE (`Instance.take_over_build`), and a claim only places an
instance that is still waiting for a host.
"""

import collections
import threading

from oslo_log import log as logging
from oslo_utils import timeutils

from novum import conf, exception, objects
from novum import context as novum_context
from novum import service as novum_service
from novum.compute import states, task_states, vm_states
from novum.objects.service import COMPUTE_BINARY

CONF = conf.CONF
LOG = logging.getLogger(__name__)


def request_context_of(context, instance) -> novum_context.RequestContext:
    """An admin context carrying the request id, user and project of the request that
    created `instance`, so a recovered build's log lines and action events join the
    original request's (one grep of the request id still follows the boot)."""
    try:
        actions = objects.InstanceActionList.get_by_instance_uuid(context, instance.uuid)
    except exception.NotFound:
        actions = []
    create = next((action for action in actions
                   if action.action == states.CREATE.instance_action), None)
    if create is None:
        return novum_context.RequestContext(user_id=instance.user_id,
                                            project_id=instance.project_id, is_admin=True,
                                            overwrite=False)
    return novum_context.RequestContext(user_id=create.user_id, project_id=create.project_id,
                                        request_id=create.request_id, is_admin=True,
                                        overwrite=False)


def request_spec_of(context, instances: list):
    """The RequestSpec of one request's instances, rebuilt from the first of them:
    flavor, image, availability zone, project (a spec travels with its request and is
    not stored, so a recovery makes it again)."""
    first = instances[0]
    image = None
    if first.image_ref:
        try:
            image = objects.ImageMeta.get_by_id(context, first.image_ref)
        except exception.NotFound:
            LOG.info('Image %s is gone; building without its properties', first.image_ref,
                     instance_uuid=first.uuid)
    return objects.RequestSpec(
        instance_uuid=first.uuid, project_id=first.project_id, user_id=first.user_id,
        flavor=first.flavor, image=image, num_instances=len(instances),
        availability_zone=first.availability_zone, ignore_hosts=[], scheduler_hints={})


def who_never_answered(instance) -> str:
    """Which daemon left this build unfinished, judged by where the instance stopped."""
    if not instance.host:
        return ('novum-scheduler never placed it (or novum-conductor never got the build '
                'request)')
    if instance.task_state == task_states.SCHEDULING:
        return f'novum-compute on {instance.host} never started it'
    return (f'novum-compute on {instance.host} never finished it (task_state '
            f'{instance.task_state})')


class BuildRecovery:
    """What ConductorManager's periodic tasks run; `build` is the ComputeTaskManager."""

    def __init__(self, build):
        self.build = build
        # Instances this process is scheduling again: not taken over twice while a
        # scheduler that is gone keeps the first attempt waiting.
        self._rescheduling: set[str] = set()

    def recover(self, context) -> None:
        """Drive on every build idle for build_recovery_interval and not yet past the
        build timeout: re-schedule the unplaced, re-send the placed but never started."""
        timeout = CONF.instance_build_timeout
        idle = objects.InstanceList.get_building(
            context, idle_seconds=CONF.conductor.build_recovery_interval)
        unplaced, placed = collections.defaultdict(list), []
        for instance in idle:
            if timeout and _age(instance) > timeout:
                continue    # the build timeout's now
            if instance.task_state != task_states.SCHEDULING:
                continue    # mid-build: its compute recovers it (or the timeout fires)
            if instance.uuid in self._rescheduling:
                continue
            if not instance.take_over_build():
                LOG.debug('Another conductor recovers it', instance_uuid=instance.uuid)
                continue
            if instance.host:
                placed.append(instance)
            else:
                unplaced[instance.reservation_id or instance.uuid].append(instance)
        for instances in unplaced.values():
            self._rescheduling.update(instance.uuid for instance in instances)
            # Its own thread: a scheduler that is gone must not hold the periodic loop.
            threading.Thread(target=self._reschedule, args=(context, instances),
                             daemon=True).start()
        for instance in placed:
            self._resend(context, instance)

    def _reschedule(self, context, instances: list) -> None:
        ctxt = request_context_of(context, instances[0])
        ctxt.update_store()
        for instance in instances:
            LOG.warning('Build abandoned before it reached a host; scheduling it again',
                        instance_uuid=instance.uuid)
        try:
            self.build.build_instances(ctxt, instances, request_spec_of(ctxt, instances))
        except Exception:
            LOG.exception('Recovery of %s failed', [i.uuid for i in instances])
        finally:
            self._rescheduling.difference_update(instance.uuid for instance in instances)

    def _resend(self, context, instance) -> None:
        try:
            service = objects.Service.get_by_host_and_binary(context, instance.host,
                                                             COMPUTE_BINARY)
        except exception.NotFound:
            service = None
        if service is None or not novum_service.service_is_up(service):
            LOG.info('Placed on %s, whose compute is down: it recovers the build when it '
                     'starts', instance.host, instance_uuid=instance.uuid)
            return
        ctxt = request_context_of(context, instance)
        LOG.warning('Build on %s never started; sending it again', instance.host,
                    instance_uuid=instance.uuid)
        self.build.compute_rpcapi.build_and_run_instance(
            ctxt, instance, instance.host, request_spec_of(ctxt, [instance]), [])

    @staticmethod
    def check_build_timeouts(context) -> None:
        """Instances still building instance_build_timeout seconds after they were
        created go to ERROR, with a fault saying which daemon never answered (on by
        default in Novum, unlike Nova; a dead compute cannot time out its own)."""
        timeout = CONF.instance_build_timeout
        if not timeout:
            return
        for instance in objects.InstanceList.get_building(context, age_seconds=timeout):
            reason = who_never_answered(instance)
            error = exception.InstanceBuildTimeout(
                message=f'Instance {instance.uuid} did not become active within {timeout} '
                        f'seconds: {reason}.', instance_uuid=instance.uuid, timeout=timeout)
            fault = objects.InstanceFault.from_exception(context, instance.uuid, error,
                                                         host=instance.host)
            try:
                instance.save_error(fault, expected_vm_state=[vm_states.BUILDING],
                                    expected_task_state=[instance.task_state],
                                    unplaced=not instance.host)
            except (exception.InstanceNotFound, exception.UnexpectedTaskStateError):
                LOG.debug('Build moved on while timing it out', instance_uuid=instance.uuid)
                continue
            LOG.warning('Build timed out: %s', error, instance_uuid=instance.uuid)


def _age(instance) -> float:
    return (timeutils.utcnow(with_timezone=True) - instance.created_at).total_seconds()
