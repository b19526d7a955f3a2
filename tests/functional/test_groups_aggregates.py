"""Server groups, aggregates/zones and tags on real daemons: conductor (2 workers),
scheduler, 3 computes and a noauth2 novum-api on RabbitMQ and MariaDB; driven over HTTP,
by the `novum` CLI and by the unchanged PyPI clients (openstack)."""

import collections
import concurrent.futures
import json
import os
import subprocess
import sys
import time
import uuid

import pytest
import requests

from tests.functional import clients, fixtures

pytestmark = pytest.mark.functional

CIRROS_ID = '7a3c9e2d-1f4b-4c6a-8e5d-3b2a1c0f9e11'
HOST_COUNT = 3
# 12 m1.tiny fit per host by RAM: the group's rule (7), not room, bounds each host.
OPTIONS = {
    'DEFAULT': {'rpc_response_timeout': '30', 'ram_allocation_ratio': '1.0',
                'reserved_host_memory_mb': '0', 'update_resources_interval': '2',
                'instance_build_timeout': '60'},
    'quota': {'instances': '-1', 'cores': '-1', 'ram': '-1',
              'server_group_members': '-1'},
    'fake_driver': {'vcpus': '32', 'memory_mb': '6144', 'local_gb': '200'},
    'scheduler': {'host_state_refresh_interval': '0.5'},
}
_REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Cloud:
    def __init__(self, tmp_path):
        fixtures.require('rabbitmq')
        self.tmp_path = tmp_path
        self.db = fixtures.Database('mariadb', tmp_path)
        token = uuid.uuid4().hex[:8]
        self.hosts = [f'grp-{token}-{index}' for index in range(1, HOST_COUNT + 1)]
        options = {**OPTIONS, 'conductor': {'topic': f'conductor_{token}'},
                   'scheduler': {**OPTIONS['scheduler'], 'topic': f'scheduler_{token}'}}
        self.deployment = fixtures.Deployment(tmp_path, self.db.url, options=options)
        self.api_url = None

    def start(self) -> None:
        deployment = self.deployment
        deployment.manage('db', 'sync')
        deployment.manage('image', 'register', 'cirros', '--id', CIRROS_ID)
        daemons = [deployment.start('novum-conductor', ready_text=None,
                                    overrides={'conductor': {'workers': '2'}}),
                   deployment.start('novum-scheduler', ready_text=None)]
        daemons += [deployment.start('novum-compute', name=host, ready_text=None,
                                     overrides={'DEFAULT': {'host': host}})
                    for host in self.hosts]
        for daemon in daemons:
            daemon.wait_for_log('started on host', timeout=90)
        self.api_url = clients.start_api(deployment, 'noauth2')
        clients.wait_for(self._computes_up, timeout=90, what='3 computes up')
        time.sleep(1.0)     # the scheduler's view refreshes every 0.5 s

    def _computes_up(self) -> bool:
        services = self.get('/os-services?binary=nova-compute', user='admin')['services']
        hypervisors = self.get('/os-hypervisors', user='admin')['hypervisors']
        up = {service['host'] for service in services if service['state'] == 'up'}
        return up >= set(self.hosts) and {h['hypervisor_hostname'] for h in hypervisors} >= \
            set(self.hosts)

    def stop(self) -> None:
        clients.stop_deployment(self.deployment, self.db)

    # HTTP -------------------------------------------------------------------------------

    def request(self, method: str, path: str, body=None, user: str = 'demo',
                version: str = '2.37') -> requests.Response:
        headers = {'X-Auth-Token': f'{user}:{user}',
                   'OpenStack-API-Version': f'compute {version}'}
        return requests.request(method, self.api_url + path, json=body, headers=headers,
                                timeout=60)

    def get(self, path: str, user: str = 'demo', version: str = '2.37'):
        response = self.request('GET', path, user=user, version=version)
        assert response.status_code == 200, response.text
        return response.json()

    def boot(self, name: str, hints: dict | None = None, **fields) -> requests.Response:
        body = {'server': dict({'name': name, 'flavorRef': '1', 'imageRef': CIRROS_ID,
                                'networks': 'none'}, **fields)}
        if hints:
            body['os:scheduler_hints'] = hints
        return self.request('POST', '/servers', body)

    def wait_settled(self, server_ids: list[str], timeout: float = 120) -> list[dict]:
        """The servers once none is BUILD any more (admin view, with host and fault)."""
        def settled():
            servers = [self.get(f'/servers/{server_id}', user='admin')['server']
                       for server_id in server_ids]
            return servers if all(s['status'] != 'BUILD' for s in servers) else None
        return clients.wait_for(settled, timeout=timeout, interval=0.5,
                                what=f'{len(server_ids)} servers to leave BUILD')

    def delete_all(self, server_ids: list[str]) -> None:
        """Delete the servers and wait until they are gone (their hosts are then free
        to change zone)."""
        for server_id in server_ids:
            self.request('DELETE', f'/servers/{server_id}')
        clients.wait_for(lambda: all(
            self.request('GET', f'/servers/{server_id}').status_code == 404
            for server_id in server_ids), timeout=120, interval=0.5, what='deletes')

    # The novum CLI and the object layer ---------------------------------------------------

    def novum(self, *args: str, user: str = 'demo') -> str:
        env = {k: v for k, v in os.environ.items() if not k.startswith('OS_')}
        env.update(OS_COMPUTE_API=self.api_url, OS_USERNAME=user, OS_PROJECT_NAME=user)
        result = subprocess.run([fixtures.bin_path('novum'), *args], capture_output=True,
                                text=True, env=env, timeout=120)
        assert result.returncode == 0, f'novum {args}: {result.stdout}\n{result.stderr}'
        return result.stdout

    def create_group_with_rules(self, policy: str, rules: dict) -> str:
        """An InstanceGroup with 2.64's rules, created through the object (the API stops
        at 2.37, which has no rules); its uuid."""
        code = (
            'import sys, json; import novum.cmd; from novum import conf, context, objects; '
            'from novum.db import api as db; '
            'conf.CONF(["--config-file", sys.argv[1]], project="novum"); '
            'objects.register_all(); db.configure(); '
            'group = objects.InstanceGroup(context.get_admin_context(), name="spread", '
            'policy=sys.argv[2], rules=json.loads(sys.argv[3]), project_id="demo", '
            'user_id="demo"); group.create(); print(group.uuid)')
        env = self.deployment.env()
        env['PYTHONPATH'] = os.pathsep.join(filter(None, [_REPO, env.get('PYTHONPATH')]))
        result = subprocess.run([sys.executable, '-c', code, self.deployment.config_file,
                                 policy, json.dumps(rules)], capture_output=True, text=True,
                                env=env, timeout=60, cwd=_REPO)
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout.strip().splitlines()[-1]


