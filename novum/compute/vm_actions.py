"""ComputeManager's actions on what runs rather than where: pause, suspend, rescue and
their inverses, and the console log. Each state change is its states.Action record run
through ComputeManager._power_action (driver call, then a conditional state save)."""

from novum import exception, objects
from novum.compute import states


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
