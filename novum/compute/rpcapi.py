"""Client side of the compute RPC API (topic `compute`, server = the instance's host)."""

import oslo_messaging as messaging

from novum import conf, rpc
from novum.objects import base as objects_base

CONF = conf.CONF


class ComputeAPI:
    """Client of ComputeManager. Every method is a cast to `compute.<host>`.

    API version history:

    * 1.0 - Initial version: build_and_run_instance, terminate_instance,
            reboot_instance, stop_instance, start_instance.
    """

    VERSION = '1.0'

    def __init__(self):
        target = messaging.Target(topic='compute', version=self.VERSION)
        self.client = rpc.get_client(target, version_cap=CONF.upgrade_levels.compute,
                                     serializer=objects_base.NovumObjectSerializer())

    def _cast(self, context, host: str, method: str, **kwargs) -> None:
        self.client.prepare(server=host).cast(context, method, **kwargs)

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
