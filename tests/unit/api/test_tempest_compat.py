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
