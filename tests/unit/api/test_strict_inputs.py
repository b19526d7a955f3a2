"""Strict inputs: whatever a column cannot hold is a 400 with Nova's body at the API,
never a DB error (issue 11, item 5). SQLite stores nearly anything, so these tests
check the API's refusal itself; tests/functional/test_fuzz_backends.py runs the same
requests against MariaDB and PostgreSQL."""

import json

import pytest

from novum import conf, context, objects
from tests.unit.api import fixtures

CONF = conf.CONF
SERVER = {'name': 'vm', 'flavorRef': '1', 'imageRef': fixtures.CIRROS_ID}
TEMPEST_IPV6 = '0000:0000:0000:0000:0000:babe:220.12.22.2'


def _server(**changes) -> dict:
    return {'server': dict(SERVER, **changes)}


def _bad_request(response) -> str:
    assert response.status == 400, response
    assert set(response.body) == {'badRequest'}
    assert response.body['badRequest']['code'] == 400
    return response.body['badRequest']['message']


def _stored(server_id: str):
    return objects.Instance.get_by_uuid(context.get_admin_context(), server_id)


# Access IPs ----------------------------------------------------------------------------

def test_tempest_ipv6_is_accepted_and_stored_compressed_as_nova_does(api, images, scheduler):
    response = api.post('/v2.1/servers', _server(accessIPv6=TEMPEST_IPV6,
                                                 accessIPv4='192.168.0.10'))
    assert response.status == 202, response
    instance = _stored(response.body['server']['id'])
    assert instance.access_ip_v6 == '::babe:dc0c:1602'
    assert instance.access_ip_v4 == '192.168.0.10'
    shown = api.get(f"/v2.1/servers/{instance.uuid}").body['server']
    assert shown['accessIPv6'] == '::babe:dc0c:1602'


def test_ipv6_update_is_normalised_too(api, images, scheduler):
    server_id = api.post('/v2.1/servers', _server()).body['server']['id']
    response = api.put(f'/v2.1/servers/{server_id}',
                       {'server': {'accessIPv6': '2001:0DB8:0000:0000:0000:0000:0000:0001'}})
    assert response.status == 200, response
    assert response.body['server']['accessIPv6'] == '2001:db8::1'
    assert _stored(server_id).access_ip_v6 == '2001:db8::1'


@pytest.mark.parametrize('field,value', [
    ('accessIPv6', 'fe80::1%' + 'e' * 40),      # a scope id: longer than the column
    ('accessIPv6', '1.2.3.4'),
    ('accessIPv6', '::g'),
    ('accessIPv4', '1.2.3.4.5'),
    ('accessIPv4', '01.2.3.4'),
    ('accessIPv4', '::1'),
])
def test_invalid_access_ip_is_400(api, images, field, value):
    message = _bad_request(api.post('/v2.1/servers', _server(**{field: value})))
    assert field in message


# Integers: the range of an Integer column, also as strings --------------------------

FLAVOR = {'name': 'big', 'ram': 512, 'vcpus': 1, 'disk': 1}


@pytest.mark.parametrize('field', ['ram', 'vcpus', 'disk', 'OS-FLV-EXT-DATA:ephemeral',
                                   'swap'])
@pytest.mark.parametrize('value', [2 ** 31, '2147483648', 10 ** 30, '9' * 40])
def test_flavor_integer_beyond_int32_is_400(admin_api, field, value):
    message = _bad_request(admin_api.post('/v2.1/flavors',
                                          {'flavor': dict(FLAVOR, **{field: value})}))
    assert 'greater than the maximum of 2147483647' in message


def test_flavor_integer_at_int32_max_is_accepted(admin_api):
    response = admin_api.post('/v2.1/flavors', {'flavor': dict(FLAVOR, ram='2147483647')})
    assert response.status == 200, response
    assert response.body['flavor']['ram'] == 2147483647


def test_flavor_rxtx_factor_string_beyond_float_is_400(admin_api):
    _bad_request(admin_api.post('/v2.1/flavors',
                                {'flavor': dict(FLAVOR, rxtx_factor='9' * 400)}))


@pytest.mark.parametrize('value', [2 ** 31, '2147483648', '-2', -2, '99999999999999999999'])
def test_quota_beyond_int32_or_below_minus_one_is_400(admin_api, value):
    message = _bad_request(admin_api.put('/v2.1/os-quota-sets/demo',
                                         {'quota_set': {'instances': value}}))
    assert 'instances' in message


def test_quota_project_id_longer_than_the_column_is_400(admin_api):
    message = _bad_request(admin_api.put('/v2.1/os-quota-sets/' + 'p' * 256,
                                         {'quota_set': {'instances': 5}}))
    assert '255' in message


