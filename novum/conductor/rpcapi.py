"""Client side of the conductor RPC APIs.

ConductorAPI (topic `conductor`, namespace none) is the object indirection API of every
non-conductor process; ComputeTaskAPI (namespace `compute_task`) starts long tasks.
"""

import oslo_messaging as messaging
from oslo_versionedobjects import base as ovo_base

from novum import conf, exception, rpc
from novum.objects import base as objects_base

CONF = conf.CONF


def _client(topic: str, namespace: str | None, version: str, cap_name: str,
            timeout: int | None = None):
    target = messaging.Target(topic=topic, namespace=namespace, version=version)
    cap = getattr(CONF.upgrade_levels, cap_name)
    return rpc.get_client(target, version_cap=cap,
                          serializer=objects_base.NovumObjectSerializer(), timeout=timeout)


class ConductorAPI(ovo_base.VersionedObjectIndirectionAPI):
    """Client of ConductorManager.

    API version history:

    * 1.0 - Initial version: ping, object_class_action_versions, object_action,
            object_backport_versions.
    """

    VERSION = '1.0'

    def __init__(self, timeout: int | None = None):
        super().__init__()
        self._timeout = timeout
        self.client = _client(CONF.conductor.topic, None, self.VERSION, 'conductor',
                              timeout=timeout)

    def _call(self, context, label: str, method: str, timeout: int | None = None, **kwargs):
        """Call `method`, waiting `timeout` seconds if given, else this client's own
        timeout (e.g. heartbeat_rpc_timeout), else rpc_response_timeout."""
        # prepare(timeout=None) would replace the client's timeout with the default.
        client = self.client.prepare(timeout=timeout) if timeout is not None else self.client
        try:
            return client.call(context, method, **kwargs)
        except messaging.MessagingTimeout as e:
            raise exception.ConductorTimeout(
                method=label, topic=CONF.conductor.topic,
                timeout=timeout or self._timeout or CONF.rpc_response_timeout) from e

    def ping(self, context, arg, timeout: int | None = None):
        return self._call(context, 'ping', 'ping', timeout=timeout, arg=arg)

    def object_class_action_versions(self, context, objname: str, objmethod: str,
                                     object_versions: dict, args, kwargs):
        return self._call(context, f'{objname}.{objmethod}', 'object_class_action_versions',
                          objname=objname, objmethod=objmethod,
                          object_versions=object_versions, args=args, kwargs=kwargs)

    def object_action(self, context, objinst, objmethod: str, args, kwargs):
        return self._call(context, f'{objinst.obj_name()}.{objmethod}', 'object_action',
                          objinst=objinst, objmethod=objmethod, args=args, kwargs=kwargs)

    def object_backport_versions(self, context, objinst, object_versions: dict):
        return self._call(context, f'{objinst.obj_name()} backport',
                          'object_backport_versions', objinst=objinst,
                          object_versions=object_versions)


class ComputeTaskAPI:
    """Client of ComputeTaskManager (namespace compute_task).

    API version history:

    * 1.0 - Initial version: build_instances (cast), delete_instance (call).
    * 1.1 - rebuild_instance (cast).
    * 1.2 - migrate_server (cast): resize and cold migration.
    """

    VERSION = '1.2'

    def __init__(self):
        self.client = _client(CONF.conductor.topic, 'compute_task', self.VERSION,
                              'compute_task', timeout=CONF.long_rpc_timeout)

    def _prepare(self, version: str):
        if not self.client.can_send_version(version):
            raise exception.ServiceTooOld(version=version, api='compute_task',
                                          cap=CONF.upgrade_levels.compute_task)
        return self.client.prepare(version=version)

    def build_instances(self, context, instances: list, request_spec,
                        host_lists: list | None = None) -> None:
        self._prepare('1.0').cast(context, 'build_instances', instances=instances,
                                  request_spec=request_spec, host_lists=host_lists)

    def delete_instance(self, context, instance) -> None:
        self._prepare('1.0').call(context, 'delete_instance', instance=instance)

    def rebuild_instance(self, context, instance, orig_image_ref: str, image_ref: str,
                         new_pass: str | None, preserve_ephemeral: bool) -> None:
        self._prepare('1.1').cast(context, 'rebuild_instance', instance=instance,
                                  orig_image_ref=orig_image_ref, image_ref=image_ref,
                                  new_pass=new_pass, preserve_ephemeral=preserve_ephemeral)

    def migrate_server(self, context, instance, request_spec, flavor,
                       live: bool = False) -> None:
        """A cast, as Nova's resize: the API answers 202 before scheduling; a failure
        shows in the instance's fault and actions."""
        self._prepare('1.2').cast(context, 'migrate_server', instance=instance,
                                  request_spec=request_spec, flavor=flavor, live=live)
