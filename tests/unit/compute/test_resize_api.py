"""Resize, migrate, confirmResize and revertResize through the REST API (paste app,
noauth2) on the in-process cloud of test_pipeline.py, and the Migration records as
GET /os-migrations and /servers/{id}/migrations show them at Nova's microversions."""

import time

import pytest

from novum.compute import vm_states
from tests.unit.api import fixtures

# The keys of Nova's os-migrations samples: 2.1 (migrations-get.json.tpl) and 2.23.
KEYS_2_1 = {'created_at', 'dest_compute', 'dest_host', 'dest_node', 'id', 'instance_uuid',
            'new_instance_type_id', 'old_instance_type_id', 'source_compute', 'source_node',
            'status', 'updated_at'}
KEYS_2_23 = KEYS_2_1 | {'migration_type'}


@pytest.fixture
def rest(cloud):
    app = fixtures.load_api_app()
    return {'user': fixtures.APIClient(app, token='u1:p1'),
            'admin': fixtures.APIClient(app, token='admin:admin')}


def _booted(cloud):
    (instance,), _ = cloud.boot()
    done = cloud.wait(instance)
    assert done.vm_state == vm_states.ACTIVE
    return done


def _status(api, server_id: str, until: set) -> dict:
    for _ in range(500):
        server = api.get(f'/v2.1/servers/{server_id}').body['server']
        if server['status'] in until:
            return server
        time.sleep(0.02)
    raise AssertionError(f'server {server_id} stayed {server["status"]}')


def test_resize_and_confirm_over_rest_with_the_migration_records(cloud, rest):
    instance = _booted(cloud)
    user, admin = rest['user'], rest['admin']
    action = f'/v2.1/servers/{instance.uuid}/action'

    assert user.post(action, {'resize': {'flavorRef': '2'}}).status == 202

    server = _status(user, instance.uuid, {'VERIFY_RESIZE', 'ERROR'})
    assert (server['status'], server['flavor']['id']) == ('VERIFY_RESIZE', '2')
    (migration,) = admin.get('/v2.1/os-migrations').body['migrations']
    assert set(migration) == KEYS_2_1
    assert (migration['status'], migration['instance_uuid'], migration['source_compute'],
            migration['dest_compute']) == ('finished', instance.uuid, instance.host,
                                           migration['dest_node'])
    assert migration['created_at'].count('.') == 1 and not migration['created_at'].endswith('Z')
    (typed,) = admin.at_version('2.23').get('/v2.1/os-migrations').body['migrations']
    assert set(typed) == KEYS_2_23 and typed['migration_type'] == 'resize'
    for query, count in (('status=finished', 1), ('status=error', 0),
                         (f'host={instance.host}', 1), ('host=elsewhere', 0),
                         (f'instance_uuid={instance.uuid}', 1),
                         ('migration_type=migration', 0), ('migration_type=resize', 1)):
        assert len(admin.get(f'/v2.1/os-migrations?{query}').body['migrations']) == count, \
            query
    assert user.get('/v2.1/os-migrations').status == 403

    confirmed = user.post(action, {'confirmResize': None})
    assert confirmed.status == 204
    assert _status(user, instance.uuid, {'ACTIVE', 'ERROR'})['status'] == 'ACTIVE'
    assert admin.get('/v2.1/os-migrations').body['migrations'][0]['status'] == 'confirmed'
    # Nothing to confirm any more: vm_state active answers Nova's 409.
    again = user.post(action, {'confirmResize': None})
    assert again.status == 409 and "Cannot 'confirm_resize'" in \
        again.body['conflictingRequest']['message']


def test_revert_over_rest_shows_revert_resize_then_active(cloud, rest):
    instance = _booted(cloud)
    user = rest['user']
    action = f'/v2.1/servers/{instance.uuid}/action'
    assert user.post(action, {'resize': {'flavorRef': '2'}}).status == 202
    _status(user, instance.uuid, {'VERIFY_RESIZE', 'ERROR'})

    assert user.post(action, {'revertResize': None}).status == 202

    server = _status(user, instance.uuid, {'ACTIVE', 'ERROR'})
    assert (server['status'], server['flavor']['id']) == ('ACTIVE', '1')


def test_migrate_is_for_administrators(cloud, rest):
    instance = _booted(cloud)
    action = f'/v2.1/servers/{instance.uuid}/action'

    assert rest['user'].post(action, {'migrate': None}).status == 403
    assert rest['admin'].post(action, {'migrate': None}).status == 202

    server = _status(rest['user'], instance.uuid, {'VERIFY_RESIZE', 'ERROR'})
    assert server['flavor']['id'] == '1'
    (migration,) = rest['admin'].at_version('2.23').get(
        '/v2.1/os-migrations').body['migrations']
    assert migration['migration_type'] == 'migration'


def test_resize_refusals_are_novas(cloud, rest):
    instance = _booted(cloud)
    user = rest['user']
    action = f'/v2.1/servers/{instance.uuid}/action'

    missing = user.post(action, {'resize': {'flavorRef': '999'}})
    assert (missing.status, missing.body['badRequest']['message']) == (
        400, 'Unable to locate requested flavor.')
    same = user.post(action, {'resize': {'flavorRef': '1'}})
    assert (same.status, same.body['badRequest']['message']) == (
        400, 'When resizing, instances must change flavor!')
    assert user.post(action, {'resize': {}}).status == 400
    assert rest['admin'].post(action, {'migrate': {'host': 'x'}}).status == 400  # 2.56
    assert user.post(action, {'revertResize': None}).status == 409


def test_server_migrations_list_live_ones_from_2_23(cloud, rest):
    instance = _booted(cloud)
    admin = rest['admin'].at_version('2.23')
    path = f'/v2.1/servers/{instance.uuid}/migrations'
    assert rest['admin'].at_version('2.22').get(path).status == 404
    assert admin.get(path).body == {'migrations': []}
    assert rest['user'].at_version('2.23').get(path).status == 403

    assert rest['admin'].post(f'/v2.1/servers/{instance.uuid}/action',
                              {'migrate': None}).status == 202
    _status(rest['user'], instance.uuid, {'VERIFY_RESIZE', 'ERROR'})
    (migration,) = admin.get('/v2.1/os-migrations').body['migrations']

    # A cold migration is not a live one: not listed, and 404 when asked for.
    assert admin.get(path).body == {'migrations': []}
    shown = admin.get(f'{path}/{migration["id"]}')
    assert shown.status == 404 and 'is not live-migration' in \
        shown.body['itemNotFound']['message']
    assert admin.get(f'{path}/12345').status == 404
