"""Client side of the compute RPC API (topic `compute`, server = the instance's host)."""

import oslo_messaging as messaging

from novum import conf, exception, rpc
from novum.objects import base as objects_base

CONF = conf.CONF


class ComputeAPI:
    """Client of ComputeManager. Every method is a cast to `compute.<host>`.

    API version history:

    * 1.0 - Initial version: build_and_run_instance, terminate_instance,
            reboot_instance, stop_instance, start_instance.
    * 1.1 - Resize and cold migration: prep_resize, resize_instance, finish_resize,
            confirm_resize, revert_resize, finish_revert_resize.
    """

    VERSION = '1.1'

    def __init__(self):
        target = messaging.Target(topic='compute', version=self.VERSION)
        self.client = rpc.get_client(target, version_cap=CONF.upgrade_levels.compute,
                                     serializer=objects_base.NovumObjectSerializer())

    def _cast(self, context, host: str, method: str, **kwargs) -> None:
        # The 1.0 methods are sent as 1.0, so a compute not yet upgraded still takes them.
        self.client.prepare(server=host, version='1.0').cast(context, method, **kwargs)

    def build_and_run_instance(self, context, instance, host: str, request_spec,
                               alternates: list) -> None:
        """Build `instance` (already claimed on `host`); the image is request_spec.image.
        `alternates`: Selections (unclaimed) to reschedule to if the spawn fails."""
        self._cast(context, host, 'build_and_run_instance', instance=instance,
                   request_spec=request_spec, alternates=alternates)

    def terminate_instance(self, context, instance) -> None:
        self._cast(context, instance.host, 'terminate_instance', instance=instance)

    def reboot_instance(self, context, instance, reboot_type: str) -> None:
        self._cast(context, instance.host, 'reboot_instance', instance=instance,
                   reboot_type=reboot_type)

    def stop_instance(self, context, instance) -> None:
        self._cast(context, instance.host, 'stop_instance', instance=instance)

    def start_instance(self, context, instance) -> None:
        self._cast(context, instance.host, 'start_instance', instance=instance)

    # Resize and cold migration (1.1) -------------------------------------------------

    def _cast_version(self, context, host: str, version: str, method: str, **kwargs) -> None:
        if not self.client.can_send_version(version):
            raise exception.ServiceTooOld(version=version, api='compute',
                                          cap=CONF.upgrade_levels.compute)
        self.client.prepare(server=host, version=version).cast(context, method, **kwargs)

    def prep_resize(self, context, instance, flavor, migration, request_spec, host: str,
                    node: str) -> None:
        """To the destination `host`, whose `node` the scheduler already claimed the
        new `flavor` on (recorded on `migration`)."""
        self._cast_version(context, host, '1.1', 'prep_resize', instance=instance,
                           flavor=flavor, migration=migration, request_spec=request_spec,
                           node=node)

    def resize_instance(self, context, instance, migration, flavor, request_spec) -> None:
        """To the source: power off and move the disks, then finish_resize."""
        self._cast_version(context, migration.source_compute, '1.1', 'resize_instance',
                           instance=instance, migration=migration, flavor=flavor,
                           request_spec=request_spec)

    def finish_resize(self, context, instance, migration, request_spec) -> None:
        self._cast_version(context, migration.dest_compute, '1.1', 'finish_resize',
                           instance=instance, migration=migration, request_spec=request_spec)

    def confirm_resize(self, context, instance, migration, host: str) -> None:
        """To the source `host`: free the old flavor there and clean up."""
        self._cast_version(context, host, '1.1', 'confirm_resize', instance=instance,
                           migration=migration)

    def revert_resize(self, context, instance, migration) -> None:
        """To the destination: free the new flavor there, then finish_revert_resize."""
        self._cast_version(context, migration.dest_compute, '1.1', 'revert_resize',
                           instance=instance, migration=migration)

    def finish_revert_resize(self, context, instance, migration) -> None:
        self._cast_version(context, migration.source_compute, '1.1', 'finish_revert_resize',
                           instance=instance, migration=migration)