@pytest.mark.parametrize('field', ['min_count', 'max_count'])
@pytest.mark.parametrize('value', [2 ** 31, '2147483648', 10 ** 30])
def test_count_beyond_int32_is_400(api, images, field, value):
    assert field in _bad_request(api.post('/v2.1/servers', _server(**{field: value})))


def test_max_count_is_cut_to_max_servers_per_request_with_unlimited_quota(
        admin_api, api, images, scheduler):
    CONF.set_override('max_servers_per_request', 3, group='api')
    assert admin_api.put('/v2.1/os-quota-sets/demo', {'quota_set': {
        'instances': -1, 'cores': -1, 'ram': -1}}).status == 200
    response = api.post('/v2.1/servers', _server(max_count=2 ** 31 - 1,
                                                 return_reservation_id=True))
    assert response.status == 202, response
    listed = api.get('/v2.1/servers?reservation_id=' + response.body['reservation_id'])
    assert len(listed.body['servers']) == 3


def test_min_count_above_max_servers_per_request_is_403(api, images):
    CONF.set_override('max_servers_per_request', 3, group='api')
    response = api.post('/v2.1/servers', _server(min_count=4, max_count=4))
    assert response.status == 403, response
    assert response.body['forbidden']['code'] == 403


# Strings: lengths, invalid Unicode, NUL ---------------------------------------------

def test_lone_surrogate_in_a_body_is_400(api, images):
    for server in (_server(name='vm\ud83d'), _server(metadata={'k': '\ud83d'}),
                   _server(key_name='\ud83d'), _server(description='\udc00')):
        raw = json.dumps(server).encode()        # JSON escapes it: "\ud83d"
        assert 'lone surrogate' in _bad_request(
            api.at_version('2.19').request('POST', '/v2.1/servers', raw_body=raw))


def test_lone_surrogate_as_key_or_utf8_encoded_is_400(api):
    _bad_request(api.request('POST', '/v2.1/os-keypairs',
                             raw_body=b'{"keypair": {"\\udbff": 1}}'))
    # CESU-style UTF-8 of a surrogate is not UTF-8: refused as a malformed body.
    _bad_request(api.request('POST', '/v2.1/os-keypairs',
                             raw_body=b'{"keypair": {"name": "\xed\xa0\xbd"}}'))


def test_nul_in_a_body_is_400(api, images):
    assert 'NUL' in _bad_request(api.post('/v2.1/servers', _server(metadata={'k': 'a\x00b'})))


@pytest.mark.parametrize('url', ['/v2.1/os-keypairs/%ED%A0%BD', '/v2.1/os-keypairs/%FF',
                                 '/v2.1/servers?name=%ED%A0%BD', '/v2.1/servers?name=a%00',
                                 '/v2.1/os-keypairs/a%00b', '/v2.1/flavors?marker=%FF'])
def test_invalid_text_in_the_url_is_400(api, url):
    _bad_request(api.get(url))


def test_emoji_is_stored(api, images, scheduler):
    response = api.at_version('2.19').post('/v2.1/servers', _server(
        name='vm 🚀', description='🐍 snake', metadata={'k': '🙂'}))
    assert response.status == 202, response
    instance = _stored(response.body['server']['id'])
    assert (instance.display_name, instance.display_description, instance.metadata) == (
        'vm 🚀', '🐍 snake', {'k': '🙂'})


@pytest.mark.parametrize('body', [
    {'keypair': {'name': 'k', 'user_id': 'u' * 256}},
    {'keypair': {'name': 'k' * 256}},
])
def test_keypair_strings_longer_than_their_columns_are_400(admin_api, body):
    _bad_request(admin_api.at_version('2.10').post('/v2.1/os-keypairs', body))


def test_keypair_public_key_longer_than_a_text_column_is_400(api):
    key = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ ' + 'c' * 70000
    assert 'public_key' in _bad_request(api.post('/v2.1/os-keypairs', {'keypair': {
        'name': 'k', 'public_key': key}}))


# Bodies too deep, numbers too big ---------------------------------------------------

@pytest.mark.parametrize('depth', [40, 2000, 100000])
def test_body_nested_too_deep_is_400(api, depth):
    raw = b'{"server": ' + b'[' * depth + b']' * depth + b'}'
    assert 'nested deeper' in _bad_request(api.request('POST', '/v2.1/servers', raw_body=raw))


@pytest.mark.parametrize('raw', [b'{"extra_specs": {"a": 1e400}}',
                                 b'{"extra_specs": {"a": NaN}}',
                                 b'{"extra_specs": {"a": -Infinity}}'])
def test_non_finite_numbers_are_400(admin_api, raw):
    _bad_request(admin_api.request('POST', '/v2.1/flavors/1/os-extra_specs', raw_body=raw))
