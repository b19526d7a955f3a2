"""Projects do not see each other's servers; non-admins cannot use admin APIs."""

import pytest

from tests.unit.api import fixtures


@pytest.fixture
def server_of_b(api, images, scheduler):
    client_b = api.as_user('bob:project-b')
    response = client_b.post('/v2.1/servers', {'server': {
        'name': 'b-server', 'flavorRef': '1', 'imageRef': fixtures.CIRROS_ID}})
    assert response.status == 202
    return response.body['server']['id']


@pytest.mark.parametrize('method,suffix,body', [
    ('GET', '', None),
    ('PUT', '', {'server': {'name': 'mine'}}),
    ('DELETE', '', None),
    ('POST', '/action', {'os-stop': None}),
    ('POST', '/action', {'reboot': {'type': 'SOFT'}}),
    ('GET', '/metadata', None),
    ('POST', '/metadata', {'metadata': {'a': 'b'}}),
    ('GET', '/os-instance-actions', None),
])
def test_project_a_gets_404_on_project_b_servers(api, server_of_b, method, suffix, body):
    client_a = api.as_user('alice:project-a')
    response = client_a.request(method, f'/v2.1/servers/{server_of_b}{suffix}', body)
    assert response.status == 404
    assert response.body['itemNotFound']['code'] == 404


def test_project_a_does_not_list_project_b_servers(api, server_of_b):
    client_a = api.as_user('alice:project-a')
    assert client_a.get('/v2.1/servers').body['servers'] == []
    assert client_a.get('/v2.1/servers/detail').body['servers'] == []
    client_b = api.as_user('bob:project-b')
    assert [s['id'] for s in client_b.get('/v2.1/servers').body['servers']] == [server_of_b]


def test_admin_sees_other_projects_servers(admin_api, server_of_b):
    assert admin_api.get(f'/v2.1/servers/{server_of_b}').status == 200


@pytest.mark.parametrize('path', ['/v2.1/servers?all_tenants=1',
                                  '/v2.1/servers/detail?all_tenants=True',
                                  '/v2.1/servers?all_tenants'])
def test_non_admin_all_tenants_is_403(api, path):
    response = api.get(path)
    assert response.status == 403
    assert response.body['forbidden']['message'].startswith("Policy doesn't allow")


@pytest.mark.parametrize('method,path,body', [
    ('GET', '/v2.1/os-services', None),
    ('PUT', '/v2.1/os-services/disable', {'host': 'c1', 'binary': 'novum-compute'}),
    ('PUT', '/v2.1/os-services/enable', {'host': 'c1', 'binary': 'novum-compute'}),
    ('GET', '/v2.1/os-hypervisors', None),
    ('GET', '/v2.1/os-hypervisors/detail', None),
    ('GET', '/v2.1/os-hypervisors/statistics', None),
    ('GET', '/v2.1/os-hypervisors/1', None),
    ('POST', '/v2.1/flavors', {'flavor': {'name': 'f', 'ram': 1, 'vcpus': 1, 'disk': 1}}),
    ('DELETE', '/v2.1/flavors/1', None),
    ('PUT', '/v2.1/os-quota-sets/demo', {'quota_set': {'instances': 50}}),
    ('DELETE', '/v2.1/os-quota-sets/demo', None),
    ('GET', '/v2.1/os-availability-zone/detail', None),
    ('GET', '/v2.1/os-quota-sets/other-project', None),
])
def test_non_admin_gets_403_on_admin_apis(api, method, path, body):
    fixtures.register_compute('c1')
    response = api.request(method, path, body)
    assert response.status == 403, response
    assert response.body['forbidden']['code'] == 403


def test_users_do_not_see_each_others_keypairs(api):
    alice = api.as_user('alice:p')
    assert alice.post('/v2.1/os-keypairs', {'keypair': {'name': 'k'}}).status == 200
    bob = api.as_user('bob:p')
    assert bob.get('/v2.1/os-keypairs').body == {'keypairs': []}
    assert bob.get('/v2.1/os-keypairs/k').status == 404
