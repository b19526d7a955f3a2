"""Resize, cold migration, confirm and revert end to end on real daemons (conductor,
scheduler, 3 computes and a noauth2 novum-api on RabbitMQ and MariaDB), through REST
as a polling client sees it, then through `novum` and the PyPI `openstack` client.

Each scenario checks the states the client observed, the migration record of GET
/os-migrations, and every host's usage (GET /os-hypervisors/detail) before, while in
flight (also after the computes' periodic recount has run) and after: nothing leaked,
nothing counted twice. The REST scenarios run again with [conductor] use_local.
"""

import json
import os
import subprocess
import time
import uuid

import pytest
import requests

from tests.functional import clients, fixtures

pytestmark = pytest.mark.functional

CIRROS_ID = '7d1e4c2a-9b3f-4a5e-8c6d-1f2e3a4b5c61'
HOST_RAM_MB = 4096
RECOUNT_INTERVAL = 1        # update_resources_interval: the recount runs every second
TINY, SMALL = '1', '2'
IDLE = (0, 0, 0, 0)         # memory_mb_used, vcpus_used, local_gb_used, running_vms
TINY_USAGE = (512, 1, 1, 1)
SMALL_USAGE = (2048, 1, 20, 1)
OPTIONS = {
    'DEFAULT': {
        'report_interval': '1', 'service_down_time': '6', 'periodic_interval': '1',
        'update_resources_interval': str(RECOUNT_INTERVAL),
        'ram_allocation_ratio': '1.0', 'cpu_allocation_ratio': '1.0',
        'disk_allocation_ratio': '1.0', 'reserved_host_memory_mb': '0',
        'rpc_response_timeout': '30', 'long_rpc_timeout': '30',
    },
    'quota': {'instances': '-1', 'cores': '-1', 'ram': '-1'},
    # Each disk copy and finish takes 0.4 s, so a client polling every 50 ms sees them.
    'fake_driver': {'memory_mb': str(HOST_RAM_MB), 'vcpus': '8', 'local_gb': '100',
                    'migration_delay': '0.4'},
    'scheduler': {'host_state_refresh_interval': '0.5'},
}


class Cloud:
    """A deployment with three computes and a noauth2 API, and a REST client of it."""

    def __init__(self, tmp_path, use_local: bool):
        fixtures.require('rabbitmq')
        self.tmp_path = tmp_path
        self.db = fixtures.Database('mariadb', tmp_path)
        token = uuid.uuid4().hex[:8]
        self.hosts = [f'resize-{token}-{index}' for index in (1, 2, 3)]
        self.deployment = fixtures.Deployment(tmp_path, self.db.url, use_local=use_local,
                                              options=OPTIONS)
        self.api_url = None

    def start(self) -> None:
        deployment = self.deployment
        deployment.manage('db', 'sync')
        deployment.manage('image', 'register', 'cirros', '--id', CIRROS_ID)
        daemons = [deployment.start('novum-conductor', ready_text=None),
                   deployment.start('novum-scheduler', ready_text=None)]
        daemons += [deployment.start('novum-compute', name=host, ready_text=None,
                                     overrides={'DEFAULT': {'host': host}})
                    for host in self.hosts]
        for daemon in daemons:
            daemon.wait_for_log('started on host', timeout=90)
        self.api_url = clients.start_api(deployment, 'noauth2')
        clients.wait_for(lambda: set(self.usage()) >= set(self.hosts) and all(
            s['state'] == 'up' for s in self.get('/os-services?binary=novum-compute',
                                                 user='admin')['services']),
            timeout=60, what='three computes up')
        time.sleep(1.0)     # the scheduler's host view refreshes every 0.5 s

    def stop(self) -> None:
        clients.stop_deployment(self.deployment, self.db)

    # REST ----------------------------------------------------------------------------

    def request(self, method: str, path: str, body=None, user: str = 'demo',
                version: str = '2.37') -> requests.Response:
        headers = {'X-Auth-Token': f'{user}:{user}',
                   'OpenStack-API-Version': f'compute {version}'}
        return requests.request(method, self.api_url + path, json=body, headers=headers,
                                timeout=60)

    def get(self, path: str, user: str = 'demo', version: str = '2.37') -> dict:
        response = self.request('GET', path, user=user, version=version)
        assert response.status_code == 200, (path, response.status_code, response.text)
        return response.json()

    def action(self, server_id: str, body: dict, user: str = 'demo') -> int:
        response = self.request('POST', f'/servers/{server_id}/action', body, user=user)
        assert response.status_code in (202, 204), response.text
        return response.status_code

    def boot(self, name: str) -> dict:
        response = self.request('POST', '/servers', {'server': {
            'name': name, 'flavorRef': TINY, 'imageRef': CIRROS_ID, 'networks': 'none'}})
        assert response.status_code == 202, response.text
        server_id = response.json()['server']['id']
        return self.watch(server_id, {'ACTIVE'})[0]

    def watch(self, server_id: str, until: set, timeout: float = 60.0) -> tuple[dict, list]:
        """Poll the server every 50 ms, as a client would (an admin, to see its host),
        until its status is in `until` with no task; (the server, the (status,
        task_state) pairs seen)."""
        seen: list[tuple] = []
        deadline = time.monotonic() + timeout
        while True:
            server = self.get(f'/servers/{server_id}', user='admin')['server']
            state = (server['status'], server['OS-EXT-STS:task_state'])
            if not seen or seen[-1] != state:
                seen.append(state)
            if server['status'] in until and state[1] is None:
                return server, seen
            if server['status'] == 'ERROR' or time.monotonic() > deadline:
                raise AssertionError(f'server {server_id}: saw {seen}, fault '
                                     f'{server.get("fault")}')
            time.sleep(0.05)

    def delete(self, server_id: str) -> None:
        assert self.request('DELETE', f'/servers/{server_id}').status_code == 204
        clients.wait_for(lambda: self.request('GET', f'/servers/{server_id}').status_code
                         == 404, timeout=60, what=f'server {server_id} deleted')

    def usage(self) -> dict:
        return {h['hypervisor_hostname']: (h['memory_mb_used'], h['vcpus_used'],
                                           h['local_gb_used'], h['running_vms'])
                for h in self.get('/os-hypervisors/detail', user='admin')['hypervisors']}

    def stable_usage(self) -> dict:
        """The usage after every compute's periodic recount has run at least once more
        (a recount that undid a claim, or counted a move twice, would show here)."""
        time.sleep(2.5 * RECOUNT_INTERVAL)
        return self.usage()

    def migrations(self, server_id: str) -> list[dict]:
        return self.get(f'/os-migrations?instance_uuid={server_id}', user='admin',
                        version='2.23')['migrations']

    def server_host(self, server_id: str) -> str:
        return self.get(f'/servers/{server_id}', user='admin')['server'][
            'OS-EXT-SRV-ATTR:host']


