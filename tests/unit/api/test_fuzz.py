"""Property test: generated bodies, paths and headers never get a 5xx (and 4xx bodies
are Nova's fault shape).

The strategies are shared: tests/functional/test_fuzz_backends.py runs them against
MariaDB and PostgreSQL, where a value too long, out of range or not valid Unicode fails
in the database instead of being stored as SQLite stores it.
"""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.api import fixtures

SERVER_ID = '8a5b4dd1-3a5b-4a4c-9d8a-3d1c0e8d5d2a'
TEMPEST_IPV6 = '0000:0000:0000:0000:0000:babe:220.12.22.2'

# Values that broke a real database (issue 11): Tempest's IPv6, lone surrogates, NUL,
# integers beyond an Integer column (also as strings), strings beyond String(255).
hostile_values = st.sampled_from([
    TEMPEST_IPV6, '::babe:220.12.22.2', 'fe80::1%' + 'e' * 40, '1.2.3.4', '01.2.3.4',
    '\ud83d', 'a\udc00b', 'nul\x00', 'emoji 🚀🐍', 2 ** 31, -2 ** 31 - 1, 2 ** 63, 10 ** 30,
    '2147483648', '-2147483649', '9' * 40, 1e308, 'p' * 256, 'k' * 70000, -1, 0, '0',
])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-2**40, max_value=2**40)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12)

field_values = st.one_of(
    json_values, hostile_values, hostile_values, st.just(fixtures.CIRROS_ID),
    st.sampled_from(['1', '2', '999', '-1', '']),
    st.text(min_size=250, max_size=300), st.integers(min_value=-5, max_value=5),
    st.sampled_from(['none', 'auto', 'HARD', 'SOFT', 'true', 'novum-compute']))

# Mostly valid where it matters (so requests reach the database), hostile elsewhere.
names = st.one_of(st.text(min_size=1, max_size=12).map(lambda name: 'n' + name.strip()),
                  field_values)
ip_values = st.one_of(st.ip_addresses().map(str), hostile_values, field_values)

server_bodies = st.fixed_dictionaries({}, optional=dict(
    {key: field_values for key in ('min_count', 'max_count', 'metadata', 'networks',
                                   'key_name', 'availability_zone', 'return_reservation_id',
                                   'description', 'user_data', 'adminPass', 'personality')},
    name=names, flavorRef=st.sampled_from(['1', '2']) | field_values,
    imageRef=st.just(fixtures.CIRROS_ID) | field_values, accessIPv4=ip_values,
    accessIPv6=ip_values))

server_update_bodies = st.fixed_dictionaries({}, optional={
    'name': names, 'description': field_values, 'accessIPv4': ip_values,
    'accessIPv6': ip_values})

flavor_sizes = st.one_of(st.integers(min_value=0, max_value=4096), field_values)
flavor_bodies = st.fixed_dictionaries({}, optional=dict(
    {key: field_values for key in ('id', 'swap', 'OS-FLV-EXT-DATA:ephemeral', 'rxtx_factor',
                                   'os-flavor-access:is_public')},
    name=names, ram=flavor_sizes, vcpus=flavor_sizes, disk=flavor_sizes))

quota_bodies = st.dictionaries(
    st.sampled_from(['instances', 'cores', 'ram', 'metadata_items', 'key_pairs',
                     'server_groups', 'fixed_ips', 'force', 'bogus']), field_values, max_size=4)

keypair_bodies = st.fixed_dictionaries({}, optional={
    'name': names, 'public_key': field_values, 'type': field_values, 'user_id': field_values})

metadata_values = st.dictionaries(st.text(max_size=8) | hostile_values.map(str), field_values,
                                  max_size=3)
action_bodies = st.one_of(
    st.builds(lambda kind: {'reboot': {'type': kind}}, st.sampled_from(['SOFT', 'HARD'])
              | field_values),
    st.builds(lambda name, value: {name: value},
              st.sampled_from(['os-stop', 'os-start', 'lock', 'unlock', 'os-resetState',
                               'injectNetworkInfo', 'restore', 'pause']),
              st.none() | field_values))
service_bodies = st.fixed_dictionaries({}, optional={
    'host': st.sampled_from(['fuzz-host', 'unit-host']) | field_values,
    'binary': st.just('novum-compute') | field_values, 'disabled_reason': field_values,
    'forced_down': field_values})


