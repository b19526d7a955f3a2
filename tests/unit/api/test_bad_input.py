"""Bad input gets the right 4xx and Nova's error body, never a 5xx."""

import pytest

from tests.unit.api import fixtures

SERVER = {'name': 'vm', 'flavorRef': '1', 'imageRef': fixtures.CIRROS_ID}


def _server(**changes) -> dict:
    server = dict(SERVER, **changes)
    return {'server': {key: value for key, value in server.items() if value is not None}}


def _bad_request(response) -> str:
    assert response.status == 400, response
    assert set(response.body) == {'badRequest'}
    assert response.body['badRequest']['code'] == 400
    return response.body['badRequest']['message']


@pytest.mark.parametrize('raw', [b'{', b'{"server": ', b'not json', b'\xff\xfe', b'[1,'])
def test_malformed_json_is_400(api, raw):
    message = _bad_request(api.request('POST', '/v2.1/servers', raw_body=raw))
    assert message == 'Malformed request body'


def test_malformed_json_in_action_is_400(api):
    response = api.request('POST', '/v2.1/servers/8a5b4dd1-3a5b-4a4c-9d8a-3d1c0e8d5d2a/action',
                           raw_body=b'{"reboot": ')
    assert _bad_request(response) == 'Malformed request body'


def test_missing_body_is_400(api):
    assert _bad_request(api.post('/v2.1/servers')) == "None is not of type 'object'"


@pytest.mark.parametrize('changes,field', [
    ({'name': 12}, 'name'),
    ({'name': ['a']}, 'name'),
    ({'flavorRef': None, 'name': 'x'}, None),
    ({'metadata': 'x'}, 'metadata'),
    ({'metadata': {'k': 1}}, 'k'),
    ({'min_count': 'two'}, 'min_count'),
    ({'max_count': 1.5}, 'max_count'),
    ({'key_name': 5}, 'key_name'),
    ({'availability_zone': 7}, 'availability_zone'),
])
def test_wrong_types_name_the_field(api, images, changes, field):
    message = _bad_request(api.post('/v2.1/servers', _server(**changes)))
    if field is None:   # Nova names the object that misses a required property
        assert message.startswith('Invalid input for field/attribute server.')
        assert message.endswith("'flavorRef' is a required property")
    else:
        assert message.startswith(f'Invalid input for field/attribute {field}.')


def test_unknown_property_is_400(api, images):
    message = _bad_request(api.post('/v2.1/servers', _server(color='blue')))
    assert "Additional properties are not allowed ('color' was unexpected)" in message


def test_unknown_flavor_is_400(api, images):
    message = _bad_request(api.post('/v2.1/servers', _server(flavorRef='999')))
    assert message == 'Invalid flavorRef provided.'


def test_unknown_image_is_400(api, images):
    response = api.post('/v2.1/servers',
                        _server(imageRef='8a5b4dd1-3a5b-4a4c-9d8a-3d1c0e8d5d2a'))
    assert _bad_request(response) == 'Can not find requested image'


@pytest.mark.parametrize('image_ref', ['cirros', '-1', 'abc-123'])
def test_malformed_image_ref_is_400(api, images, image_ref):
    message = _bad_request(api.post('/v2.1/servers', _server(imageRef=image_ref)))
    assert message.startswith('Invalid input for field/attribute imageRef.')


def test_unknown_key_name_is_400(api, images):
    message = _bad_request(api.post('/v2.1/servers', _server(key_name='nokey')))
    assert message == 'Invalid key_name provided.'


def test_name_over_255_characters_is_400(api, images):
    message = _bad_request(api.post('/v2.1/servers', _server(name='a' * 256)))
    assert message.startswith('Invalid input for field/attribute name.')
    assert 'is too long' in message


@pytest.mark.parametrize('name', ['', '   '])
def test_blank_name_is_400(api, images, name):
    message = _bad_request(api.post('/v2.1/servers', _server(name=name)))
    assert message.startswith('Invalid input for field/attribute name.')


@pytest.mark.parametrize('changes', [{'min_count': -1}, {'max_count': 0}, {'min_count': '-3'},
                                     {'min_count': 0}])
def test_negative_or_zero_counts_are_400(api, images, changes):
    message = _bad_request(api.post('/v2.1/servers', _server(**changes)))
    assert message.startswith('Invalid input for field/attribute')


def test_inverted_counts_are_400(api, images):
    message = _bad_request(api.post('/v2.1/servers', _server(min_count=3, max_count=2)))
    assert message == 'min_count must be <= max_count'