def _expected(hosts, **used) -> dict:
    """Every host idle except those named (by position: source=..., dest=...)."""
    return {host: used.get(host, IDLE) for host in hosts}


def _resize_states(seen: list) -> list:
    return [state for state in seen if state[0] == 'RESIZE']


def _start(tmp_path_factory, use_local: bool) -> Cloud:
    cloud = Cloud(tmp_path_factory.mktemp('resize-local' if use_local else 'resize'),
                  use_local)
    try:
        cloud.start()
    except BaseException:
        cloud.stop()
        raise
    return cloud


@pytest.fixture(scope='module', params=[False, True], ids=['rpc', 'use_local'])
def cloud(request, tmp_path_factory):
    cloud = _start(tmp_path_factory, request.param)
    yield cloud
    cloud.stop()


def test_resize_then_confirm(cloud):
    server = cloud.boot('resize-confirm')
    source = server['OS-EXT-SRV-ATTR:host']
    assert cloud.usage() == _expected(cloud.hosts, **{source: TINY_USAGE})

    cloud.action(server['id'], {'resize': {'flavorRef': SMALL}})
    resized, seen = cloud.watch(server['id'], {'VERIFY_RESIZE'})

    dest = resized['OS-EXT-SRV-ATTR:host']
    assert dest != source and resized['flavor']['id'] == SMALL
    # The client saw the resize go through Nova's task states in order.
    steps = [task for _status, task in _resize_states(seen)]
    assert steps == sorted(set(steps), key=steps.index)      # no step twice
    assert set(steps) <= {'resize_prep', 'resize_migrating', 'resize_migrated',
                          'resize_finish'}
    assert 'resize_migrating' in steps and 'resize_finish' in steps, seen
    (migration,) = cloud.migrations(server['id'])
    assert (migration['status'], migration['migration_type'], migration['source_compute'],
            migration['dest_compute']) == ('finished', 'resize', source, dest)
    in_flight = _expected(cloud.hosts, **{source: TINY_USAGE, dest: SMALL_USAGE})
    assert cloud.usage() == in_flight
    assert cloud.stable_usage() == in_flight

    assert cloud.action(server['id'], {'confirmResize': None}) == 204
    confirmed, _seen = cloud.watch(server['id'], {'ACTIVE'})

    assert confirmed['OS-EXT-SRV-ATTR:host'] == dest
    assert cloud.migrations(server['id'])[0]['status'] == 'confirmed'
    after = _expected(cloud.hosts, **{dest: SMALL_USAGE})
    assert cloud.usage() == after
    assert cloud.stable_usage() == after
    cloud.delete(server['id'])
    assert cloud.stable_usage() == _expected(cloud.hosts)


