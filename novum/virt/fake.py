"""FakeDriver: a hypervisor in memory, sized from [fake_driver], with faults on demand.

Failure injection for tests: `[fake_driver] fail_spawn` fails every spawn on this
host; an image property `novum_fake_spawn_fail=true` fails one build wherever it
lands, `novum_fake_spawn_fail_hosts=h1,h2` only on those hosts, and
`novum_fake_spawn_delay=<seconds>` makes one spawn slow. For moves, an instance
metadata item `novum_fake_fail=<driver method>` (migrate_disk_and_power_off,
finish_migration, confirm_migration, finish_revert_migration) makes that step fail,
and `[fake_driver] migration_delay` makes the disk copy and the finish slow.
"""

import threading

from oslo_log import log as logging

from novum import conf, exception
from novum.compute import power_state
from novum.virt import driver

CONF = conf.CONF
LOG = logging.getLogger(__name__)


class FakeSpawnError(exception.NovumException):
    msg_fmt = 'Fake spawn failure on host %(host)s (%(reason)s)'


class FakeMigrationError(exception.NovumException):
    msg_fmt = 'Fake %(step)s failure on host %(host)s (instance metadata novum_fake_fail)'


class FakeDriver(driver.ComputeDriver):
    def __init__(self):
        self._host = CONF.host
        self._instances: dict[str, int] = {}
        # Slow spawns wait on these, so destroy() and cleanup_host() can cut them short.
        self._spawn_waits: dict[str, threading.Event] = {}

    def init_host(self, host: str) -> None:
        self._host = host

    def cleanup_host(self, host: str) -> None:
        for event in list(self._spawn_waits.values()):
            event.set()

    def get_available_resource(self) -> driver.HostResources:
        return driver.HostResources(hypervisor_hostname=self._host,
                                    vcpus=CONF.fake_driver.vcpus,
                                    memory_mb=CONF.fake_driver.memory_mb,
                                    local_gb=CONF.fake_driver.local_gb)

    def list_instance_uuids(self) -> list[str]:
        return list(self._instances)

    def get_info(self, instance) -> driver.InstanceInfo:
        if instance.uuid not in self._instances:
            raise exception.InstanceNotFound(instance_id=instance.uuid)
        return driver.InstanceInfo(state=self._instances[instance.uuid])

    def _spawn_fault(self, image_meta) -> str | None:
        if CONF.fake_driver.fail_spawn:
            return '[fake_driver] fail_spawn'
        properties = image_meta.properties if image_meta is not None else {}
        if str(properties.get('novum_fake_spawn_fail', '')).lower() == 'true':
            return 'image property novum_fake_spawn_fail'
        fail_hosts = (properties.get('novum_fake_spawn_fail_hosts') or '').split(',')
        if self._host in [name.strip() for name in fail_hosts]:
            return 'image property novum_fake_spawn_fail_hosts'
        return None

    def spawn(self, context, instance, image_meta) -> None:
        properties = image_meta.properties if image_meta is not None else {}
        delay = float(properties.get('novum_fake_spawn_delay') or CONF.fake_driver.spawn_delay)
        if delay:
            wait = self._spawn_waits.setdefault(instance.uuid, threading.Event())
            wait.wait(delay)
            self._spawn_waits.pop(instance.uuid, None)
        reason = self._spawn_fault(image_meta)
        if reason:
            raise FakeSpawnError(host=self._host, reason=reason)
        self._instances[instance.uuid] = power_state.RUNNING

    def destroy(self, context, instance) -> None:
        wait = self._spawn_waits.pop(instance.uuid, None)
        if wait is not None:
            wait.set()
        self._instances.pop(instance.uuid, None)

    def reboot(self, context, instance, reboot_type: str) -> None:
        self.get_info(instance)
        self._instances[instance.uuid] = power_state.RUNNING

    def power_off(self, instance) -> None:
        self.get_info(instance)
        self._instances[instance.uuid] = power_state.SHUTDOWN

    def power_on(self, context, instance) -> None:
        self.get_info(instance)
        self._instances[instance.uuid] = power_state.RUNNING

    def _set_power(self, instance, state: int) -> None:
        self.get_info(instance)
        self._instances[instance.uuid] = state

    def pause(self, instance) -> None:
        self._set_power(instance, power_state.PAUSED)

    def unpause(self, instance) -> None:
        self._set_power(instance, power_state.RUNNING)

    def suspend(self, context, instance) -> None:
        self._set_power(instance, power_state.SUSPENDED)

    def resume(self, context, instance) -> None:
        self._set_power(instance, power_state.RUNNING)

    def rescue(self, context, instance, image_meta, rescue_password: str | None) -> None:
        self._set_power(instance, power_state.RUNNING)

    def unrescue(self, context, instance) -> None:
        self._set_power(instance, power_state.RUNNING)

    def snapshot(self, context, instance, image) -> None:
        self.get_info(instance)
        image.size = 1024 * 1024      # the fake disk's upload: 1 MiB
        image.disk_format, image.container_format = 'qcow2', 'bare'

    def get_console_output(self, context, instance) -> str:
        """A short boot log that names the instance, one line per step."""
        self.get_info(instance)
        return '\n'.join((f'FAKE CONSOLE OUTPUT of {instance.uuid} on {self._host}',
                          'Booting from the fake disk...', 'Starting services... done',
                          f'{instance.hostname or "server"} login:'))

    # Resize and cold migration ------------------------------------------------------

    def _migration_step(self, instance, step: str, delay: float = 0.0) -> None:
        if delay:
            threading.Event().wait(delay)
        metadata = instance.metadata if instance.obj_attr_is_set('metadata') else {}
        if metadata.get('novum_fake_fail') == step:
            raise FakeMigrationError(step=step, host=self._host)

    def migrate_disk_and_power_off(self, context, instance, dest_host: str, flavor) -> None:
        self.get_info(instance)
        self._migration_step(instance, 'migrate_disk_and_power_off',
                             CONF.fake_driver.migration_delay)
        self._instances[instance.uuid] = power_state.SHUTDOWN

    def finish_migration(self, context, instance, migration, power_on: bool) -> None:
        self._migration_step(instance, 'finish_migration', CONF.fake_driver.migration_delay)
        self._instances[instance.uuid] = power_state.RUNNING if power_on else \
            power_state.SHUTDOWN

    def confirm_migration(self, context, instance, migration) -> None:
        self._migration_step(instance, 'confirm_migration')
        if migration.dest_compute != self._host:    # a resize to the same host keeps it
            self._instances.pop(instance.uuid, None)

    def finish_revert_migration(self, context, instance, migration, power_on: bool) -> None:
        self._migration_step(instance, 'finish_revert_migration')
        self._instances[instance.uuid] = power_state.RUNNING if power_on else \
            power_state.SHUTDOWN
