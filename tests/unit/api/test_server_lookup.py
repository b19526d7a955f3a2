"""Every route below /servers/{server_id} looks the server up and authorizes its rule on
the server itself (servers.get_authorized_instance): 404 for another project's server,
and a rule is checked against the server's project and user."""

import pytest
from oslo_policy import policy as oslo_policy

from novum.api import handler, policies, policy
from tests.unit.api import fixtures

# A body each route accepts, so the request reaches the lookup.
BODIES = {
    ('/servers/{server_id}', 'GET'): None,
    ('/servers/{server_id}', 'PUT'): {'server': {'name': 'mine'}},
    ('/servers/{server_id}', 'DELETE'): None,
    ('/servers/{server_id}/action', 'POST'): {'os-stop': None},
    ('/servers/{server_id}/metadata', 'GET'): None,
    ('/servers/{server_id}/metadata', 'POST'): {'metadata': {'a': 'b'}},
    ('/servers/{server_id}/metadata', 'PUT'): {'metadata': {'a': 'b'}},
    ('/servers/{server_id}/metadata/{key}', 'GET'): None,
    ('/servers/{server_id}/metadata/{key}', 'PUT'): {'meta': {'a': 'b'}},
    ('/servers/{server_id}/metadata/{key}', 'DELETE'): None,
    ('/servers/{server_id}/ips', 'GET'): None,
    ('/servers/{server_id}/ips/{network_label}', 'GET'): None,
    ('/servers/{server_id}/os-server-password', 'GET'): None,
    ('/servers/{server_id}/os-server-password', 'DELETE'): None,
    ('/servers/{server_id}/os-instance-actions', 'GET'): None,
    ('/servers/{server_id}/os-instance-actions/{request_id}', 'GET'): None,
    ('/servers/{server_id}/tags', 'GET'): None,
    ('/servers/{server_id}/tags', 'PUT'): {'tags': ['a']},
    ('/servers/{server_id}/tags', 'DELETE'): None,
    ('/servers/{server_id}/tags/{tag}', 'GET'): None,
    ('/servers/{server_id}/tags/{tag}', 'PUT'): None,
    ('/servers/{server_id}/tags/{tag}', 'DELETE'): None,
    ('/servers/{server_id}/migrations', 'GET'): None,
    ('/servers/{server_id}/migrations/{migration_id}', 'GET'): None,
}
SERVER_ROUTES = sorted((path, method) for path, methods in handler.ROUTE_DECLARATIONS.items()
                       if path.startswith('/servers/{server_id}') for method in methods)


@pytest.fixture
def server_of_b(api, images, scheduler):
    response = api.as_user('bob:project-b').post('/v2.1/servers', {'server': {
        'name': 'b-server', 'flavorRef': '1', 'imageRef': fixtures.CIRROS_ID}})
    assert response.status == 202
    return response.body['server']['id']


def test_every_server_route_has_a_body_here():
    assert SERVER_ROUTES == sorted(BODIES)


@pytest.mark.parametrize('path,method', SERVER_ROUTES)
def test_another_projects_server_is_404_on_every_server_route(api, server_of_b, path,
                                                              method):
    url = '/v2.1' + path.format(server_id=server_of_b, key='a', network_label='private',
                                request_id='req-0', tag='a', migration_id='1')
    response = api.as_user('alice:project-a').request(method, url, BODIES[path, method])
    assert response.status == 404, response


def test_a_rule_on_user_id_is_checked_against_the_servers_user(api, server_of_b):
    policy.get_enforcer().set_rules(oslo_policy.Rules.from_dict(
        {policies.ips.INDEX: 'user_id:%(user_id)s'}), overwrite=False, use_conf=False)
    path = f'/v2.1/servers/{server_of_b}/ips'
    assert api.as_user('bob:project-b').get(path).status == 200
    assert api.as_user('carol:project-b').get(path).status == 403
    assert api.as_user('carol:project-b').get(f'/v2.1/servers/{server_of_b}').status == 200


def test_another_projects_server_id_as_marker_answers_as_an_unknown_id(api, server_of_b):
    alice = api.as_user('alice:project-a')
    unknown = alice.get('/v2.1/servers?marker=00000000-0000-4000-8000-000000000000')
    foreign = alice.get(f'/v2.1/servers?marker={server_of_b}')
    assert unknown.status == foreign.status == 400
    assert foreign.body == {'badRequest': {
        'code': 400, 'message': f'marker [{server_of_b}] not found'}}
    assert alice.get(f'/v2.1/servers/detail?marker={server_of_b}').status == 400
    # The owner and an administrator listing every project may page from it.
    assert api.as_user('bob:project-b').get(f'/v2.1/servers?marker={server_of_b}').status == 200
    assert api.as_user('admin:admin').get(
        f'/v2.1/servers?all_tenants=1&marker={server_of_b}').status == 200


def test_the_404_for_another_projects_server_is_novas_body(api, server_of_b):
    response = api.as_user('alice:project-a').get(f'/v2.1/servers/{server_of_b}')
    assert response.body == {'itemNotFound': {
        'code': 404, 'message': f'Instance {server_of_b} could not be found.'}}
