"""ComputeManager's actions on what runs rather than where: pause, suspend, rescue and
their inverses, rebuilds, snapshots and the console log. Each power change is its states.Action
record run through ComputeManager._power_action (driver call, then a conditional state
save); a snapshot walks states.SNAPSHOT_TASK_STATES."""

from oslo_concurrency import lockutils
from oslo_log import log as logging
from oslo_utils import timeutils

from novum import exception, objects
from novum.compute import events, states, vm_states

LOG = logging.getLogger(__name__)


def _walk(instance, steps: tuple) -> None:
    """Through `steps` from the first, each a conditional save expecting the one before
    (a racing action or a delete makes it raise, and the caller gives up)."""
    for expected, task_state in zip(steps, steps[1:], strict=False):
        instance.task_state = task_state
        instance.save_states([expected])


class VMActionsMixin:
    """RPC methods of ComputeManager (topic compute, server = host), API version 1.1."""

    def pause_instance(self, context, instance) -> None:
        self._power_action(context, instance, states.PAUSE,
                           lambda: self.driver.pause(instance))

    def unpause_instance(self, context, instance) -> None:
        self._power_action(context, instance, states.UNPAUSE,
                           lambda: self.driver.unpause(instance))

    def suspend_instance(self, context, instance) -> None:
        self._power_action(context, instance, states.SUSPEND,
                           lambda: self.driver.suspend(context, instance))

    def resume_instance(self, context, instance) -> None:
        self._power_action(context, instance, states.RESUME,
                           lambda: self.driver.resume(context, instance))

    def rescue_instance(self, context, instance, rescue_password: str | None,
                        rescue_image_ref: str | None) -> None:
        """Boot from the rescue image (the instance's own image when none is given)."""
        def rescue():
            image = objects.ImageMeta.get_by_id(context,
                                                rescue_image_ref or instance.image_ref)
            self.driver.rescue(context, instance, image, rescue_password)
        self._power_action(context, instance, states.RESCUE, rescue)

    def unrescue_instance(self, context, instance) -> None:
        self._power_action(context, instance, states.UNRESCUE,
                           lambda: self.driver.unrescue(context, instance))

    def get_console_output(self, context, instance, tail_length: int | None) -> str:
        """The console log, its last `tail_length` lines if given (0: nothing), as
        Nova's; an instance the hypervisor does not have answers ConsoleNotAvailable."""
        try:
            output = self.driver.get_console_output(context, instance)
        except exception.InstanceNotFound:
            raise exception.ConsoleNotAvailable() from None
        if tail_length is None or tail_length < 0:
            return output
        return '\n'.join(output.split('\n')[-tail_length:]) if tail_length else ''

    def snapshot_instance(self, context, instance, image_id: str) -> None:
        """image_snapshot_pending -> image_snapshot -> image_pending_upload ->
        image_uploading -> None, each a conditional save; the image turns active. On
        failure the image is deleted and the task_state cleared, the vm_state kept (a
        failed snapshot does not break the instance), as Nova's."""
        with lockutils.lock(instance.uuid):
            image = objects.ImageMeta.get_by_id(context, image_id)
            steps = states.SNAPSHOT_TASK_STATES
            try:
                with events.event(context, instance, states.SNAPSHOT.event, self.host):
                    _walk(instance, steps)
                    self.driver.snapshot(context, instance, image)
                    image.status = 'active'
                    image.save()
                    instance.task_state = None
                    instance.save_states([steps[-1]])
            except (exception.InstanceNotFound, exception.UnexpectedTaskStateError) as e:
                LOG.info('Snapshot %s abandoned: %s', image_id, e, instance_uuid=instance.uuid)
                self._delete_image(image)
                return
            except Exception as error:
                LOG.warning('Snapshot %s failed: %s', image_id, error,
                            instance_uuid=instance.uuid)
                self._delete_image(image)
                instance.task_state = None
                try:
                    instance.save_states(list(steps))
                except (exception.InstanceNotFound, exception.UnexpectedTaskStateError):
                    pass    # deleted or moved on meanwhile: nothing to clear
                return
            LOG.info('Snapshot %s uploaded', image_id, instance_uuid=instance.uuid)

    def rebuild_instance(self, context, instance, image_ref: str, orig_image_ref: str,
                         new_pass: str | None, preserve_ephemeral: bool) -> None:
        """rebuilding -> rebuild_block_device_mapping -> rebuild_spawning, then the
        instance is re-created from `image_ref` (Nova's default: destroy and spawn) and
        ends ACTIVE, or STOPPED when it was stopped. A failure leaves it in ERROR with a
        fault, as Nova's."""
        with lockutils.lock(instance.uuid):
            was_stopped = instance.vm_state == vm_states.STOPPED
            steps = states.REBUILD_TASK_STATES
            try:
                with events.event(context, instance, states.REBUILD.event, self.host):
                    _walk(instance, steps)
                    image = objects.ImageMeta.get_by_id(context, image_ref)
                    self.driver.destroy(context, instance)
                    self.driver.spawn(context, instance, image)
                    if was_stopped:
                        self.driver.power_off(instance)
                    instance.vm_state = vm_states.STOPPED if was_stopped else vm_states.ACTIVE
                    instance.power_state = self.driver.get_info(instance).state
                    instance.task_state = None
                    instance.launched_at = timeutils.utcnow(with_timezone=True)
                    instance.save_states([steps[-1]])
            except (exception.InstanceNotFound, exception.UnexpectedTaskStateError) as e:
                LOG.info('Rebuild abandoned: %s', e, instance_uuid=instance.uuid)
                return
            except Exception as error:
                LOG.warning('Rebuild failed on %s: %s', self.host, error,
                            instance_uuid=instance.uuid)
                self._set_error(context, instance, error, expected_task_state=list(steps))
                return
            LOG.info('Rebuilt from image %s: vm_state %s', image_ref, instance.vm_state,
                     instance_uuid=instance.uuid)

    @staticmethod
    def _delete_image(image) -> None:
        try:
            image.destroy()
        except exception.ImageNotFound:
            LOG.debug('Image %s already deleted', image.id)