def test_resize_then_revert(cloud):
    server = cloud.boot('resize-revert')
    source = server['OS-EXT-SRV-ATTR:host']
    cloud.action(server['id'], {'resize': {'flavorRef': SMALL}})
    resized, _seen = cloud.watch(server['id'], {'VERIFY_RESIZE'})
    dest = resized['OS-EXT-SRV-ATTR:host']
    assert cloud.usage() == _expected(cloud.hosts, **{source: TINY_USAGE, dest: SMALL_USAGE})

    assert cloud.action(server['id'], {'revertResize': None}) == 202
    reverted, seen = cloud.watch(server['id'], {'ACTIVE'})

    assert ('REVERT_RESIZE', 'resize_reverting') in seen or seen[0][0] == 'ACTIVE', seen
    assert (reverted['OS-EXT-SRV-ATTR:host'], reverted['flavor']['id']) == (source, TINY)
    assert cloud.migrations(server['id'])[0]['status'] == 'reverted'
    after = _expected(cloud.hosts, **{source: TINY_USAGE})
    assert cloud.usage() == after
    assert cloud.stable_usage() == after
    cloud.delete(server['id'])
    assert cloud.stable_usage() == _expected(cloud.hosts)


def test_cold_migrate_then_confirm(cloud):
    server = cloud.boot('migrate')
    source = server['OS-EXT-SRV-ATTR:host']

    cloud.action(server['id'], {'migrate': None}, user='admin')
    migrated, seen = cloud.watch(server['id'], {'VERIFY_RESIZE'})

    dest = migrated['OS-EXT-SRV-ATTR:host']
    assert dest != source and migrated['flavor']['id'] == TINY
    assert _resize_states(seen), seen
    (migration,) = cloud.migrations(server['id'])
    assert (migration['migration_type'], migration['status'],
            migration['old_instance_type_id']) == (
        'migration', 'finished', migration['new_instance_type_id'])
    in_flight = _expected(cloud.hosts, **{source: TINY_USAGE, dest: TINY_USAGE})
    assert cloud.stable_usage() == in_flight

    cloud.action(server['id'], {'confirmResize': None})
    cloud.watch(server['id'], {'ACTIVE'})

    assert cloud.stable_usage() == _expected(cloud.hosts, **{dest: TINY_USAGE})
    cloud.delete(server['id'])
    assert cloud.stable_usage() == _expected(cloud.hosts)


def test_novum_cli_resize_wait_confirm_and_migration_list(cloud):
    server = cloud.boot('cli-resize')
    source = server['OS-EXT-SRV-ATTR:host']
    env = {k: v for k, v in os.environ.items() if not k.startswith('OS_')}
    env.update(OS_COMPUTE_API=cloud.api_url, OS_USERNAME='demo', OS_PROJECT_NAME='demo')

    def novum(*args: str, user: str = 'demo') -> subprocess.CompletedProcess:
        result = subprocess.run([fixtures.bin_path('novum'), *args], capture_output=True,
                                text=True, timeout=120,
                                env={**env, 'OS_USERNAME': user, 'OS_PROJECT_NAME': user})
        assert result.returncode == 0, (args, result.stdout, result.stderr)
        return result

    resized = novum('resize', '--wait', '--poll-interval', '0.05', server['id'], 'm1.small')

    assert 'Request to resize server' in resized.stdout
    progress = resized.stderr.splitlines()
    assert '100% VERIFY_RESIZE' in progress[-1], resized.stderr
    assert any('resize_migrating' in line for line in progress), resized.stderr
    listed = json.loads(novum('migration-list', '--instance-uuid', server['id'],
                              '--format', 'json', user='admin').stdout)
    assert [(m['Status'], m['Source Compute'], m['Type']) for m in listed] == [
        ('finished', source, 'resize')]
    novum('resize-confirm', '--wait', server['id'])
    assert cloud.get(f'/servers/{server["id"]}')['server']['status'] == 'ACTIVE'
    dest = cloud.server_host(server['id'])
    assert cloud.stable_usage() == _expected(cloud.hosts, **{dest: SMALL_USAGE})
    cloud.delete(server['id'])


def test_openstack_client_resize_wait_and_confirm(cloud, tmp_path):
    demo = clients.Clients.noauth(tmp_path, cloud.api_url, 'demo:demo', name='demo')
    server = cloud.boot('osc-resize')
    source = server['OS-EXT-SRV-ATTR:host']

    demo.openstack_text('server', 'resize', '--flavor', 'm1.small', '--wait', server['id'],
                        timeout=120)

    shown = demo.openstack('server', 'show', server['id'])
    assert shown['status'] == 'VERIFY_RESIZE' and 'm1.small' in shown['flavor']
    dest = cloud.server_host(server['id'])
    assert cloud.usage() == _expected(cloud.hosts, **{source: TINY_USAGE, dest: SMALL_USAGE})

    demo.openstack_text('server', 'resize', 'confirm', server['id'])

    cloud.watch(server['id'], {'ACTIVE'})
    assert cloud.stable_usage() == _expected(cloud.hosts, **{dest: SMALL_USAGE})
    cloud.delete(server['id'])
    assert cloud.stable_usage() == _expected(cloud.hosts)
