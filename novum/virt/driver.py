"""ComputeDriver: the interface between ComputeManager and a hypervisor."""

import dataclasses

from oslo_utils import importutils

from novum import conf, exception

CONF = conf.CONF


@dataclasses.dataclass
class HostResources:
    """What a hypervisor offers, as update_available_resource writes it to ComputeNode."""

    hypervisor_hostname: str
    vcpus: int
    memory_mb: int
    local_gb: int
    hypervisor_type: str = 'fake'
    hypervisor_version: int = 1000


@dataclasses.dataclass
class InstanceInfo:
    """What the hypervisor knows about one instance."""

    state: int          # novum.compute.power_state value


class ComputeDriver:
    """Base class of virt drivers. Every method runs inside novum-compute."""

    def init_host(self, host: str) -> None:
        """Prepare the hypervisor once before the compute serves requests."""

    def cleanup_host(self, host: str) -> None:
        """Release what init_host took, when the compute stops."""

    def get_available_resource(self) -> HostResources:
        raise NotImplementedError()

    def list_instance_uuids(self) -> list[str]:
        raise NotImplementedError()

    def get_info(self, instance) -> InstanceInfo:
        """Power state of `instance`; raises InstanceNotFound if the hypervisor lacks it."""
        raise NotImplementedError()

    def spawn(self, context, instance, image_meta) -> None:
        """Create and power on `instance` from `image_meta` (an ImageMeta or None)."""
        raise NotImplementedError()

    def destroy(self, context, instance) -> None:
        """Power off and remove `instance`; no error if it is already gone."""
        raise NotImplementedError()

    def reboot(self, context, instance, reboot_type: str) -> None:
        raise NotImplementedError()

    def power_off(self, instance) -> None:
        raise NotImplementedError()

    def power_on(self, context, instance) -> None:
        raise NotImplementedError()

    def pause(self, instance) -> None:
        raise NotImplementedError()

    def unpause(self, instance) -> None:
        raise NotImplementedError()

    def suspend(self, context, instance) -> None:
        raise NotImplementedError()

    def resume(self, context, instance) -> None:
        raise NotImplementedError()

    def rescue(self, context, instance, image_meta, rescue_password: str | None) -> None:
        """Boot `instance` from the rescue image `image_meta`, its own disk attached."""
        raise NotImplementedError()

    def unrescue(self, context, instance) -> None:
        raise NotImplementedError()

    def snapshot(self, context, instance, image) -> None:
        """Upload the instance's disk into `image` (an ImageMeta), setting its size and
        formats."""
        raise NotImplementedError()

    def get_console_output(self, context, instance) -> str:
        """The instance's whole console log."""
        raise NotImplementedError()

    # Resize and cold migration, as Nova's ComputeDriver names them.
    def migrate_disk_and_power_off(self, context, instance, dest_host: str, flavor) -> None:
        """On the source: power off `instance` and send its disks to `dest_host` (an IP)."""
        raise NotImplementedError()

    def finish_migration(self, context, instance, migration, power_on: bool) -> None:
        """On the destination: set up `instance` with its new flavor from the moved
        disks, powered on if `power_on`."""
        raise NotImplementedError()

    def confirm_migration(self, context, instance, migration) -> None:
        """On the source: remove what was left of `instance` after a confirmed move."""
        raise NotImplementedError()

    def finish_revert_migration(self, context, instance, migration, power_on: bool) -> None:
        """On the source: bring `instance` back with its old flavor after a revert."""
        raise NotImplementedError()


def load_compute_driver(name: str | None = None) -> ComputeDriver:
    """The driver named by `compute_driver` (module.Class under novum.virt)."""
    name = name or CONF.compute_driver
    try:
        driver = importutils.import_object(f'novum.virt.{name}')
    except (ImportError, ValueError, AttributeError) as e:
        raise exception.VirtDriverNotFound(name=name) from e
    if not isinstance(driver, ComputeDriver):
        raise exception.VirtDriverNotFound(name=name)
    return driver
