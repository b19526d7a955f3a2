"""Server side of the conductor: object indirection (namespace none), long-running
compute tasks (namespace compute_task) and the recovery of abandoned builds.

Imported by name once the configuration is parsed (novum.service, LocalAPI), so the
periodic spacings below are the configured ones.
"""

import threading
import time

import oslo_messaging as messaging
from oslo_log import log as logging
from oslo_service import periodic_task
from oslo_utils import versionutils

from novum import conf, exception, manager, objects
from novum import context as novum_context
from novum.compute import task_states
from novum.conductor import build_recovery
from novum.objects import base as objects_base
from novum.objects import server_group
from novum.objects import service as service_obj
from novum.objects.resources import InstanceResources

CONF = conf.CONF
LOG = logging.getLogger(__name__)


class ConductorManager(manager.Manager):
    """Runs remotable object methods against the database for the other daemons."""

    target = messaging.Target(version='1.0')

    def __init__(self, *args, **kwargs):
        super().__init__(*args, service_name='conductor', **kwargs)
        self.compute_task_mgr = ComputeTaskManager()
        self.additional_endpoints.append(self.compute_task_mgr)
        self.build_recovery = build_recovery.BuildRecovery(self.compute_task_mgr)

    def init_host(self) -> None:
        """Recover abandoned builds once at start (in the background: the RPC server
        must not wait for a scheduler that may be gone), then periodically."""
        threading.Thread(target=self._recover_builds, daemon=True,
                         args=(novum_context.get_admin_context(),)).start()

    # Several conductor workers run these at once: each instance is taken over with a
    # conditional UPDATE, so one of them wins it (see build_recovery).
    @periodic_task.periodic_task(spacing=CONF.conductor.build_recovery_interval,
                                 run_immediately=False)
    def _recover_builds(self, context) -> None:
        self.build_recovery.recover(context)

    @periodic_task.periodic_task(spacing=CONF.periodic_interval, run_immediately=True)
    def _check_instance_build_time(self, context) -> None:
        self.build_recovery.check_build_timeouts(context)

    def ping(self, context, arg):
        return {'service': 'conductor', 'arg': arg}

    @staticmethod
    def _object_dispatch(target, method: str, args, kwargs):
        # ExpectedException sends the error back to the caller without a traceback
        # in the conductor's log: a NotFound is the caller's business, not ours.
        try:
            return getattr(target, method)(*args, **kwargs)
        except Exception:
            raise messaging.ExpectedException()  # noqa: B904 (keeps exc_info for the caller)

    def object_class_action_versions(self, context, objname: str, objmethod: str,
                                     object_versions: dict, args, kwargs):
        objclass = objects_base.NovumObject.obj_class_from_name(objname,
                                                                 object_versions[objname])
        result = self._object_dispatch(objclass, objmethod, (context, *args), kwargs)
        # Honour the version the caller asked for; never upgrade it (Nova bug #1596119).
        if isinstance(result, objects_base.NovumObject):
            wanted = versionutils.convert_version_to_tuple(object_versions[objname])
            actual = versionutils.convert_version_to_tuple(result.VERSION)
            if wanted < actual or wanted[0] != actual[0]:
                result = result.obj_to_primitive(target_version=object_versions[objname],
                                                 version_manifest=object_versions)
        return result

    def object_action(self, context, objinst, objmethod: str, args, kwargs):
        """Run a method on an object and send back the fields it changed."""
        before = objinst.obj_clone()
        result = self._object_dispatch(objinst, objmethod, args, kwargs)
        updates = {}
        for name, field in objinst.fields.items():
            if not objinst.obj_attr_is_set(name):
                continue
            if not before.obj_attr_is_set(name) or getattr(before, name) != getattr(objinst,
                                                                                    name):
                updates[name] = field.to_primitive(objinst, name, getattr(objinst, name))
        updates['obj_what_changed'] = objinst.obj_what_changed()
        return updates, result

    def object_backport_versions(self, context, objinst, object_versions: dict):
        target = object_versions[objinst.obj_name()]
        LOG.debug('Backporting %s to %s', objinst.obj_name(), target)
        return objinst.obj_to_primitive(target_version=target, version_manifest=object_versions)