def nested(depth: int) -> dict:
    """A body nested `depth` levels deep (json.dumps would recurse: built as text)."""
    return {'__raw__': '{"server": ' + '[' * depth + ']' * depth + '}'}

bodies = st.one_of(
    json_values,
    st.builds(lambda server: {'server': server}, server_bodies),
    st.builds(lambda flavor: {'flavor': flavor}, flavor_bodies),
    st.builds(lambda quota_set: {'quota_set': quota_set}, quota_bodies),
    st.builds(lambda keypair: {'keypair': keypair}, keypair_bodies),
    st.builds(lambda metadata: {'metadata': metadata}, metadata_values),
    st.builds(nested, st.sampled_from([40, 2000])),
    st.builds(lambda name, value: {name: value},
              st.sampled_from(['reboot', 'os-stop', 'os-start', 'flavor', 'keypair',
                               'quota_set', 'metadata', 'meta', 'host', 'fly']),
              field_values),
    st.dictionaries(st.sampled_from(['host', 'binary', 'disabled_reason', 'forced_down']),
                    field_values, max_size=4))

PATHS = [
    '/v2.1/servers', '/v2.1/servers/detail', f'/v2.1/servers/{SERVER_ID}',
    f'/v2.1/servers/{SERVER_ID}/action', f'/v2.1/servers/{SERVER_ID}/metadata',
    f'/v2.1/servers/{SERVER_ID}/metadata/k', '/v2.1/flavors', '/v2.1/flavors/1',
    '/v2.1/os-keypairs', '/v2.1/os-keypairs/k', '/v2.1/os-services/disable',
    '/v2.1/os-services/force-down', '/v2.1/os-services/1', '/v2.1/os-hypervisors/1',
    '/v2.1/os-quota-sets/demo', '/v2.1/limits', '/v2.1/os-availability-zone',
    '/v2.1/images', '/image/v2/images', '/identity/v3', '/v2.1', '/',
    f'/v2.1/servers/{SERVER_ID}/os-instance-actions', '/v2.1/flavors/detail',
    '/v2.1/flavors/1/os-extra_specs', '/v2.1/flavors/1/os-extra_specs/k',
    '/v2.1/os-quota-sets/' + 'p' * 300, '/v2.1/os-quota-sets/demo/detail',
    '/v2.1/os-hypervisors', '/v2.1/os-hypervisors/detail', '/v2.1/os-hypervisors/statistics',
    '/v2.1/os-hypervisors/99999999999999999999', '/v2.1/os-hypervisors/fuzz-host/servers',
    '/v2.1/os-services', '/v2.1/os-services/enable', '/v2.1/os-services/2147483648',
    '/v2.1/os-keypairs/' + 'k' * 300, '/v2.1/os-keypairs/%F0%9F%9A%80',
    f'/v2.1/servers/{SERVER_ID}/metadata/%ED%A0%BD', '/v2.1/flavors/%00',
]
paths = st.sampled_from(PATHS)
queries = st.lists(st.tuples(
    st.sampled_from(['limit', 'marker', 'sort_key', 'sort_dir', 'all_tenants', 'status',
                     'changes-since', 'name', 'host', 'minRam', 'is_public', 'tenant_id',
                     'deleted', 'flavor', 'image', 'minDisk', 'user_id', 'reservation_id']),
    st.text(alphabet='abcz019-:.TZ ', max_size=12)
    | st.sampled_from([SERVER_ID, '99999999999999999999', '-1', 'p' * 300, '2147483648'])),
    max_size=3)
versions = st.one_of(st.none(), st.sampled_from(['2.1', '2.19', '2.37', '2.38', 'latest']),
                     st.text(max_size=8))
tokens = st.one_of(st.none(), st.sampled_from(['demo:demo', 'admin:admin', 'x', ':', 'a:b']),
                   st.text(alphabet='abc:', max_size=6))


