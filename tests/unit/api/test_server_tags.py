"""/servers/{id}/tags (2.26): Nova's status codes, bodies, limits and list filters."""

import pytest

from tests.unit.api import fixtures


@pytest.fixture
def api26(api):
    return api.at_version('2.26')


@pytest.fixture
def server(api, images, scheduler):
    """An active server of project demo."""
    response = api.post('/v2.1/servers', {'server': {
        'name': 'tagged', 'flavorRef': '1', 'imageRef': fixtures.CIRROS_ID}})
    assert response.status == 202
    server_id = response.body['server']['id']
    fixtures.set_instance_state(server_id, 'active', host='unit-host')
    return server_id


def test_tags_do_not_exist_before_2_26(api, server):
    assert api.at_version('2.25').get(f'/v2.1/servers/{server}/tags').status == 404


def test_put_one_tag_answers_201_with_location_then_204(api26, server):
    response = api26.put(f'/v2.1/servers/{server}/tags/web')
    assert response.status == 201
    assert response.headers['Location'].endswith(f'/servers/{server}/tags/web')
    assert api26.put(f'/v2.1/servers/{server}/tags/web').status == 204
    assert api26.get(f'/v2.1/servers/{server}/tags').body == {'tags': ['web']}
    assert api26.get(f'/v2.1/servers/{server}/tags/web').status == 204
    missing = api26.get(f'/v2.1/servers/{server}/tags/db')
    assert missing.status == 404
    assert f"Server {server} has no tag 'db'" in missing.body['itemNotFound']['message']


def test_put_all_replaces_and_delete_removes(api26, server):
    response = api26.put(f'/v2.1/servers/{server}/tags', {'tags': ['a', 'b', 'c']})
    assert response.status == 200 and response.body == {'tags': ['a', 'b', 'c']}
    assert api26.put(f'/v2.1/servers/{server}/tags', {'tags': ['c', 'd']}).body == {
        'tags': ['c', 'd']}
    assert api26.delete(f'/v2.1/servers/{server}/tags/c').status == 204
    assert api26.delete(f'/v2.1/servers/{server}/tags/c').status == 404
    assert api26.get(f'/v2.1/servers/{server}/tags').body == {'tags': ['d']}
    assert api26.delete(f'/v2.1/servers/{server}/tags').status == 204
    assert api26.get(f'/v2.1/servers/{server}/tags').body == {'tags': []}


def test_server_show_and_detail_carry_tags_from_2_26(api, api26, server):
    api26.put(f'/v2.1/servers/{server}/tags', {'tags': ['x', 'y']})
    assert api26.get(f'/v2.1/servers/{server}').body['server']['tags'] == ['x', 'y']
    assert 'tags' not in api.at_version('2.25').get(f'/v2.1/servers/{server}').body['server']
    assert api26.get('/v2.1/servers/detail').body['servers'][0]['tags'] == ['x', 'y']


@pytest.mark.parametrize('tag', ['a,b', 'x' * 61])
def test_an_invalid_tag_is_400(api26, server, tag):
    response = api26.put(f'/v2.1/servers/{server}/tags/{tag}')
    assert response.status == 400
    assert 'is invalid' in response.body['badRequest']['message']


@pytest.mark.parametrize('body', [{'tags': ['a/b']}, {'tags': ['']}, {'tags': 'a'},
                                  {'tags': [str(i) for i in range(51)]}, {}])
def test_an_invalid_put_all_body_is_400(api26, server, body):
    assert api26.put(f'/v2.1/servers/{server}/tags', body).status == 400


def test_the_fifty_first_tag_is_400(api26, server):
    api26.put(f'/v2.1/servers/{server}/tags', {'tags': [f't{i}' for i in range(50)]})
    response = api26.put(f'/v2.1/servers/{server}/tags/one-more')
    assert response.status == 400
    assert 'per-server limit 50' in response.body['badRequest']['message']


def test_tags_of_a_building_server_answer_409(api26, images, scheduler):
    response = api26.post('/v2.1/servers', {'server': {
        'name': 'b', 'flavorRef': '1', 'imageRef': fixtures.CIRROS_ID}})
    server_id = response.body['server']['id']
    fixtures.set_instance_state(server_id, 'building', task_state='spawning')
    for method, path in (('PUT', '/tags/a'), ('DELETE', '/tags/a'), ('DELETE', '/tags')):
        response = api26.request(method, f'/v2.1/servers/{server_id}{path}')
        assert response.status == 409, (method, path, response)
        assert "Cannot '" in response.body['conflictingRequest']['message']
    assert api26.put(f'/v2.1/servers/{server_id}/tags', {'tags': ['a']}).status == 409
    assert api26.get(f'/v2.1/servers/{server_id}/tags').status == 200


def test_a_locked_server_still_takes_tags_as_in_nova(api26, server):
    api26.post(f'/v2.1/servers/{server}/action', {'lock': None})
    assert api26.put(f'/v2.1/servers/{server}/tags/a').status == 201


def test_another_projects_server_tags_are_404(api26, server):
    other = api26.as_user('eve:project-e')
    assert other.get(f'/v2.1/servers/{server}/tags').status == 404
    assert other.put(f'/v2.1/servers/{server}/tags/a').status == 404


def _servers(client, query: str) -> set:
    return {server['name'] for server in client.get(f'/v2.1/servers?{query}').body['servers']}


def test_list_filters_tags_any_not_tags_and_not_tags_any(api26, images, scheduler):
    tags = {'s1': ['a', 'b'], 's2': ['a'], 's3': ['c'], 's4': []}
    for name, server_tags in tags.items():
        response = api26.post('/v2.1/servers', {'server': {
            'name': name, 'flavorRef': '1', 'imageRef': fixtures.CIRROS_ID}})
        server_id = response.body['server']['id']
        fixtures.set_instance_state(server_id, 'active', host='unit-host')
        api26.put(f'/v2.1/servers/{server_id}/tags', {'tags': server_tags})
    assert _servers(api26, 'tags=a,b') == {'s1'}
    assert _servers(api26, 'tags=a') == {'s1', 's2'}
    assert _servers(api26, 'tags-any=b,c') == {'s1', 's3'}
    assert _servers(api26, 'not-tags=a,b') == {'s2', 's3', 's4'}
    assert _servers(api26, 'not-tags-any=a,c') == {'s4'}
    assert _servers(api26, 'tags=a&not-tags-any=b') == {'s2'}
    # Before 2.26 the filters are ignored, as unknown options are.
    assert _servers(api26.at_version('2.25'), 'tags=a,b') == {'s1', 's2', 's3', 's4'}