@pytest.fixture(scope='module')
def cloud(tmp_path_factory):
    cloud = Cloud(tmp_path_factory.mktemp('groups'))
    try:
        cloud.start()
        yield cloud
    finally:
        cloud.stop()


def test_a_boot_into_an_aggregates_zone_lands_only_on_its_hosts(cloud):
    zone_host = cloud.hosts[0]
    aggregate = cloud.request('POST', '/os-aggregates', {'aggregate': {
        'name': 'rack-x', 'availability_zone': 'zone-x'}}, user='admin')
    assert aggregate.status_code == 200, aggregate.text
    aggregate_id = aggregate.json()['aggregate']['id']
    added = cloud.request('POST', f'/os-aggregates/{aggregate_id}/action',
                          {'add_host': {'host': zone_host}}, user='admin')
    assert added.status_code == 200 and added.json()['aggregate']['hosts'] == [zone_host]
    zones = {zone['zoneName'] for zone in
             cloud.get('/os-availability-zone')['availabilityZoneInfo']}
    assert {'zone-x', 'nova'} <= zones
    time.sleep(1.0)     # the scheduler's host view picks the aggregate up

    ids = [cloud.boot(f'az-{index}', availability_zone='zone-x').json()['server']['id']
           for index in range(4)]
    servers = cloud.wait_settled(ids)

    assert [server['status'] for server in servers] == ['ACTIVE'] * 4
    assert {server['OS-EXT-SRV-ATTR:host'] for server in servers} == {zone_host}
    assert {server['OS-EXT-AZ:availability_zone'] for server in servers} == {'zone-x'}
    # Nova's checks, on the real deployment: the zone host cannot join another zone.
    other = cloud.request('POST', '/os-aggregates', {'aggregate': {
        'name': 'rack-y', 'availability_zone': 'zone-y'}}, user='admin').json()['aggregate']
    conflict = cloud.request('POST', f"/os-aggregates/{other['id']}/action",
                             {'add_host': {'host': zone_host}}, user='admin')
    assert conflict.status_code == 409
    assert cloud.request('POST', '/servers', {'server': {
        'name': 'nowhere', 'flavorRef': '1', 'imageRef': CIRROS_ID, 'networks': 'none',
        'availability_zone': 'zone-y'}}).status_code == 400   # zone-y has no host
    cloud.delete_all(ids)


def test_20_concurrent_boots_in_an_anti_affinity_group_keep_max_server_per_host(cloud):
    group_id = cloud.create_group_with_rules('anti-affinity', {'max_server_per_host': 7})

    def boot(index: int) -> str:
        response = cloud.boot(f'spread-{index}', hints={'group': group_id})
        assert response.status_code == 202, response.text
        return response.json()['server']['id']

    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        ids = list(pool.map(boot, range(20)))
    servers = cloud.wait_settled(ids)

    per_host = collections.Counter(server['OS-EXT-SRV-ATTR:host'] for server in servers
                                   if server['status'] == 'ACTIVE')
    errors = [server for server in servers if server['status'] == 'ERROR']
    print(f'20 boots: per host {dict(per_host)}, {len(errors)} ERROR')
    assert max(per_host.values()) <= 7
    assert sum(per_host.values()) + len(errors) == 20
    assert set(per_host) <= set(cloud.hosts)
    for server in errors:
        assert 'ServerGroupAntiAffinityFilter' in server['fault']['message'], server['fault']
    # 3 hosts x 7 = 21 places: 20 fit. Four more at once: one fits, three fail naming
    # the group filter.
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        more = list(pool.map(boot, range(20, 24)))
    extra = cloud.wait_settled(more)
    all_servers = servers + extra
    per_host = collections.Counter(server['OS-EXT-SRV-ATTR:host'] for server in all_servers
                                   if server['status'] == 'ACTIVE')
    errors = [server for server in all_servers if server['status'] == 'ERROR']
    print(f'24 boots: per host {dict(per_host)}, {len(errors)} ERROR: '
          f'{[server["fault"]["message"] for server in errors]}')
    assert max(per_host.values()) <= 7 and sum(per_host.values()) <= 21
    assert len(errors) == 24 - sum(per_host.values()) >= 3
    for server in errors:
        assert 'ServerGroupAntiAffinityFilter' in server['fault']['message'], server['fault']
    group = cloud.get(f'/os-server-groups/{group_id}')['server_group']
    assert sorted(group['members']) == sorted(ids + more)
    cloud.delete_all(ids + more)


