"""The API's property test and quota races on MariaDB and PostgreSQL (issue 11, items 4,
5 and 7): the whole paste app in this process (use_local, the fake:// transport, an
in-process scheduler), as tests/unit/api does on SQLite, but on a fresh database of each
real backend, which refuses what SQLite stores (too long, out of range, bad Unicode).

The strategies are tests/unit/api/test_fuzz.py's, imported. With CI=true a backend that
does not answer fails these tests (fixtures.require).
"""

import collections
import concurrent.futures

import pytest
from hypothesis import HealthCheck, given, settings

from novum import conf, context, objects, rpc
from novum.db import api as db_api
from novum.db import migration
from novum.objects import base as objects_base
from tests.functional import fixtures
from tests.unit.api import fixtures as api_fixtures
from tests.unit.api import test_fuzz

CONF = conf.CONF
REQUESTS_PER_BACKEND = 3000


@pytest.fixture(params=['mariadb', 'postgresql'])
def backend(request, tmp_path):
    """The API app (admin client) over a fresh, migrated database of each backend."""
    database = fixtures.Database(request.param, tmp_path)
    rpc.set_defaults(control_exchange='novum')
    CONF([], project='novum', default_config_files=[])
    CONF.set_override('state_path', str(tmp_path))
    CONF.set_override('host', 'fuzz-host')
    rpc.init(CONF, url='fake:/')
    objects.register_all()
    objects_base.NovumObject.indirection_api = None
    db_api.unblock_db_access()
    db_api.configure(database.url)
    migration.db_sync()
    app = api_fixtures.load_api_app()
    api_fixtures.register_image('cirros', api_fixtures.CIRROS_ID)
    api_fixtures.register_image('ubuntu', api_fixtures.UBUNTU_ID)
    scheduler = api_fixtures.InProcessScheduler()
    try:
        yield api_fixtures.APIClient(app, token='admin:admin'), request.param
    finally:
        scheduler.stop()
        db_api.get_engine().dispose()     # before the database is dropped
        rpc.cleanup()
        CONF.reset()
        CONF.clear()
        database.drop()


def test_generated_requests_never_5xx_on_a_real_database(backend):
    admin_api, name = backend
    test_fuzz.seed_server()
    statuses = collections.Counter()

    @settings(max_examples=REQUESTS_PER_BACKEND, deadline=None, derandomize=True,
              database=None, suppress_health_check=list(HealthCheck))
    @given(request=test_fuzz.requests)
    def run(request):
        statuses[test_fuzz.generated_request(admin_api, **request)] += 1

    run()
    print(f'{name}: {sum(statuses.values())} requests, statuses {sorted(statuses.items())}')
    assert sum(statuses.values()) >= REQUESTS_PER_BACKEND
    assert not [status for status in statuses if status >= 500]


SERVER = {'name': 'vm', 'flavorRef': '1', 'imageRef': api_fixtures.CIRROS_ID}
EMOJI = 'vm 🚀🐍'


def test_emoji_and_tempest_ipv6_are_stored_on_a_real_database(backend):
    admin_api, _name = backend
    response = admin_api.at_version('2.19').post('/v2.1/servers', {'server': dict(
        SERVER, name=EMOJI, description='🙂', metadata={'k': '🚀'},
        accessIPv6=test_fuzz.TEMPEST_IPV6)})
    assert response.status == 202, response
    instance = objects.Instance.get_by_uuid(context.get_admin_context(),
                                            response.body['server']['id'])
    assert (instance.display_name, instance.display_description, instance.metadata,
            instance.access_ip_v6) == (EMOJI, '🙂', {'k': '🚀'}, '::babe:dc0c:1602')


@pytest.mark.parametrize('backend', ['mariadb'], indirect=True)   # a MariaDB setting
def test_every_table_and_the_connection_are_utf8mb4_on_mariadb(backend):
    _admin_api, _name = backend
    with db_api.get_engine().connect() as connection:
        charsets = connection.exec_driver_sql(
            'SELECT DISTINCT c.character_set_name FROM information_schema.tables t '
            'JOIN information_schema.collation_character_set_applicability c '
            'ON c.collation_name = t.table_collation WHERE t.table_schema = DATABASE()'
        ).scalars().all()
        client = connection.exec_driver_sql('SELECT @@character_set_client').scalar()
    assert (charsets, client) == (['utf8mb4'], 'utf8mb4')


@pytest.mark.parametrize('concurrency,quota', [(30, 10)])
def test_concurrent_boots_never_exceed_the_quota_on_a_real_database(backend, concurrency,
                                                                     quota):
    admin_api, name = backend
    assert admin_api.put('/v2.1/os-quota-sets/demo', {'quota_set': {
        'instances': quota}}).status == 200
    demo = admin_api.as_user('demo:demo')
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        statuses = list(pool.map(lambda _i: demo.post('/v2.1/servers',
                                                      {'server': SERVER}).status,
                                 range(concurrency)))
    live = db_api.instance_count_by_project(context.get_admin_context(), 'demo')['instances']
    print(f'{name}: {concurrency} concurrent boots at quota {quota}: '
          f'{statuses.count(202)} accepted, {live} instances')
    assert set(statuses) <= {202, 403}
    assert statuses.count(202) == live <= quota
    assert live >= 1


@pytest.mark.parametrize('concurrency,quota', [(10, 5)])
def test_concurrent_metadata_updates_never_exceed_metadata_items(backend, concurrency,
                                                                  quota):
    """Each request adds `quota` new keys to a server that has none: each alone fits,
    any two together do not. Serialised on the instance's row, the server ends with one
    request's keys, never more than the quota."""
    admin_api, name = backend
    assert admin_api.put('/v2.1/os-quota-sets/demo', {'quota_set': {
        'metadata_items': quota}}).status == 200
    demo = admin_api.as_user('demo:demo')
    server_id = demo.post('/v2.1/servers', {'server': SERVER}).body['server']['id']
    api_fixtures.set_instance_state(server_id, 'active', host='h1')

    def add(n: int) -> int:
        keys = {f'r{n}-k{i}': 'v' for i in range(quota)}
        return demo.post(f'/v2.1/servers/{server_id}/metadata', {'metadata': keys}).status

    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        statuses = list(pool.map(add, range(concurrency)))
    stored = objects.Instance.get_by_uuid(context.get_admin_context(), server_id).metadata
    print(f'{name}: {concurrency} concurrent metadata updates at metadata_items {quota}: '
          f'statuses {sorted(statuses)}, {len(stored)} items stored')
    assert set(statuses) <= {200, 403}
    assert 0 < len(stored) <= quota
