"""Behaviours Tempest's compute API tests check, each as Nova 34 answers them."""

import pytest

from tests.unit.api import fixtures

# The keys of PUT /servers/{id}'s body before 2.75 (Nova's update_response schema).
UPDATE_KEYS = {'id', 'name', 'status', 'tenant_id', 'user_id', 'metadata', 'hostId', 'image',
               'flavor', 'created', 'updated', 'addresses', 'accessIPv4', 'accessIPv6',
               'links', 'OS-DCF:diskConfig', 'progress', 'fault'}


@pytest.fixture
def server_id(api, images, scheduler):
    response = api.post('/v2.1/servers', {'server': {
        'name': 'vm1', 'flavorRef': '1', 'imageRef': fixtures.CIRROS_ID}})
    assert response.status == 202, response
    return response.body['server']['id']


@pytest.mark.parametrize('client_name', ['api', 'admin_api'])
def test_update_answers_the_short_server_body(request, server_id, client_name):
    client = request.getfixturevalue(client_name)
    response = client.put(f'/v2.1/servers/{server_id}', {'server': {'name': 'renamed'}})
    assert response.status == 200
    server = response.body['server']
    assert server['name'] == 'renamed'
    assert set(server) <= UPDATE_KEYS, set(server) - UPDATE_KEYS
    # 2.9 and 2.19 add locked and description, as to GET.
    server = client.at_version('2.19').put(f'/v2.1/servers/{server_id}', {
        'server': {'name': 'again'}}).body['server']
    assert set(server) - UPDATE_KEYS == {'locked', 'description'}


def _action(client, server_id: str, body: dict):
    return client.post(f'/v2.1/servers/{server_id}/action', body)


def test_lock_refuses_the_owners_changes_with_409_until_unlock(api, admin_api, server_id):
    fixtures.set_instance_state(server_id, 'active', host='h1')
    assert _action(api, server_id, {'lock': None}).status == 202
    assert api.at_version('2.9').get(f'/v2.1/servers/{server_id}').body['server']['locked']
    for response in (_action(api, server_id, {'os-stop': None}),
                     _action(api, server_id, {'reboot': {'type': 'SOFT'}}),
                     api.post(f'/v2.1/servers/{server_id}/metadata',
                              {'metadata': {'k': 'v'}}),
                     api.delete(f'/v2.1/servers/{server_id}')):
        assert response.status == 409, response
        assert response.body['conflictingRequest']['message'] == \
            f'Instance {server_id} is locked'
    # Renaming is not guarded by the lock, in Nova either.
    assert api.put(f'/v2.1/servers/{server_id}', {'server': {'name': 'x'}}).status == 200
    # An administrator is not stopped by it.
    assert admin_api.post(f'/v2.1/servers/{server_id}/metadata',
                          {'metadata': {'k': 'v'}}).status == 200
    assert _action(api, server_id, {'unlock': None}).status == 202
    assert _action(api, server_id, {'os-stop': None}).status == 202
    actions = [a['action'] for a in api.get(
        f'/v2.1/servers/{server_id}/os-instance-actions').body['instanceActions']]
    assert {'lock', 'unlock', 'stop'} <= set(actions)


def test_lock_of_another_projects_server_is_404(api, server_id):
    other = api.as_user('bob:other')
    assert _action(other, server_id, {'lock': None}).status == 404


def test_restore_of_a_server_that_is_not_soft_deleted_is_409(api, server_id):
    fixtures.set_instance_state(server_id, 'active', host='h1')
    response = _action(api, server_id, {'restore': {}})
    assert response.status == 409
    assert response.body['conflictingRequest']['message'] == (
        f"Cannot 'restore' instance {server_id} while it is in vm_state active")


def test_force_delete_deletes_the_server(api, server_id):
    assert _action(api, server_id, {'forceDelete': {}}).status == 202
    assert api.get(f'/v2.1/servers/{server_id}').status == 404


def test_inject_network_info_is_for_administrators(api, admin_api, server_id):
    fixtures.set_instance_state(server_id, 'active', host='h1')
    assert _action(api, server_id, {'injectNetworkInfo': None}).status == 403
    assert _action(admin_api, server_id, {'injectNetworkInfo': None}).status == 202


def test_ips_of_a_server_without_networks(api, server_id):
    assert api.get(f'/v2.1/servers/{server_id}/ips').body == {'addresses': {}}
    response = api.get(f'/v2.1/servers/{server_id}/ips/private')
    assert response.status == 404
    assert response.body['itemNotFound']['message'] == \
        'Instance is not a member of specified network'
    assert api.as_user('bob:other').get(f'/v2.1/servers/{server_id}/ips').status == 404


def test_server_password_is_empty_and_clear_is_204(api, server_id):
    path = f'/v2.1/servers/{server_id}/os-server-password'
    assert api.get(path).body == {'password': ''}
    assert api.delete(path).status == 204
    assert api.as_user('bob:other').get(path).status == 404


def test_actions_of_a_deleted_server_are_listed_from_2_21(api, server_id):
    assert api.delete(f'/v2.1/servers/{server_id}').status == 204
    path = f'/v2.1/servers/{server_id}/os-instance-actions'
    assert api.get(path).status == 404
    actions = api.at_version('2.21').get(path).body['instanceActions']
    assert {'create', 'delete'} <= {action['action'] for action in actions}
    create = next(action for action in actions if action['action'] == 'create')
    shown = api.at_version('2.21').get(f"{path}/{create['request_id']}")
    assert shown.status == 200 and shown.body['instanceAction']['action'] == 'create'


def test_default_quota_class_shows_the_defaults_to_administrators(api, admin_api):
    response = admin_api.get('/v2.1/os-quota-class-sets/default')
    assert response.status == 200
    quota_class_set = response.body['quota_class_set']
    assert quota_class_set['id'] == 'default'
    assert (quota_class_set['instances'], quota_class_set['cores']) == (10, 20)
    # Not before 2.50, as in Nova.
    assert 'server_groups' not in quota_class_set
    assert quota_class_set['floating_ips'] == 10
    assert api.get('/v2.1/os-quota-class-sets/default').status == 403


def test_a_private_flavor_is_not_found_by_non_admins(api, admin_api):
    admin_api.post('/v2.1/flavors', {'flavor': {
        'name': 'private', 'ram': 64, 'vcpus': 1, 'disk': 0, 'id': 'p1',
        'os-flavor-access:is_public': False}})
    assert admin_api.get('/v2.1/flavors/p1').status == 200
    response = api.get('/v2.1/flavors/p1')
    assert response.status == 404
    assert response.body['itemNotFound']['message'] == 'Flavor p1 could not be found.'


def test_personality_over_nova_limits_is_403(api, images, scheduler):
    def boot(personality):
        return api.post('/v2.1/servers', {'server': {
            'name': 'vm', 'flavorRef': '1', 'imageRef': fixtures.CIRROS_ID,
            'personality': personality}})

    files = [{'path': f'/etc/f{i}', 'contents': 'YQ=='} for i in range(6)]
    response = boot(files)
    assert response.status == 403
    assert response.body['forbidden']['message'] == 'Personality file limit exceeded'
    assert boot([{'path': '/' + 'p' * 255, 'contents': 'YQ=='}]).status == 403
    assert boot([{'path': '/etc/big', 'contents': 'YWFh' * 2561}]).status == 403
    assert boot(files[:5]).status == 202


def test_migrations_list_is_empty_and_for_administrators(api, admin_api):
    assert admin_api.get('/v2.1/os-migrations').body == {'migrations': []}
    assert api.get('/v2.1/os-migrations').status == 403
