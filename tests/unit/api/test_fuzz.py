"""Property test: generated bodies, paths and headers never get a 5xx (and 4xx bodies
are Nova's fault shape)."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.api import fixtures

SERVER_ID = '8a5b4dd1-3a5b-4a4c-9d8a-3d1c0e8d5d2a'

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-2**40, max_value=2**40)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12)

field_values = st.one_of(
    json_values, st.just(fixtures.CIRROS_ID), st.sampled_from(['1', '2', '999', '-1', '']),
    st.text(min_size=250, max_size=300), st.integers(min_value=-5, max_value=5),
    st.sampled_from(['none', 'auto', 'HARD', 'SOFT', 'true', 'novum-compute']))

server_bodies = st.fixed_dictionaries({}, optional={
    key: field_values for key in ('name', 'flavorRef', 'imageRef', 'min_count', 'max_count',
                                  'metadata', 'networks', 'key_name', 'availability_zone',
                                  'return_reservation_id', 'description')})

bodies = st.one_of(
    json_values,
    st.builds(lambda server: {'server': server}, server_bodies),
    st.builds(lambda name, value: {name: value},
              st.sampled_from(['reboot', 'os-stop', 'os-start', 'flavor', 'keypair',
                               'quota_set', 'metadata', 'meta', 'host', 'fly']),
              field_values),
    st.dictionaries(st.sampled_from(['host', 'binary', 'disabled_reason', 'forced_down']),
                    field_values, max_size=4))

paths = st.sampled_from([
    '/v2.1/servers', '/v2.1/servers/detail', f'/v2.1/servers/{SERVER_ID}',
    f'/v2.1/servers/{SERVER_ID}/action', f'/v2.1/servers/{SERVER_ID}/metadata',
    f'/v2.1/servers/{SERVER_ID}/metadata/k', '/v2.1/flavors', '/v2.1/flavors/1',
    '/v2.1/os-keypairs', '/v2.1/os-keypairs/k', '/v2.1/os-services/disable',
    '/v2.1/os-services/force-down', '/v2.1/os-services/1', '/v2.1/os-hypervisors/1',
    '/v2.1/os-quota-sets/demo', '/v2.1/limits', '/v2.1/os-availability-zone',
    '/v2.1/images', '/image/v2/images', '/identity/v3', '/v2.1', '/',
])
queries = st.lists(st.tuples(
    st.sampled_from(['limit', 'marker', 'sort_key', 'sort_dir', 'all_tenants', 'status',
                     'changes-since', 'name', 'host', 'minRam', 'is_public', 'tenant_id',
                     'deleted', 'flavor', 'image']),
    st.text(alphabet='abcz019-:.TZ ', max_size=12)), max_size=3)
versions = st.one_of(st.none(), st.sampled_from(['2.1', '2.19', '2.37', '2.38', 'latest']),
                     st.text(max_size=8))
tokens = st.one_of(st.none(), st.sampled_from(['demo:demo', 'admin:admin', 'x', ':', 'a:b']),
                   st.text(alphabet='abc:', max_size=6))


def _check(response) -> None:
    assert response.status < 500, response
    if response.status >= 400 and response.body is not None:
        (fault,) = response.body.values()
        assert fault['code'] == response.status


@settings(max_examples=1200, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(method=st.sampled_from(['GET', 'POST', 'PUT', 'DELETE']), path=paths, body=bodies,
       query=queries)
def test_generated_requests_never_5xx(admin_api, images, scheduler, method, path, body,
                                      query):
    from urllib.parse import urlencode
    client = admin_api if len(path) % 2 else admin_api.as_user('demo:demo')
    url = path + ('?' + urlencode(query) if query else '')
    _check(client.request(method, url, raw_body=json.dumps(body).encode()))


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=paths, version=versions, token=tokens, legacy=versions,
       content_type=st.sampled_from(['application/json', 'text/plain', '']))
def test_generated_headers_never_5xx(api, path, version, token, legacy, content_type):
    headers = {}
    if version is not None:
        headers['OpenStack-API-Version'] = f'compute {version}'
    if legacy is not None:
        headers['X-OpenStack-Nova-API-Version'] = legacy
    headers['Content-Type'] = content_type
    client = api.as_user(token)
    try:
        response = client.request('GET', path, headers=headers)
    except UnicodeEncodeError:
        return      # not a header a client can send over HTTP
    _check(response)
