"""/os-aggregates and the availability zones aggregates make: Nova's bodies, status codes
and zone rules, and a boot into a zone landing only on its hosts."""

import pytest

from novum import context, objects
from tests.unit.api import fixtures


@pytest.fixture
def computes(novum_env):
    return [fixtures.register_compute(host)[1] for host in ('c1', 'c2', 'c3')]


def _create(admin_api, name: str, zone: str | None = None) -> dict:
    body = {'name': name}
    if zone is not None:
        body['availability_zone'] = zone
    response = admin_api.post('/v2.1/os-aggregates', {'aggregate': body})
    assert response.status == 200, response
    return response.body['aggregate']


def _action(admin_api, aggregate_id: int, action: str, value: dict):
    return admin_api.post(f'/v2.1/os-aggregates/{aggregate_id}/action', {action: value})


def test_create_answers_novas_body_without_hosts_and_metadata(admin_api):
    aggregate = _create(admin_api, 'rack1', 'az1')
    assert aggregate['name'] == 'rack1' and aggregate['availability_zone'] == 'az1'
    assert 'hosts' not in aggregate and 'metadata' not in aggregate
    assert aggregate['deleted'] is False and aggregate['created_at']
    shown = admin_api.get(f"/v2.1/os-aggregates/{aggregate['id']}").body['aggregate']
    assert shown['hosts'] == [] and shown['metadata'] == {'availability_zone': 'az1'}
    assert [a['name'] for a in admin_api.get('/v2.1/os-aggregates').body['aggregates']] == [
        'rack1']


def test_a_taken_name_is_409_on_create_and_update(admin_api):
    _create(admin_api, 'a1')
    other = _create(admin_api, 'a2')
    assert admin_api.post('/v2.1/os-aggregates',
                          {'aggregate': {'name': 'a1'}}).status == 409
    response = admin_api.put(f"/v2.1/os-aggregates/{other['id']}", {'aggregate': {'name': 'a1'}})
    assert response.status == 409
    assert 'Aggregate a1 already exists.' in response.body['conflictingRequest']['message']


@pytest.mark.parametrize('body', [{}, {'aggregate': {}}, {'aggregate': {'name': ''}},
                                  {'aggregate': {'name': 'x', 'extra': 1}},
                                  {'aggregate': {'name': ' x'}}])
def test_bad_create_bodies_are_400(admin_api, body):
    assert admin_api.post('/v2.1/os-aggregates', body).status == 400


def test_add_and_remove_host_and_a_host_in_several_aggregates(admin_api, computes):
    first, second = _create(admin_api, 'a1', 'az1'), _create(admin_api, 'a2')
    response = _action(admin_api, first['id'], 'add_host', {'host': 'c1'})
    assert response.status == 200 and response.body['aggregate']['hosts'] == ['c1']
    assert _action(admin_api, second['id'], 'add_host', {'host': 'c1'}).status == 200
    assert _action(admin_api, first['id'], 'add_host', {'host': 'c1'}).status == 409
    assert _action(admin_api, first['id'], 'add_host', {'host': 'nohost'}).status == 404
    response = _action(admin_api, first['id'], 'remove_host', {'host': 'c1'})
    assert response.status == 200 and response.body['aggregate']['hosts'] == []
    missing = _action(admin_api, first['id'], 'remove_host', {'host': 'c1'})
    assert missing.status == 404
    assert 'Cannot remove host c1 in aggregate' in missing.body['itemNotFound']['message']
    assert _action(admin_api, 999, 'add_host', {'host': 'c1'}).status == 404


def test_a_host_cannot_be_in_two_zones(admin_api, computes):
    az1, az2 = _create(admin_api, 'a1', 'az1'), _create(admin_api, 'a2', 'az2')
    plain = _create(admin_api, 'a3')
    _action(admin_api, az1['id'], 'add_host', {'host': 'c1'})
    # Adding the host to another zone's aggregate: 409, as Nova's add_host.
    response = _action(admin_api, az2['id'], 'add_host', {'host': 'c1'})
    assert response.status == 409
    assert 'already in availability zone' in response.body['conflictingRequest']['message']
    # Giving an aggregate of the host another zone: 400 (set_metadata and update).
    _action(admin_api, plain['id'], 'add_host', {'host': 'c1'})
    response = _action(admin_api, plain['id'], 'set_metadata',
                       {'metadata': {'availability_zone': 'az2'}})
    assert response.status == 400
    assert admin_api.put(f"/v2.1/os-aggregates/{plain['id']}",
                         {'aggregate': {'availability_zone': 'az2'}}).status == 400
    # The same zone is fine.
    assert _action(admin_api, plain['id'], 'set_metadata',
                   {'metadata': {'availability_zone': 'az1'}}).status == 200


