"""Server side of the conductor: object indirection (namespace none) and long-running
compute tasks (namespace compute_task)."""

import oslo_messaging as messaging
from oslo_log import log as logging
from oslo_utils import versionutils

from novum import exception, manager, objects
from novum.compute import task_states
from novum.objects import base as objects_base
from novum.objects import service as service_obj
from novum.objects.resources import InstanceResources

LOG = logging.getLogger(__name__)


class ConductorManager(manager.Manager):
    """Runs remotable object methods against the database for the other daemons."""

    target = messaging.Target(version='1.0')

    def __init__(self, *args, **kwargs):
        super().__init__(*args, service_name='conductor', **kwargs)
        self.compute_task_mgr = ComputeTaskManager()
        self.additional_endpoints.append(self.compute_task_mgr)

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

    target = messaging.Target(namespace='compute_task', version='1.1')

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
            try:
                host_lists = self.scheduler_rpcapi.select_destinations(
                    context, request_spec, [instance.uuid for instance in instances])
            except Exception as error:
                for instance in instances:
                    self._build_failed(context, instance, error)
                return
        else:
            host_lists = [self._claim_alternate(context, request_spec, instance, hosts)
                          for instance, hosts in zip(instances, host_lists, strict=True)]
        for instance, hosts in zip(instances, host_lists, strict=True):
            if not hosts:
                continue    # deleted while scheduling, or failed above
            chosen, alternates = hosts[0], hosts[1:]
            # The claim already wrote host and node; mirror them without another save.
            instance.host = chosen.service_host
            instance.node = chosen.nodename
            instance.obj_reset_changes(['host', 'node'])
            LOG.info('Scheduled to host %s', chosen.service_host, instance_uuid=instance.uuid)
            self.compute_rpcapi.build_and_run_instance(
                context, instance, chosen.service_host, request_spec, alternates)

    def _claim_alternate(self, context, request_spec, instance, alternates: list) -> list:
        """Claim the first alternate with room; [] (and the instance in ERROR) if none."""
        resources = InstanceResources.of_flavor(request_spec.flavor)
        for index, selection in enumerate(alternates):
            try:
                node = objects.ComputeNode.claim(
                    context, selection.compute_node_id, instance.uuid, resources.vcpus,
                    resources.memory_mb, resources.disk_gb)
            except exception.InstanceNotFound:
                LOG.info('Deleted before it could be rescheduled', instance_uuid=instance.uuid)
                return []
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
        """vm_state error with a fault saying why, unless the instance is being deleted."""
        fault = objects.InstanceFault.from_exception(context, instance.uuid, error)
        try:
            instance.save_error(fault, expected_task_state=[task_states.SCHEDULING])
        except (exception.InstanceNotFound, exception.UnexpectedTaskStateError):
            LOG.info('Build failed after the instance was deleted: %s', error,
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

    def migrate_server(self, context, instance, request_spec, flavor,
                       live: bool = False) -> None:
        """Resize (or cold-migrate: `flavor` is the instance's own) one instance; see
        novum/conductor/tasks/migrate.py. Live migration is not served yet."""
        if live:
            raise exception.MigrationError(reason='live migration is not supported yet')
        from novum.conductor.tasks import migrate
        migrate.MigrationTask(context, instance, flavor, request_spec, self.compute_rpcapi,
                              self.scheduler_rpcapi).execute()
