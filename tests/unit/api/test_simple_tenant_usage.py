"""/os-simple-tenant-usage: Nova's hours in the [start, end) window, totals and policy."""

import datetime

import pytest
from oslo_utils import timeutils, uuidutils

from novum import context, objects

T0 = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
WINDOW = 'start=2026-01-01T00:00:00&end=2026-01-01T10:00:00'


def _instance(project_id: str, name: str, flavorid: str, launched_hours: float | None,
              terminated_hours: float | None = None, destroy: bool = False):
    admin = context.get_admin_context()
    instance = objects.Instance(
        admin, uuid=uuidutils.generate_uuid(), project_id=project_id, user_id=project_id,
        display_name=name, vm_state='active',
        flavor=objects.Flavor.get_by_flavor_id(admin, flavorid))
    if launched_hours is not None:
        instance.launched_at = T0 + datetime.timedelta(hours=launched_hours)
    if terminated_hours is not None:
        instance.terminated_at = T0 + datetime.timedelta(hours=terminated_hours)
    instance.create()
    if destroy:
        instance.destroy()
    return instance


@pytest.fixture
def usage(novum_env):
    # demo: m1.tiny (1 vCPU, 512 MB, 1 GB) from 2h to now: 8 hours of the window;
    # m1.small (1 vCPU, 2048 MB, 20 GB) from -5h to 4h: 4 hours.
    running = _instance('demo', 'running', '1', 2)
    stopped = _instance('demo', 'ended', '2', -5, 4)
    # Outside the window: ended before it, launched after it, never launched.
    _instance('demo', 'before', '1', -5, -1)
    _instance('demo', 'after', '1', 11)
    _instance('demo', 'unlaunched', '1', None)
    other = _instance('other', 'o', '1', 9)
    return running, stopped, other


def test_owner_sees_own_usage_with_server_usages(api, usage):
    running, stopped, _other = usage
    response = api.get(f'/v2.1/os-simple-tenant-usage/demo?{WINDOW}')
    assert response.status == 200
    body = response.body['tenant_usage']
    assert body['tenant_id'] == 'demo'
    assert body['start'] == '2026-01-01T00:00:00.000000'
    assert body['stop'] == '2026-01-01T10:00:00.000000'
    assert body['total_hours'] == pytest.approx(12)
    assert body['total_vcpus_usage'] == pytest.approx(12)
    assert body['total_memory_mb_usage'] == pytest.approx(8 * 512 + 4 * 2048)
    assert body['total_local_gb_usage'] == pytest.approx(8 * 1 + 4 * 20)
    servers = {server['name']: server for server in body['server_usages']}
    assert set(servers) == {'running', 'ended'}
    assert servers['running']['instance_id'] == running.uuid
    assert servers['running']['state'] == 'active'
    assert servers['running']['ended_at'] is None
    assert servers['running']['flavor'] == 'm1.tiny'
    assert servers['ended'] == {
        'hours': 4.0, 'flavor': 'm1.small', 'instance_id': stopped.uuid, 'name': 'ended',
        'tenant_id': 'demo', 'memory_mb': 2048, 'local_gb': 20, 'vcpus': 1,
        'started_at': '2025-12-31T19:00:00.000000', 'ended_at': '2026-01-01T04:00:00.000000',
        'state': 'terminated', 'uptime': 9 * 3600}


def test_deleted_instances_count(api, novum_env):
    _instance('demo', 'gone', '1', 1, destroy=True)
    body = api.get('/v2.1/os-simple-tenant-usage/demo?start=2026-01-01T00:00:00').body
    server = body['tenant_usage']['server_usages'][0]
    assert server['name'] == 'gone' and server['state'] == 'terminated'
    assert server['hours'] > 1


def test_admin_lists_every_project_detailed_on_request(admin_api, usage):
    body = admin_api.get(f'/v2.1/os-simple-tenant-usage?{WINDOW}').body
    assert [u['tenant_id'] for u in body['tenant_usages']] == ['demo', 'other']
    assert 'server_usages' not in body['tenant_usages'][0]
    assert body['tenant_usages'][1]['total_hours'] == pytest.approx(1)
    body = admin_api.get(f'/v2.1/os-simple-tenant-usage?{WINDOW}&detailed=1').body
    assert [len(u['server_usages']) for u in body['tenant_usages']] == [2, 1]


def test_end_is_cut_at_now_and_empty_project_is_empty(api, usage):
    now = timeutils.utcnow()
    response = api.get('/v2.1/os-simple-tenant-usage/demo?start=2026-01-01T00:00:00'
                       '&end=2999-01-01T00:00:00')
    stop = datetime.datetime.fromisoformat(response.body['tenant_usage']['stop'])
    assert stop - now < datetime.timedelta(minutes=1)
    assert api.as_user('demo:empty').get(
        f'/v2.1/os-simple-tenant-usage/empty?{WINDOW}').body == {'tenant_usage': {}}


def test_policy(api, usage):
    assert api.get(f'/v2.1/os-simple-tenant-usage?{WINDOW}').status == 403
    assert api.get(f'/v2.1/os-simple-tenant-usage/other?{WINDOW}').status == 403


@pytest.mark.parametrize('query,message', [
    ('start=2026-01-02T00:00:00&end=2026-01-01T00:00:00',
     'Invalid start time. The start time cannot occur after the end time.'),
    ('start=yesterday', 'Invalid datetime string: Datetime is in invalid format'),
    ('start=2026-01-01', 'Invalid datetime string: Datetime is in invalid format'),
])
def test_bad_times_are_400(api, query, message):
    response = api.get(f'/v2.1/os-simple-tenant-usage/demo?{query}')
    assert response.status == 400
    assert response.body['badRequest']['message'] == message


def test_times_in_novas_other_formats(api, usage):
    for query in ('start=2026-01-01T00:00:00.000000&end=2026-01-01T10:00:00.5',
                  'start=2026-01-01 00:00:00.0&end=2026-01-01 10:00:00.0'):
        body = api.get(f'/v2.1/os-simple-tenant-usage/demo?{query}').body
        assert body['tenant_usage']['total_hours'] == pytest.approx(12, abs=0.01)