def test_metadata_key_too_long_is_400(api, images):
    message = _bad_request(api.post('/v2.1/servers', _server(metadata={'k' * 256: 'v'})))
    assert message.startswith('Invalid input for field/attribute metadata.')


def test_unknown_action_is_400(api, images, scheduler):
    server_id = api.post('/v2.1/servers', _server()).body['server']['id']
    message = _bad_request(api.post(f'/v2.1/servers/{server_id}/action', {'fly': {}}))
    assert message == 'There is no such action: fly'


def test_bad_reboot_type_is_400(api, images, scheduler):
    server_id = api.post('/v2.1/servers', _server()).body['server']['id']
    message = _bad_request(api.post(f'/v2.1/servers/{server_id}/action',
                                    {'reboot': {'type': 'GENTLE'}}))
    assert message.startswith('Invalid input for field/attribute type.')


def test_action_on_unknown_server_is_404(api):
    response = api.post('/v2.1/servers/8a5b4dd1-3a5b-4a4c-9d8a-3d1c0e8d5d2a/action',
                        {'os-stop': None})
    assert response.status == 404
    assert response.body['itemNotFound']['message'] == \
        'Instance 8a5b4dd1-3a5b-4a4c-9d8a-3d1c0e8d5d2a could not be found.'


@pytest.mark.parametrize('server_id', ['nope', '1', '8a5b4dd1-3a5b-4a4c-9d8a-3d1c0e8d5d2a'])
def test_unknown_server_is_404(api, server_id):
    response = api.get(f'/v2.1/servers/{server_id}')
    assert response.status == 404
    assert set(response.body) == {'itemNotFound'}


def test_unsupported_microversion_is_406(api, images):
    response = api.at_version('2.90').post('/v2.1/servers', _server())
    assert response.status == 406
    assert response.body['computeFault']['code'] == 406


@pytest.mark.parametrize('query', ['limit=abc', 'limit=-1', 'marker=nope',
                                   'sort_key=no_such_column', 'all_tenants=maybe'])
def test_bad_list_parameters_are_400(admin_api, query):
    _bad_request(admin_api.get(f'/v2.1/servers?{query}'))


def test_unknown_flavor_is_404(api):
    response = api.get('/v2.1/flavors/999')
    assert response.status == 404
    assert response.body == {'itemNotFound': {'code': 404,
                                              'message': 'Flavor 999 could not be found.'}}


def test_keypair_bad_name_and_bad_public_key(api):
    message = _bad_request(api.post('/v2.1/os-keypairs', {'keypair': {'name': 'a/b'}}))
    assert message.startswith('Invalid input for field/attribute name.')
    message = _bad_request(api.post('/v2.1/os-keypairs', {
        'keypair': {'name': 'k', 'public_key': 'ssh-rsa not-a-key'}}))
    assert message.startswith('Keypair data is invalid')


def test_flavor_create_bad_values(admin_api):
    message = _bad_request(admin_api.post('/v2.1/flavors', {
        'flavor': {'name': 'f', 'ram': -1, 'vcpus': 1, 'disk': 1}}))
    assert message.startswith('Invalid input for field/attribute ram.')


def test_quota_update_bad_value(admin_api):
    message = _bad_request(admin_api.put('/v2.1/os-quota-sets/demo',
                                         {'quota_set': {'instances': 'many'}}))
    assert message.startswith('Invalid input for field/attribute instances.')


def test_known_nova_action_novum_lacks_is_404_then_400(api, images, scheduler):
    missing = api.post('/v2.1/servers/8a5b4dd1-3a5b-4a4c-9d8a-3d1c0e8d5d2a/action',
                       {'shelve': None})
    assert missing.status == 404
    server_id = api.post('/v2.1/servers', _server()).body['server']['id']
    message = _bad_request(api.post(f'/v2.1/servers/{server_id}/action',
                                    {'shelve': None}))
    assert message == 'Action shelve is not supported by Novum.'


def test_unknown_security_group_is_400(api, images):
    message = _bad_request(api.post('/v2.1/servers',
                                    _server(security_groups=[{'name': 'web'}])))
    assert message == 'Security group web not found.'


def test_personality_not_base64_is_400(api, images):
    message = _bad_request(api.post('/v2.1/servers', _server(
        personality=[{'path': '/etc/motd', 'contents': 'not base64!'}])))
    assert message.startswith('Invalid input for field/attribute contents.')
