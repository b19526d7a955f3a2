"""/flavors/{flavor_id}/os-extra_specs: Nova's status codes, bodies, validation and policy."""

import pytest


def test_admin_sets_shows_updates_and_deletes_extra_specs(admin_api, api):
    base = '/v2.1/flavors/1/os-extra_specs'
    assert api.get(base).body == {'extra_specs': {}}
    response = admin_api.post(base, {'extra_specs': {'hw:cpu_policy': 'shared', 'n': 2}})
    # Nova answers 200 with the body as sent (numbers stay numbers there) ...
    assert response.status == 200
    assert response.body == {'extra_specs': {'hw:cpu_policy': 'shared', 'n': 2}}
    # ... and stores and shows strings.
    assert api.get(base).body == {'extra_specs': {'hw:cpu_policy': 'shared', 'n': '2'}}
    assert api.get(f'{base}/n').body == {'n': '2'}
    # POST merges; PUT of one key changes only that key.
    admin_api.post(base, {'extra_specs': {'x': 'y'}})
    response = admin_api.put(f'{base}/n', {'n': '3'})
    assert response.status == 200 and response.body == {'n': '3'}
    assert api.get(base).body['extra_specs'] == {'hw:cpu_policy': 'shared', 'n': '3', 'x': 'y'}
    response = admin_api.delete(f'{base}/x')
    assert response.status == 200 and response.text == ''
    assert api.get(f'{base}/x').status == 404
    assert sorted(api.get(base).body['extra_specs']) == ['hw:cpu_policy', 'n']


def test_missing_key_and_flavor_are_404(admin_api, api):
    response = api.get('/v2.1/flavors/1/os-extra_specs/nope')
    assert response.status == 404
    assert response.body['itemNotFound']['message'] == \
        'Flavor 1 has no extra specs with key nope.'
    assert admin_api.delete('/v2.1/flavors/1/os-extra_specs/nope').status == 404
    response = api.get('/v2.1/flavors/nope/os-extra_specs')
    assert response.status == 404
    assert response.body['itemNotFound']['message'] == 'Flavor nope could not be found.'
    assert admin_api.post('/v2.1/flavors/nope/os-extra_specs',
                          {'extra_specs': {'a': 'b'}}).status == 404


def test_writes_are_for_admins(api):
    assert api.post('/v2.1/flavors/1/os-extra_specs',
                    {'extra_specs': {'a': 'b'}}).status == 403
    assert api.put('/v2.1/flavors/1/os-extra_specs/a', {'a': 'b'}).status == 403
    assert api.delete('/v2.1/flavors/1/os-extra_specs/a').status == 403


def test_private_flavor_specs_are_hidden_from_non_admins(admin_api, api):
    admin_api.post('/v2.1/flavors', {'flavor': {
        'name': 'private', 'ram': 64, 'vcpus': 1, 'disk': 0, 'id': 'p1',
        'os-flavor-access:is_public': False}})
    admin_api.post('/v2.1/flavors/p1/os-extra_specs', {'extra_specs': {'a': 'b'}})
    assert admin_api.get('/v2.1/flavors/p1/os-extra_specs/a').body == {'a': 'b'}
    assert api.get('/v2.1/flavors/p1/os-extra_specs').status == 404


@pytest.mark.parametrize('body', [
    None,
    {},
    {'extra_specs': 'a'},
    {'extra_specs': {'bad/key': 'v'}},
    {'extra_specs': {'': 'v'}},
    {'extra_specs': {'k' * 256: 'v'}},
    {'extra_specs': {'k': 'v' * 256}},
    {'extra_specs': {'k': None}},
    {'extra_specs': {'k': True}},
    {'extra_specs': {'k': int('9' * 256)}},     # a number whose string is too long
    {'extra_specs': {'k': 'v'}, 'other': 1},
])
def test_create_validation_is_400(admin_api, body):
    response = admin_api.post('/v2.1/flavors/1/os-extra_specs', body)
    assert response.status == 400, response
    assert admin_api.get('/v2.1/flavors/1/os-extra_specs').body == {'extra_specs': {}}


@pytest.mark.parametrize('body,message', [
    ({'b': 'v'}, 'Request body and URI mismatch'),
    ({'a': 'v', 'b': 'v'}, None),
    ({}, None),
])
def test_update_needs_exactly_the_key_of_the_url(admin_api, body, message):
    response = admin_api.put('/v2.1/flavors/1/os-extra_specs/a', body)
    assert response.status == 400
    if message:
        assert response.body['badRequest']['message'] == message


def test_flavor_extra_specs_reach_the_flavor_object(admin_api):
    from novum import context, objects
    admin_api.post('/v2.1/flavors/2/os-extra_specs', {'extra_specs': {'quota:a': '1'}})
    flavor = objects.Flavor.get_by_flavor_id(context.get_admin_context(), '2')
    assert flavor.extra_specs == {'quota:a': '1'}
