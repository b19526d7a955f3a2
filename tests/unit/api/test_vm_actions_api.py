"""The pause, suspend, rescue and console output actions as the REST API answers them
(no compute runs here: states are set as a compute would leave them)."""

import pytest

from tests.unit.api import fixtures


@pytest.fixture
def server_id(api, images, scheduler):
    response = api.post('/v2.1/servers', {'server': {
        'name': 'vm1', 'flavorRef': '1', 'imageRef': fixtures.CIRROS_ID}})
    assert response.status == 202, response
    return response.body['server']['id']


def _action(client, server_id: str, body: dict):
    return client.post(f'/v2.1/servers/{server_id}/action', body)


@pytest.mark.parametrize('body, task_state', [
    ({'pause': None}, 'pausing'), ({'suspend': None}, 'suspending'),
    ({'rescue': None}, 'rescuing')])
def test_action_is_accepted_and_sets_its_task_state(api, admin_api, server_id, body,
                                                    task_state):
    fixtures.set_instance_state(server_id, 'active', host='h1')
    response = _action(api, server_id, body)
    assert response.status == (200 if 'rescue' in body else 202), response
    server = admin_api.get(f'/v2.1/servers/{server_id}').body['server']
    assert server['OS-EXT-STS:task_state'] == task_state


def test_rescue_answers_the_password_it_was_given_or_a_generated_one(api, server_id):
    fixtures.set_instance_state(server_id, 'active', host='h1')
    response = _action(api, server_id, {'rescue': {'adminPass': 'MySecretPass'}})
    assert (response.status, response.body) == (200, {'adminPass': 'MySecretPass'})
    fixtures.set_instance_state(server_id, 'active', host='h1')
    generated = _action(api, server_id, {'rescue': {}}).body['adminPass']
    assert len(generated) == 12


def test_rescue_with_an_image_that_does_not_exist_is_400(api, server_id):
    fixtures.set_instance_state(server_id, 'active', host='h1')
    image = '9e6c4a52-0000-4000-8000-000000000000'
    response = _action(api, server_id, {'rescue': {'rescue_image_ref': image}})
    assert response.status == 400
    assert response.body['badRequest']['message'] == \
        f"Requested rescue image '{image}' is not supported"


@pytest.mark.parametrize('body', [{'rescue': {'adminPass': 1}},
                                  {'rescue': {'rescue_image_ref': 'not-a-uuid'}},
                                  {'rescue': {'other': 'x'}},
                                  {'os-getConsoleOutput': {'length': 'ten'}},
                                  {'os-getConsoleOutput': {'length': -2}},
                                  {'os-getConsoleOutput': None}])
def test_malformed_bodies_are_400(api, server_id, body):
    fixtures.set_instance_state(server_id, 'active', host='h1')
    assert _action(api, server_id, body).status == 400


def test_console_output_of_a_server_without_a_host_is_409(api, server_id):
    response = _action(api, server_id, {'os-getConsoleOutput': {'length': 5}})
    assert response.status == 409
    assert response.body['conflictingRequest']['message'] == \
        f'Instance {server_id} is not ready'


def test_unpause_of_an_active_server_is_409_and_of_another_projects_404(api, server_id):
    fixtures.set_instance_state(server_id, 'active', host='h1')
    response = _action(api, server_id, {'unpause': None})
    assert response.status == 409
    assert response.body['conflictingRequest']['message'] == (
        f"Cannot 'unpause' instance {server_id} while it is in vm_state active")
    assert _action(api.as_user('bob:other'), server_id, {'pause': None}).status == 404


def test_create_image_answers_202_with_the_location_of_a_queued_image(api, server_id):
    fixtures.set_instance_state(server_id, 'active', host='h1')
    response = _action(api, server_id, {'createImage': {'name': 'snap',
                                                        'metadata': {'k': 'v'}}})
    assert response.status == 202, response
    location = response.headers['Location']
    assert location.startswith('http://127.0.0.1:8774/image/v2/images/')
    image = api.get('/image/v2/images/' + location.rsplit('/', 1)[1]).body
    assert (image['name'], image['status'], image['visibility'], image['k'],
            image['image_type']) == ('snap', 'queued', 'private', 'v', 'snapshot')
    assert api.as_user('bob:other').get(
        '/image/v2/images/' + location.rsplit('/', 1)[1]).status == 404


def test_create_image_over_the_metadata_quota_is_403(api, server_id):
    fixtures.set_instance_state(server_id, 'active', host='h1')
    metadata = {f'k{n}': 'v' for n in range(200)}
    response = _action(api, server_id, {'createImage': {'name': 's', 'metadata': metadata}})
    assert response.status == 403


def test_rebuild_answers_202_with_the_server_and_its_new_password(api, images, server_id):
    fixtures.CONF.set_override('host_state_refresh_interval', 0, group='scheduler')
    fixtures.register_compute('h1')     # the new image is checked against this host
    fixtures.set_instance_state(server_id, 'active', host='h1')
    response = _action(api.at_version('2.19'), server_id, {'rebuild': {
        'imageRef': fixtures.UBUNTU_ID, 'name': 'again', 'adminPass': 'Rebuilt-pw',
        'metadata': {'m': '1'}, 'description': 'rebuilt', 'preserve_ephemeral': False}})
    assert response.status == 202, response
    server = response.body['server']
    assert (server['id'], server['name'], server['image']['id'], server['adminPass'],
            server['metadata'], server['description'], server['status']) == (
        server_id, 'again', fixtures.UBUNTU_ID, 'Rebuilt-pw', {'m': '1'}, 'rebuilt',
        'REBUILD')
    assert response.headers['Location'] == server['links'][0]['href']


@pytest.mark.parametrize('body, status, message', [
    ({'rebuild': {'imageRef': '9e6c4a52-0000-4000-8000-000000000000'}}, 400,
     'Cannot find image for rebuild'),
    ({'rebuild': {}}, 400, None),
    ({'rebuild': {'imageRef': fixtures.CIRROS_ID, 'description': 'x'}}, 400, None),
])
def test_rebuild_bad_requests(api, server_id, body, status, message):
    fixtures.set_instance_state(server_id, 'active', host='h1')
    response = _action(api, server_id, body)
    assert response.status == status, response
    if message:
        assert response.body['badRequest']['message'] == message
