"""Weighers: each ranks by one free resource, normalized, times its multiplier."""

import pytest

from novum import objects
from novum.scheduler import weights
from novum.scheduler.host_manager import HostState


def _host(name, free_ram, free_disk, free_vcpus) -> HostState:
    host = HostState(name, name)
    host.total_ram_mb, host.total_disk_gb, host.total_vcpus = 8192, 200, 16
    host.ram_mb_used = 8192 - free_ram
    host.disk_gb_used = 200 - free_disk
    host.vcpus_used = 16 - free_vcpus
    return host


HOSTS = [_host('ram', 8000, 10, 1), _host('disk', 100, 190, 1), _host('cpu', 100, 10, 15)]


def _order(names, **multipliers):
    from novum import conf
    for key, value in multipliers.items():
        conf.CONF.set_override(key, value, group='filter_scheduler')
    handler = weights.WeightHandler(names)
    return [host.host for _weight, host in handler.get_weighed_objects(
        HOSTS, objects.RequestSpec())]


@pytest.mark.parametrize('weigher, best', [
    ('RAMWeigher', 'ram'), ('DiskWeigher', 'disk'), ('CPUWeigher', 'cpu')])
def test_each_weigher_prefers_the_host_with_most_of_its_resource(weigher, best):
    assert _order([weigher])[0] == best


def test_negative_multiplier_stacks_instead_of_spreading():
    assert _order(['RAMWeigher'], ram_weight_multiplier=-1.0)[-1] == 'ram'


def test_multipliers_decide_between_weighers():
    assert _order(['RAMWeigher', 'CPUWeigher'], ram_weight_multiplier=1.0,
                  cpu_weight_multiplier=3.0)[0] == 'cpu'
    assert _order(['RAMWeigher', 'CPUWeigher'], ram_weight_multiplier=3.0,
                  cpu_weight_multiplier=1.0)[0] == 'ram'


def test_zero_multiplier_ignores_the_weigher_and_ties_keep_host_order():
    assert _order(['RAMWeigher'], ram_weight_multiplier=0.0) == ['ram', 'disk', 'cpu']


def test_normalize():
    assert weights.normalize([5, 10, 15]) == [0.0, 0.5, 1.0]
    assert weights.normalize([3, 3]) == [0.0, 0.0]
    assert weights.normalize([]) == []
