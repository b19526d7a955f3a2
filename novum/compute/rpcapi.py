"""Client side of the compute RPC API (topic `compute`, server = the instance's host)."""

import oslo_messaging as messaging

from novum import conf, exception, rpc
from novum.objects import base as objects_base

CONF = conf.CONF


class ComputeAPI:
    """Client of ComputeManager: casts to `compute.<host>` (get_console_output is a call).

    API version history:

    * 1.0 - Initial version: build_and_run_instance, terminate_instance,
            reboot_instance, stop_instance, start_instance.
    * 1.1 - pause_instance, unpause_instance, suspend_instance, resume_instance,
            rescue_instance, unrescue_instance, get_console_output.
    * 1.2 - snapshot_instance.
    * 1.3 - rebuild_instance.
    * 1.4 - Resize and cold migration: prep_resize, resize_instance, finish_resize,
            confirm_resize, revert_resize, finish_revert_resize.
    """

    VERSION = '1.4'

    def __init__(self):
        target = messaging.Target(topic='compute', version=self.VERSION)
        self.client = rpc.get_client(target, version_cap=CONF.upgrade_levels.compute,
                             serializer=objects_base.NovumObjectSerializer())

    def _prepare(self, host: str, version: str):
        if not self.client.can_send_version(version):
            raise exception.ServiceTooOld(version=version, api='compute',
                                  cap=CONF.upgrade_levels.compute)
        return self.client.prepare(server=host, version=version)

    def _cast(self, context, host: str, method: str, version: str = '1.0', **kwargs) -> None:
        self._prepare(host, version).cast(context, method, **kwargs)

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

    # 1.1: actions on what runs, not where ------------------------------------------

    def pause_instance(self, context, instance) -> None:
        self._cast(context, instance.host, 'pause_instance', '1.1', instance=instance)

    def unpause_instance(self, context, instance) -> None:
        self._cast(context, instance.host, 'unpause_instance', '1.1', instance=instance)

    def suspend_instance(self, context, instance) -> None:
        self._cast(context, instance.host, 'suspend_instance', '1.1', instance=instance)

    def resume_instance(self, context, instance) -> None:
        self._cast(context, instance.host, 'resume_instance', '1.1', instance=instance)

    def rescue_instance(self, context, instance, rescue_password: str | None,
                        rescue_image_ref: str | None) -> None:
        self._cast(context, instance.host, 'rescue_instance', '1.1', instance=instance,
                   rescue_password=rescue_password, rescue_image_ref=rescue_image_ref)

    def unrescue_instance(self, context, instance) -> None:
        self._cast(context, instance.host, 'unrescue_instance', '1.1', instance=instance)

    def get_console_output(self, context, instance, tail_length: int | None) -> str:
        """The last `tail_length` lines (all if None) of the instance's console log."""
        return self._prepare(instance.host, '1.1').call(
            context, 'get_console_output', instance=instance, tail_length=tail_length)

    def snapshot_instance(self, context, instance, image_id: str) -> None:
        """Upload the instance's disk into image `image_id` (created queued by the API)."""
        self._cast(context, instance.host, 'snapshot_instance', '1.2', instance=instance,
                   image_id=image_id)

    def rebuild_instance(self, context, instance, image_ref: str, orig_image_ref: str,
                         new_pass: str | None, preserve_ephemeral: bool) -> None:
        """Re-create the instance from `image_ref` on its own host."""
        self._cast(context, instance.host, 'rebuild_instance', '1.3', instance=instance,
                   image_ref=image_ref, orig_image_ref=orig_image_ref, new_pass=new_pass,
                   preserve_ephemeral=preserve_ephemeral)

    # Resize and cold migration (1.4) -----------------------------------------------------

    def prep_resize(self, context, instance, flavor, migration, request_spec, host: str,
                    node: str) -> None:
        """To the destination `host`, whose `node` the scheduler already claimed the
        new `flavor` on (recorded on `migration`)."""
        self._cast(context, host, 'prep_resize', '1.4', instance=instance,
                   flavor=flavor, migration=migration, request_spec=request_spec,
                   node=node)

    def resize_instance(self, context, instance, migration, flavor, request_spec) -> None:
        """To the source: power off and move the disks, then finish_resize."""
        self._cast(context, migration.source_compute, 'resize_instance', '1.4',
                   instance=instance, migration=migration, flavor=flavor,
                   request_spec=request_spec)

    def finish_resize(self, context, instance, migration, request_spec) -> None:
        self._cast(context, migration.dest_compute, 'finish_resize', '1.4',
                   instance=instance, migration=migration, request_spec=request_spec)

    def confirm_resize(self, context, instance, migration, host: str) -> None:
        """To the source `host`: free the old flavor there and clean up."""
        self._cast(context, host, 'confirm_resize', '1.4', instance=instance,
                   migration=migration)

    def revert_resize(self, context, instance, migration) -> None:
        """To the destination: free the new flavor there, then finish_revert_resize."""
        self._cast(context, migration.dest_compute, 'revert_resize', '1.4',
                   instance=instance, migration=migration)

    def finish_revert_resize(self, context, instance, migration) -> None:
        self._cast(context, migration.source_compute, 'finish_revert_resize', '1.4',
                   instance=instance, migration=migration)