def test_set_metadata_sets_and_a_null_deletes(admin_api):
    aggregate = _create(admin_api, 'a1')
    response = _action(admin_api, aggregate['id'], 'set_metadata',
                       {'metadata': {'ssd': 'true', 'gpu': '1'}})
    assert response.body['aggregate']['metadata'] == {'ssd': 'true', 'gpu': '1'}
    response = _action(admin_api, aggregate['id'], 'set_metadata',
                       {'metadata': {'gpu': None}})
    assert response.body['aggregate']['metadata'] == {'ssd': 'true'}
    assert _action(admin_api, aggregate['id'], 'set_metadata', {'meta': {}}).status == 400
    assert _action(admin_api, aggregate['id'], 'nothing', {}).status == 400


def test_delete_of_a_non_empty_aggregate_is_400_then_200(admin_api, computes):
    aggregate = _create(admin_api, 'a1')
    _action(admin_api, aggregate['id'], 'add_host', {'host': 'c2'})
    response = admin_api.delete(f"/v2.1/os-aggregates/{aggregate['id']}")
    assert response.status == 400
    assert 'not empty' in response.body['badRequest']['message']
    _action(admin_api, aggregate['id'], 'remove_host', {'host': 'c2'})
    assert admin_api.delete(f"/v2.1/os-aggregates/{aggregate['id']}").status == 200
    assert admin_api.get(f"/v2.1/os-aggregates/{aggregate['id']}").status == 404
    assert admin_api.get('/v2.1/os-aggregates/abc').status == 400
    # The name can be taken again.
    _create(admin_api, 'a1')


def test_non_admins_are_403_on_every_aggregate_route(api, admin_api):
    aggregate = _create(admin_api, 'a1')
    one = f"/v2.1/os-aggregates/{aggregate['id']}"
    assert api.get(one).status == 403
    assert api.put(one, {'aggregate': {'name': 'b'}}).status == 403
    assert api.delete(one).status == 403
    assert api.post(one + '/action', {'add_host': {'host': 'c1'}}).status == 403


def test_zones_list_services_and_servers_follow_aggregates(admin_api, api, computes, images,
                                                           scheduler):
    aggregate = _create(admin_api, 'a1', 'az1')
    _action(admin_api, aggregate['id'], 'add_host', {'host': 'c1'})
    zones = {zone['zoneName'] for zone in
             api.get('/v2.1/os-availability-zone').body['availabilityZoneInfo']}
    assert zones == {'az1', 'nova'}
    services = {service['host']: service['zone'] for service in
                admin_api.get('/v2.1/os-services?binary=nova-compute').body['services']}
    assert services == {'c1': 'az1', 'c2': 'nova', 'c3': 'nova'}
    for _ in range(3):
        response = api.post('/v2.1/servers', {'server': {
            'name': 'in-az1', 'flavorRef': '1', 'imageRef': fixtures.CIRROS_ID,
            'availability_zone': 'az1'}})
        assert response.status == 202, response
    servers = admin_api.get('/v2.1/servers/detail?all_tenants=1').body['servers']
    assert {server['OS-EXT-SRV-ATTR:host'] for server in servers} == {'c1'}
    assert {server['OS-EXT-AZ:availability_zone'] for server in servers} == {'az1'}


def test_a_server_without_zone_shows_its_hosts_zone(admin_api, api, computes, images,
                                                    scheduler):
    aggregate = _create(admin_api, 'a1', 'az1')
    for host in ('c1', 'c2', 'c3'):
        _action(admin_api, aggregate['id'], 'add_host', {'host': host})
    response = api.post('/v2.1/servers', {'server': {
        'name': 'anywhere', 'flavorRef': '1', 'imageRef': fixtures.CIRROS_ID}})
    server = api.get(f"/v2.1/servers/{response.body['server']['id']}").body['server']
    assert server['OS-EXT-AZ:availability_zone'] == 'az1'


def test_a_boot_into_an_unknown_zone_is_400(api, computes, images):
    response = api.post('/v2.1/servers', {'server': {
        'name': 'x', 'flavorRef': '1', 'imageRef': fixtures.CIRROS_ID,
        'availability_zone': 'az9'}})
    assert response.status == 400


def test_adding_a_host_with_instances_to_another_zone_is_409(admin_api, computes):
    admin = context.get_admin_context()
    flavor = objects.Flavor.get_by_flavor_id(admin, '1')
    objects.Instance(admin, host='c3', node='c3', vm_state='active', flavor=flavor,
                     project_id='demo').create()
    aggregate = _create(admin_api, 'a1', 'az1')
    response = _action(admin_api, aggregate['id'], 'add_host', {'host': 'c3'})
    assert response.status == 409
    assert "would change from 'nova' to 'az1'" in \
        response.body['conflictingRequest']['message']