# The body each path takes (requests mostly pair a route's own method and body).
PATH_BODIES = {
    '/v2.1/servers': st.builds(lambda server: {'server': server}, server_bodies),
    f'/v2.1/servers/{SERVER_ID}': st.builds(lambda server: {'server': server},
                                            server_update_bodies),
    f'/v2.1/servers/{SERVER_ID}/action': action_bodies,
    f'/v2.1/servers/{SERVER_ID}/metadata': st.builds(lambda metadata: {'metadata': metadata},
                                                     metadata_values),
    f'/v2.1/servers/{SERVER_ID}/metadata/k': st.builds(lambda value: {'meta': {'k': value}},
                                                       field_values),
    '/v2.1/flavors': st.builds(lambda flavor: {'flavor': flavor}, flavor_bodies),
    '/v2.1/flavors/1/os-extra_specs': st.builds(lambda specs: {'extra_specs': specs},
                                                metadata_values),
    '/v2.1/os-keypairs': st.builds(lambda keypair: {'keypair': keypair}, keypair_bodies),
    '/v2.1/os-quota-sets/demo': st.builds(lambda quota_set: {'quota_set': quota_set},
                                          quota_bodies),
    '/v2.1/os-services/disable': service_bodies,
    '/v2.1/os-services/force-down': service_bodies,
    '/v2.1/os-services/enable': service_bodies,
}


def _route_methods(path: str) -> list[str]:
    from novum.api import handler
    match = handler.make_mapper(handler.ROUTE_DECLARATIONS).match(
        path.removeprefix('/v2.1') or '/')
    return sorted(handler.ROUTE_DECLARATIONS[match['route']]) if match else ['GET']


def _route_request(method: str, path: str):
    return st.fixed_dictionaries({
        'method': st.just(method), 'path': st.just(path),
        'body': (PATH_BODIES[path] | bodies) if path in PATH_BODIES else bodies,
        'query': queries})


def _check(response) -> None:
    assert response.status < 500, response
    if response.status >= 400 and response.body is not None:
        (fault,) = response.body.values()
        assert fault['code'] == response.status


def encode(body) -> bytes:
    if isinstance(body, dict) and '__raw__' in body:
        return body['__raw__'].encode()
    return json.dumps(body).encode()


def seed_server(server_id: str = SERVER_ID, project_id: str = 'demo') -> None:
    """An instance of project "demo" at SERVER_ID, so generated requests reach the
    actions and metadata of a server that exists."""
    from novum import context, objects
    admin = context.get_admin_context()
    flavor = objects.Flavor.get_by_flavor_id(admin, '1')
    instance = objects.Instance(
        admin, uuid=server_id, project_id=project_id, user_id=project_id,
        flavor=flavor, image_ref=fixtures.CIRROS_ID, display_name='fuzzed',
        hostname='fuzzed', vm_state='active', task_state=None, power_state=1,
        locked=False, metadata={'k': 'v'}, progress=0, reservation_id='r-fuzz',
        launch_index=0)
    objects.InstanceList.create_all_with_action(admin, [instance], 'create')


def generated_request(client, method: str, path: str, body, query) -> int:
    """One generated request, checked (its status): what both the SQLite and the backend
    tests run."""
    from urllib.parse import urlencode
    client = client if len(path) % 2 else client.as_user('demo:demo')
    url = path + ('?' + urlencode(query) if query else '')
    response = client.request(method, url, raw_body=encode(body))
    _check(response)
    return response.status


# The seeded server stays (deleting it would turn its routes into 404s): the random
# tenth of the requests may still delete it.
ROUTE_REQUESTS = [(method, path) for path in PATHS for method in _route_methods(path)
                  if (method, path) != ('DELETE', f'/v2.1/servers/{SERVER_ID}')]
# Nine in ten requests use a method of their route, with a body of their route most of
# the time; the rest any method, path and body.
requests = st.one_of(
    *[st.sampled_from(ROUTE_REQUESTS).flatmap(lambda route: _route_request(*route))] * 9,
    st.fixed_dictionaries({'method': st.sampled_from(['GET', 'POST', 'PUT', 'DELETE']),
                           'path': paths, 'body': bodies, 'query': queries}))


@settings(max_examples=1200, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(request=requests)
def test_generated_requests_never_5xx(admin_api, images, scheduler, request):
    if not getattr(admin_api, 'seeded', False):
        seed_server()
        admin_api.seeded = True
    generated_request(admin_api, **request)


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
