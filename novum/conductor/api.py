"""The four conductor facades: LocalAPI / API and LocalComputeTaskAPI / ComputeTaskAPI.

Local* run the conductor's managers in this process (they open the database); the
others send the same calls over RPC. Both raise the same exceptions: Local* unwrap
the ExpectedException the manager uses to keep the conductor's log quiet.
"""

import functools
import time

import oslo_messaging as messaging
from oslo_log import log as logging

from novum import conf, exception
from novum.conductor import rpcapi

CONF = conf.CONF
LOG = logging.getLogger(__name__)


def _manager():
    """novum.conductor.manager, imported on first use: its periodic spacings are read
    from the configuration at import, which must be parsed by then."""
    from novum.conductor import manager
    return manager


class _ExceptionHelper:
    """Calls a manager's methods, re-raising the original of an ExpectedException."""

    def __init__(self, target):
        self._target = target

    def __getattr__(self, name: str):
        method = getattr(self._target, name)

        @functools.wraps(method)
        def wrapper(*args, **kwargs):
            try:
                return method(*args, **kwargs)
            except messaging.ExpectedException as e:
                raise e.exc_info[1] from None
        return wrapper


class LocalAPI:
    """Conductor calls run in this process against the local database."""

    def __init__(self):
        self._manager = _ExceptionHelper(_manager().ConductorManager())

    def wait_until_ready(self, context, timeout: int | None = None) -> None:
        """A local conductor is always ready."""

    def ping(self, context, arg):
        return self._manager.ping(context, arg)

    def object_class_action_versions(self, context, objname, objmethod, object_versions,
                                     args, kwargs):
        return self._manager.object_class_action_versions(
            context, objname, objmethod, object_versions, args, kwargs)

    def object_action(self, context, objinst, objmethod, args, kwargs):
        return self._manager.object_action(context, objinst, objmethod, args, kwargs)

    def object_backport_versions(self, context, objinst, object_versions):
        return self._manager.object_backport_versions(context, objinst, object_versions)


class API(LocalAPI):
    """Conductor calls sent over RPC to novum-conductor."""

    def __init__(self):
        self._manager = rpcapi.ConductorAPI()

    def wait_until_ready(self, context, timeout: int | None = None,
                         attempt_timeout: int = 2) -> None:
        """Ping the conductor until it answers; give up after `timeout` seconds.

        Logs each failed attempt, so an operator sees a daemon waiting for its
        conductor instead of a silent hang.
        """
        timeout = timeout or CONF.conductor.ready_timeout
        deadline = time.monotonic() + timeout
        attempt = 0
        while True:
            attempt += 1
            try:
                self._manager.ping(context, 'ready?', timeout=attempt_timeout)
            except messaging.MessagingTimeout:
                if time.monotonic() >= deadline:
                    raise exception.ConductorNotReady(topic=CONF.conductor.topic,
                                                      timeout=timeout) from None
                LOG.warning('No answer from novum-conductor on topic %s (attempt %d); '
                            'is it running? Retrying.', CONF.conductor.topic, attempt)
                continue
            if attempt > 1:
                LOG.info('novum-conductor answered after %d attempts', attempt)
            return


class LocalComputeTaskAPI:
    """Compute tasks run in this process (use_local, novum-all)."""

    def __init__(self):
        self._manager = _ExceptionHelper(_manager().ComputeTaskManager())

    def build_instances(self, context, instances: list, request_spec,
                        host_lists: list | None = None) -> None:
        """Schedule and cast the build of one request's instances (see the manager)."""
        self._manager.build_instances(context, instances, request_spec, host_lists)

    def delete_instance(self, context, instance) -> None:
        """Delete an instance that is on no host, or on a host whose compute is down."""
        self._manager.delete_instance(context, instance)

    def rebuild_instance(self, context, instance, orig_image_ref: str, image_ref: str,
                         new_pass: str | None, preserve_ephemeral: bool) -> None:
        """Check a new image on the instance's host, then have its compute rebuild it."""
        self._manager.rebuild_instance(context, instance, orig_image_ref, image_ref,
                                       new_pass, preserve_ephemeral)

    def migrate_server(self, context, instance, request_spec, flavor,
                       live: bool = False) -> None:
        """Resize or cold-migrate `instance` to `flavor` (see the manager)."""
        self._manager.migrate_server(context, instance, request_spec, flavor, live)


class ComputeTaskAPI:
    """Compute tasks cast to novum-conductor (namespace compute_task)."""

    def __init__(self):
        self._rpcapi = rpcapi.ComputeTaskAPI()

    def build_instances(self, context, instances: list, request_spec,
                        host_lists: list | None = None) -> None:
        self._rpcapi.build_instances(context, instances, request_spec, host_lists)

    def delete_instance(self, context, instance) -> None:
        self._rpcapi.delete_instance(context, instance)

    def rebuild_instance(self, context, instance, orig_image_ref: str, image_ref: str,
                         new_pass: str | None, preserve_ephemeral: bool) -> None:
        self._rpcapi.rebuild_instance(context, instance, orig_image_ref, image_ref,
                                      new_pass, preserve_ephemeral)

    def migrate_server(self, context, instance, request_spec, flavor,
                       live: bool = False) -> None:
        self._rpcapi.migrate_server(context, instance, request_spec, flavor, live)