def test_tags_round_trip_over_http_and_the_novum_cli(cloud):
    server_id = cloud.boot('tagged').json()['server']['id']
    assert cloud.wait_settled([server_id])[0]['status'] == 'ACTIVE'
    assert cloud.request('PUT', f'/servers/{server_id}/tags', {'tags': ['a', 'b']},
                         version='2.26').json() == {'tags': ['a', 'b']}
    cloud.novum('server-tag-add', 'tagged', 'c')
    listed = json.loads(cloud.novum('server-tag-list', 'tagged', '--format', 'json'))
    assert [row['Tag'] for row in listed] == ['a', 'b', 'c']
    cloud.novum('server-tag-delete', 'tagged', 'a')
    shown = cloud.get(f'/servers/{server_id}', version='2.26')['server']
    assert shown['tags'] == ['b', 'c']
    found = cloud.get('/servers?tags=b,c', version='2.26')['servers']
    assert [server['id'] for server in found] == [server_id]
    assert cloud.get('/servers?not-tags-any=c', version='2.26')['servers'] == []
    cloud.delete_all([server_id])


def test_novum_cli_server_group_and_aggregate_commands(cloud):
    created = json.loads(cloud.novum('server-group-create', 'cli-group', 'affinity',
                                     '--format', 'json'))[0]
    assert created['Policies'] == ['affinity']
    shown = json.loads(cloud.novum('server-group-get', 'cli-group', '--format', 'json'))
    assert shown['id'] == created['Id']
    assert 'cli-group' in cloud.novum('server-group-list')
    cloud.novum('server-group-delete', 'cli-group')
    assert 'cli-group' not in cloud.novum('server-group-list')

    cloud.novum('aggregate-create', 'cli-agg', 'cli-zone', user='admin')
    cloud.novum('aggregate-add-host', 'cli-agg', cloud.hosts[2], user='admin')
    cloud.novum('aggregate-set-metadata', 'cli-agg', 'ssd=true', user='admin')
    shown = json.loads(cloud.novum('aggregate-show', 'cli-agg', '--format', 'json',
                                   user='admin'))[0]
    assert shown['Hosts'] == [cloud.hosts[2]]
    assert shown['Metadata'] == {'availability_zone': 'cli-zone', 'ssd': 'true'}
    cloud.novum('aggregate-set-metadata', 'cli-agg', 'ssd', user='admin')
    cloud.novum('aggregate-remove-host', 'cli-agg', cloud.hosts[2], user='admin')
    cloud.novum('aggregate-delete', 'cli-agg', user='admin')
    assert 'cli-agg' not in cloud.novum('aggregate-list', user='admin')


def test_openstack_client_server_group_and_aggregate(cloud):
    demo = clients.Clients.noauth(cloud.tmp_path, cloud.api_url, 'demo:demo', name='demo')
    admin = clients.Clients.noauth(cloud.tmp_path, cloud.api_url, 'admin:admin', name='admin')

    group = demo.openstack('server', 'group', 'create', '--policy', 'anti-affinity', 'osc-g')
    assert group['name'] == 'osc-g'
    assert 'anti-affinity' in str(group.get('policy') or group.get('policies'))
    assert any(item['ID'] == group['id'] for item in demo.openstack('server', 'group', 'list'))
    demo.openstack_text('server', 'group', 'delete', 'osc-g')

    aggregate = admin.openstack('aggregate', 'create', '--zone', 'osc-zone', 'osc-agg')
    assert aggregate['name'] == 'osc-agg'
    added = admin.openstack('aggregate', 'add', 'host', 'osc-agg', cloud.hosts[1])
    assert cloud.hosts[1] in str(added['hosts'])
    shown = admin.openstack('aggregate', 'show', 'osc-agg')
    assert shown['availability_zone'] == 'osc-zone'
    zones = admin.openstack('availability', 'zone', 'list', '--compute')
    assert 'osc-zone' in {zone['Zone Name'] for zone in zones}
    admin.openstack_text('aggregate', 'remove', 'host', 'osc-agg', cloud.hosts[1])
    admin.openstack_text('aggregate', 'delete', 'osc-agg')
