"""FakeDriver: resources from [fake_driver], power states, and injected faults."""

import pytest

from novum import conf, exception, objects
from novum.compute import power_state
from novum.virt import driver as virt_driver
from novum.virt import fake

CONF = conf.CONF
UUID = '0e6c9c55-2e0e-4b8a-9d36-2f2d1c6b9a10'


@pytest.fixture
def driver(novum_env):
    CONF.set_override('compute_driver', 'fake.FakeDriver')
    driver = virt_driver.load_compute_driver()
    driver.init_host('fake-host')
    return driver


def _image(**properties):
    return objects.ImageMeta(id='4c3fa3d6-0b52-4b3e-8d0b-0a9f39a1c7e2', properties=properties)


def test_resources_come_from_config(driver):
    CONF.set_override('vcpus', 3, group='fake_driver')
    CONF.set_override('memory_mb', 1234, group='fake_driver')
    resources = driver.get_available_resource()
    assert (resources.hypervisor_hostname, resources.vcpus, resources.memory_mb) == (
        'fake-host', 3, 1234)


def test_spawn_power_off_on_and_destroy(driver):
    instance = objects.Instance(uuid=UUID)
    driver.spawn(None, instance, _image())
    assert driver.get_info(instance).state == power_state.RUNNING
    driver.power_off(instance)
    assert driver.get_info(instance).state == power_state.SHUTDOWN
    driver.power_on(None, instance)
    assert driver.list_instance_uuids() == [UUID]
    driver.destroy(None, instance)
    with pytest.raises(exception.InstanceNotFound):
        driver.get_info(instance)


@pytest.mark.parametrize('properties, fails', [
    ({}, False),
    ({'novum_fake_spawn_fail': 'true'}, True),
    ({'novum_fake_spawn_fail_hosts': 'other,fake-host'}, True),
    ({'novum_fake_spawn_fail_hosts': 'other'}, False),
])
def test_failure_injection_by_image_property(driver, properties, fails):
    instance = objects.Instance(uuid=UUID)
    if fails:
        with pytest.raises(fake.FakeSpawnError):
            driver.spawn(None, instance, _image(**properties))
    else:
        driver.spawn(None, instance, _image(**properties))


def test_fail_spawn_option_fails_every_build(driver):
    CONF.set_override('fail_spawn', True, group='fake_driver')
    with pytest.raises(fake.FakeSpawnError):
        driver.spawn(None, objects.Instance(uuid=UUID), _image())


def test_unknown_driver_is_refused(novum_env):
    with pytest.raises(exception.VirtDriverNotFound):
        virt_driver.load_compute_driver('nope.NoDriver')
