"""Each scheduler filter on its own, with real HostStates, Flavors and RequestSpecs."""

import pytest

from novum import objects
from novum.scheduler import filters
from novum.scheduler.filters import (
    availability_zone_filter,
    compute_filter,
    core_filter,
    disk_filter,
    image_props_filter,
    ram_filter,
    retry_filter,
)
from novum.scheduler.host_manager import HostState


def _host(name='h1', **values) -> HostState:
    host = HostState(name, name)
    host.compute_node_id = 1
    host.total_vcpus, host.total_ram_mb, host.total_disk_gb = 4, 4096, 100
    host.service_up, host.service_disabled = True, False
    for key, value in values.items():
        setattr(host, key, value)
    return host


def _spec(memory_mb=512, vcpus=1, root_gb=1, ephemeral_gb=0, **values):
    flavor = objects.Flavor(flavorid='f', name='f', memory_mb=memory_mb, vcpus=vcpus,
                            root_gb=root_gb, ephemeral_gb=ephemeral_gb)
    return objects.RequestSpec(flavor=flavor, **values)


def test_compute_filter_needs_an_up_and_enabled_service():
    spec = _spec()
    assert compute_filter.ComputeFilter().host_passes(_host(), spec)
    assert not compute_filter.ComputeFilter().host_passes(_host(service_up=False), spec)
    assert not compute_filter.ComputeFilter().host_passes(_host(service_disabled=True), spec)


@pytest.mark.parametrize('used, ratio, wanted, passes', [
    (0, 1.0, 4096, True), (1, 1.0, 4096, False), (4096, 1.5, 2048, True),
    (4096, 1.5, 2049, False),
])
def test_ram_filter_honours_the_allocation_ratio(used, ratio, wanted, passes):
    host = _host(ram_mb_used=used, ram_allocation_ratio=ratio)
    assert ram_filter.RamFilter().host_passes(host, _spec(memory_mb=wanted)) is passes


@pytest.mark.parametrize('used, ratio, wanted, passes', [
    (0, 1.0, 4, True), (1, 1.0, 4, False), (4, 16.0, 60, True), (4, 16.0, 61, False),
])
def test_core_filter_honours_the_allocation_ratio(used, ratio, wanted, passes):
    host = _host(vcpus_used=used, cpu_allocation_ratio=ratio)
    assert core_filter.CoreFilter().host_passes(host, _spec(vcpus=wanted)) is passes


@pytest.mark.parametrize('used, root, ephemeral, passes', [
    (0, 100, 0, True), (0, 90, 11, False), (50, 40, 10, True), (50, 40, 11, False),
])
def test_disk_filter_counts_root_and_ephemeral(used, root, ephemeral, passes):
    host = _host(disk_gb_used=used, disk_allocation_ratio=1.0)
    spec = _spec(root_gb=root, ephemeral_gb=ephemeral)
    assert disk_filter.DiskFilter().host_passes(host, spec) is passes


def test_availability_zone_filter():
    host = _host(availability_zone='nova')
    zone_filter = availability_zone_filter.AvailabilityZoneFilter()
    assert zone_filter.host_passes(host, _spec())
    assert zone_filter.host_passes(host, _spec(availability_zone='nova'))
    assert not zone_filter.host_passes(host, _spec(availability_zone='elsewhere'))


def test_image_properties_filter_matches_the_hypervisor_type():
    host = _host(hypervisor_type='fake')
    image_filter = image_props_filter.ImagePropertiesFilter()

    def spec(**properties):
        return _spec(image=objects.ImageMeta(id='8d7e3c5a-1bb2-4a58-9c2f-5b2d5f0f6a11',
                                             properties=properties))

    assert image_filter.host_passes(host, _spec())
    assert image_filter.host_passes(host, spec())
    assert image_filter.host_passes(host, spec(img_hv_type='fake'))
    assert not image_filter.host_passes(host, spec(img_hv_type='kvm'))
    assert not image_filter.host_passes(host, spec(hw_architecture='s390x'))


def test_retry_filter_removes_hosts_already_tried():
    retry = retry_filter.RetryFilter()
    assert retry.host_passes(_host('h1'), _spec(ignore_hosts=['h2']))
    assert not retry.host_passes(_host('h2'), _spec(ignore_hosts=['h2']))
    assert retry.host_passes(_host('h2'), _spec())


def test_filter_handler_counts_what_each_filter_removed():
    handler = filters.FilterHandler(['ComputeFilter', 'RamFilter', 'CoreFilter'])
    hosts = [_host('up-small', total_ram_mb=256), _host('down', service_up=False),
             _host('fits'), _host('few-cpus', total_vcpus=1, vcpus_used=1)]

    passed, removed = handler.filter_all(hosts, _spec())

    assert [host.host for host in passed] == ['fits']
    assert removed == [('ComputeFilter', 1, 4), ('RamFilter', 1, 3), ('CoreFilter', 1, 2)]
    assert filters.explain(removed, 4) == ('ComputeFilter removed 1 of 4 hosts; RamFilter '
                                           'removed 1 of 3 hosts; CoreFilter removed 1 of 2 '
                                           'hosts.')


def test_unknown_filter_name_is_refused():
    with pytest.raises(Exception, match='NoSuchFilter'):
        filters.FilterHandler(['NoSuchFilter'])


def test_unknown_filter_and_weigher_names_are_refused_with_what_exists():
    from novum import exception
    from novum.scheduler import filters, weights

    with pytest.raises(exception.Invalid) as error:
        filters.get_filter_classes(['RamFilter', 'NoSuchFilter'])
    assert "unknown scheduler filters ['NoSuchFilter']" in str(error.value)
    assert 'RamFilter' in str(error.value)
    with pytest.raises(exception.Invalid) as error:
        weights.get_weigher_classes(['Heaviest'])
    assert "unknown scheduler weighers ['Heaviest']" in str(error.value)
    assert [cls.__name__ for cls in weights.get_weigher_classes(['CPUWeigher', 'RAMWeigher'])] \
        == ['CPUWeigher', 'RAMWeigher']
