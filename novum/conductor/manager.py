"""Server side of the conductor: object indirection (namespace none) and long-running
compute tasks (namespace compute_task)."""

import oslo_messaging as messaging
from oslo_log import log as logging
from oslo_utils import versionutils

from novum import manager
from novum.objects import base as objects_base

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
    """Long-running orchestration: build_instances and friends (namespace compute_task)."""

    target = messaging.Target(namespace='compute_task', version='1.0')