class ComputeTaskManager:
    """Long-running orchestration: build_instances and friends (namespace compute_task).

    Runs in novum-conductor (or in-process with use_local), so its own object calls go
    straight to the database; only the scheduler call and the compute casts are RPC.
    """

    target = messaging.Target(namespace='compute_task', version='1.2')

    def __init__(self):
        # Imported here: the conductor package must not import compute/scheduler at load.
        from novum.compute import rpcapi as compute_rpcapi
        from novum.scheduler import rpcapi as scheduler_rpcapi
        self.compute_rpcapi = compute_rpcapi.ComputeAPI()
        self.scheduler_rpcapi = scheduler_rpcapi.SchedulerAPI()

    def build_instances(self, context, instances: list, request_spec,
                        host_lists: list | None = None) -> None:
        """Schedule `instances` (one request) and cast each to its host.

        Without `host_lists` the scheduler picks and claims a host per instance. With
        them (a reschedule from a compute whose spawn failed) each instance's remaining
        alternates are claimed in order here, without asking the scheduler again.
        """
        if host_lists is None:
            host_lists = self._select_destinations(context, request_spec, instances)
            if host_lists is None:
                return
        else:
            host_lists = [self._claim_alternate(context, request_spec, instance, hosts)
                          for instance, hosts in zip(instances, host_lists, strict=True)]
        for instance, hosts in zip(instances, host_lists, strict=True):
            if not hosts:
                continue    # deleted or placed by another while scheduling, or failed
            chosen, alternates = hosts[0], hosts[1:]
            # The claim already wrote host and node; mirror them without another save.
            instance.host = chosen.service_host
            instance.node = chosen.nodename
            instance.obj_reset_changes(['host', 'node'])
            LOG.info('Scheduled to host %s', chosen.service_host, instance_uuid=instance.uuid)
            self.compute_rpcapi.build_and_run_instance(
                context, instance, chosen.service_host, request_spec, alternates)

    def _select_destinations(self, context, request_spec, instances: list) -> list | None:
        """The scheduler's host lists; None if it failed the request (each instance
        then in ERROR) or never answered (each left to the build recovery).

        A call without answer is asked again after 1, 2, 4... s, up to
        `[conductor] select_destinations_retries` times: safe, since a claim only
        places an instance still waiting for a host (a first call that was slow, not
        lost, makes the retry skip that instance)."""
        uuids = [instance.uuid for instance in instances]
        retries = CONF.conductor.select_destinations_retries
        for attempt in range(retries + 1):
            try:
                return self.scheduler_rpcapi.select_destinations(context, request_spec,
                                                                 uuids)
            except (messaging.MessagingTimeout, messaging.MessageDeliveryFailure) as error:
                if attempt == retries:
                    LOG.warning('No answer from novum-scheduler for %s after %d attempts '
                                '(%s); left to the build recovery', uuids, attempt + 1,
                                error)
                    return None
                delay = min(2 ** attempt, 30)
                LOG.warning('No answer from novum-scheduler for %s (%s); asking again in '
                            '%d s', uuids, error, delay)
                time.sleep(delay)
            except Exception as error:
                for instance in instances:
                    self._build_failed(context, instance, error)
                return None
        return None

    def _claim_alternate(self, context, request_spec, instance, alternates: list) -> list:
        """Claim the first alternate with room; [] (and the instance in ERROR) if none."""
        resources = InstanceResources.of_flavor(request_spec.flavor)
        for index, selection in enumerate(alternates):
            try:
                node = server_group.claim_for_request(
                    context, request_spec, selection.compute_node_id, instance.uuid,
                    resources)
            except exception.InstanceNotFound:
                LOG.info('Deleted before it could be rescheduled', instance_uuid=instance.uuid)
                return []
            except exception.InstanceNotSchedulable as error:
                LOG.info('Not rescheduled: %s', error.format_message(),
                         instance_uuid=instance.uuid)
                return []
            except exception.ServerGroupHostRefused as error:
                LOG.info('Alternate refused: %s', error, instance_uuid=instance.uuid)
                continue
            if node is not None:
                selection.claimed = True
                return alternates[index:]
        tried = ', '.join(request_spec.ignore_hosts) if request_spec.obj_attr_is_set(
            'ignore_hosts') else ''
        self._build_failed(context, instance, exception.MaxRetriesExceeded(
            reason=f'Exhausted all hosts available for retrying build failures for '
                   f'instance {instance.uuid} (tried: {tried or "none"}).'))
        return []

    @staticmethod
    def _build_failed(context, instance, error: BaseException) -> None:
        """vm_state error with a fault saying why, unless the instance is being deleted
        or was placed meanwhile (a recovery racing the original request)."""
        fault = objects.InstanceFault.from_exception(context, instance.uuid, error)
        try:
            instance.save_error(fault, expected_task_state=[task_states.SCHEDULING],
                                unplaced=True)
        except (exception.InstanceNotFound, exception.UnexpectedTaskStateError):
            LOG.info('Build failed after the instance was deleted or placed: %s', error,
                     instance_uuid=instance.uuid)
            return
        LOG.warning('Build failed, instance is in ERROR: %s', error, instance_uuid=instance.uuid)
        try:
            objects.InstanceActionEvent.event_finish_with_failure(
                context, instance.uuid, 'conductor_schedule_and_build_instances', error)
        except exception.InstanceActionNotFound:
            LOG.debug('No action record to add the failed scheduling event to',
                      instance_uuid=instance.uuid)

    def delete_instance(self, context, instance) -> None:
        """Delete an instance no compute can: one not placed on a host yet, or one
        whose host's compute service is down (its claim is released here)."""
        if not instance.host:
            if instance.destroy_unplaced():
                LOG.info('Deleted before it reached a host', instance_uuid=instance.uuid)
                return
            instance.refresh()      # a claim placed it meanwhile: its compute deletes it
        service = objects.Service.get_by_host_and_binary(context, instance.host,
                                                         service_obj.COMPUTE_BINARY)
        if service.is_up():
            self.compute_rpcapi.terminate_instance(context, instance)
            return
        if instance.node:
            node = objects.ComputeNode.get_by_host_and_nodename(context, instance.host,
                                                                instance.node)
            resources = InstanceResources.of_instance(instance)
            objects.ComputeNode.release(context, node.id, instance.uuid, resources.vcpus,
                                        resources.memory_mb, resources.disk_gb)
        instance.destroy()
        LOG.info('Deleted locally: compute service on %s is down', instance.host,
                 instance_uuid=instance.uuid)

    def rebuild_instance(self, context, instance, orig_image_ref: str, image_ref: str,
                         new_pass: str | None, preserve_ephemeral: bool) -> None:
        """Rebuild on the instance's own host. A new image is first judged by the
        scheduler against that host's image filters (no claim: the instance holds its
        resources there); refused, the instance gets its old image back and goes to
        ERROR with a fault, as Nova's conductor does."""
        if image_ref != orig_image_ref:
            image = objects.ImageMeta.get_by_id(context, image_ref)
            spec = objects.RequestSpec.for_rebuild(context, instance, image)
            try:
                self.scheduler_rpcapi.select_destinations(context, spec, [instance.uuid])
            except exception.NoValidHost as error:
                instance.image_ref = orig_image_ref
                fault = objects.InstanceFault.from_exception(context, instance.uuid, error)
                try:
                    instance.save_error(fault, expected_task_state=[task_states.REBUILDING])
                except (exception.InstanceNotFound, exception.UnexpectedTaskStateError):
                    LOG.info('Rebuild refused after the instance changed: %s', error,
                             instance_uuid=instance.uuid)
                    return
                LOG.warning('Rebuild failed: %s', error, instance_uuid=instance.uuid)
                return
        LOG.info('Rebuilding on host %s', instance.host, instance_uuid=instance.uuid)
        self.compute_rpcapi.rebuild_instance(context, instance, image_ref, orig_image_ref,
                                             new_pass, preserve_ephemeral)

    def migrate_server(self, context, instance, request_spec, flavor,
                       live: bool = False) -> None:
        """Resize (or cold-migrate: `flavor` is the instance's own) one instance; see
        novum/conductor/tasks/migrate.py. Live migration is not served yet."""
        if live:
            raise exception.MigrationError(reason='live migration is not supported yet')
        from novum.conductor.tasks import migrate
        migrate.MigrationTask(context, instance, flavor, request_spec, self.compute_rpcapi,
                              self.scheduler_rpcapi).execute()
