"""The server group filters and weighers, AggregateInstanceExtraSpecsFilter, the zone
filter over aggregates, and Nova's extra spec operators."""

import pytest

from novum import objects
from novum.scheduler import filters, weights
from novum.scheduler.filters import (
    affinity_filter,
    aggregate_instance_extra_specs,
    availability_zone_filter,
    extra_specs_ops,
)
from novum.scheduler.host_manager import HostState

UUID = 'b5d0c4a5-6a0e-4a3f-9d55-0f6c1e0d2b11'


def _host(name: str, aggregates: list | None = None) -> HostState:
    host = HostState(name, name)
    host.update_from_aggregates(aggregates or [])
    return host


def _aggregate(metadata: dict) -> 'objects.Aggregate':
    return objects.Aggregate(id=1, name='a', hosts=[], metadata=metadata)


def _spec(group=None, extra_specs=None, **values) -> 'objects.RequestSpec':
    flavor = objects.Flavor(flavorid='f', name='f', memory_mb=512, vcpus=1, root_gb=1,
                            ephemeral_gb=0, extra_specs=extra_specs or {})
    return objects.RequestSpec(flavor=flavor, instance_group=group, **values)


def _group(policy: str, hosts: list, rules: dict | None = None) -> 'objects.InstanceGroup':
    return objects.InstanceGroup(uuid=UUID, policy=policy, hosts=hosts, members=[],
                                 rules=rules or {})


def test_anti_affinity_allows_max_server_per_host_members_per_host():
    anti = affinity_filter.ServerGroupAntiAffinityFilter()
    one = _spec(_group('anti-affinity', ['h1']))
    assert not anti.host_passes(_host('h1'), one) and anti.host_passes(_host('h2'), one)
    seven = _spec(_group('anti-affinity', ['h1'] * 6 + ['h2'] * 7,
                         {'max_server_per_host': '7'}))
    assert anti.host_passes(_host('h1'), seven)
    assert not anti.host_passes(_host('h2'), seven)


def test_affinity_wants_the_members_host_once_there_is_one():
    affinity = affinity_filter.ServerGroupAffinityFilter()
    assert affinity.host_passes(_host('h1'), _spec(_group('affinity', [])))
    placed = _spec(_group('affinity', ['h2', 'h2']))
    assert affinity.host_passes(_host('h2'), placed)
    assert not affinity.host_passes(_host('h1'), placed)


def test_group_filters_ignore_other_policies_and_requests_without_group():
    anti = affinity_filter.ServerGroupAntiAffinityFilter()
    affinity = affinity_filter.ServerGroupAffinityFilter()
    assert anti.host_passes(_host('h1'), _spec())
    assert anti.host_passes(_host('h1'), _spec(_group('affinity', ['h1'])))
    assert affinity.host_passes(_host('h1'), _spec(_group('anti-affinity', ['h2'])))
    assert anti.host_passes(_host('h1'), _spec(_group('soft-anti-affinity', ['h1'])))


@pytest.mark.parametrize('policy,best', [('soft-affinity', 'h2'),
                                         ('soft-anti-affinity', 'h3')])
def test_soft_weighers_prefer_more_or_fewer_members(policy, best):
    handler = weights.WeightHandler(['ServerGroupSoftAffinityWeigher',
                                     'ServerGroupSoftAntiAffinityWeigher'])
    spec = _spec(_group(policy, ['h1', 'h2', 'h2']))
    ranked = handler.get_weighed_objects([_host('h1'), _host('h2'), _host('h3')], spec)
    assert ranked[0][1].host == best


def test_soft_weighers_multiplier_zero_means_no_preference(novum_env):
    novum_env.set_override('soft_anti_affinity_weight_multiplier', 0.0, 'filter_scheduler')
    handler = weights.WeightHandler(['ServerGroupSoftAntiAffinityWeigher'])
    spec = _spec(_group('soft-anti-affinity', ['h1']))
    ranked = handler.get_weighed_objects([_host('h1'), _host('h2')], spec)
    assert [host.host for _weight, host in ranked] == ['h1', 'h2']


def test_availability_zone_filter_sees_the_zone_of_the_hosts_aggregate():
    zone_filter = availability_zone_filter.AvailabilityZoneFilter()
    in_az1 = _host('h1', [_aggregate({'availability_zone': 'az1'}), _aggregate({'x': 'y'})])
    plain = _host('h2', [_aggregate({'x': 'y'})])
    assert in_az1.availability_zone == 'az1' and plain.availability_zone == 'nova'
    spec = _spec(availability_zone='az1')
    assert zone_filter.host_passes(in_az1, spec) and not zone_filter.host_passes(plain, spec)
    assert zone_filter.host_passes(plain, _spec(availability_zone='nova'))


def test_aggregate_instance_extra_specs_filter_matches_aggregate_metadata():
    extra = aggregate_instance_extra_specs.AggregateInstanceExtraSpecsFilter()
    ssd = _host('h1', [_aggregate({'ssd': 'true', 'cpus': '16'})])
    plain = _host('h2')
    assert extra.host_passes(plain, _spec())
    wants_ssd = _spec(extra_specs={'aggregate_instance_extra_specs:ssd': 'true'})
    assert extra.host_passes(ssd, wants_ssd) and not extra.host_passes(plain, wants_ssd)
    assert extra.host_passes(ssd, _spec(extra_specs={'ssd': 'true', 'cpus': '>= 8'}))
    assert not extra.host_passes(ssd, _spec(extra_specs={'cpus': '>= 32'}))
    # Other scopes are other filters' business.
    assert extra.host_passes(plain, _spec(extra_specs={'hw:cpu_policy': 'dedicated'}))


@pytest.mark.parametrize('value,requirement,matches', [
    ('1', '1', True), ('1', '2', False), ('16', '= 8', True), ('4', '= 8', False),
    ('8', '== 8', True), ('8', '!= 8', False), ('a', 's== a', True), ('b', 's> a', True),
    ('gpu,ssd', '<in> ssd', True), ('x', '<or> a <or> x', True), ('y', '<or> a <or> x', False),
    ('a b', '<all-in> a b', True), (None, '= 1', False),
])
def test_extra_specs_ops_match_as_novas(value, requirement, matches):
    assert extra_specs_ops.match(value, requirement) is matches


def test_the_new_filters_and_weighers_are_selectable_by_name():
    assert [cls.__name__ for cls in filters.get_filter_classes(
        ['AggregateInstanceExtraSpecsFilter', 'ServerGroupAffinityFilter',
         'ServerGroupAntiAffinityFilter'])] == ['AggregateInstanceExtraSpecsFilter',
                                                'ServerGroupAffinityFilter',
                                                'ServerGroupAntiAffinityFilter']
    assert len(weights.get_weigher_classes(['ServerGroupSoftAffinityWeigher',
                                            'ServerGroupSoftAntiAffinityWeigher'])) == 2
