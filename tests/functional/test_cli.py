"""The `novum` CLI as a separate process against real daemons (conductor, scheduler, one
compute, a noauth2 API) on RabbitMQ and MariaDB, started with `novum-manage daemons start`:
every command, its output, and the error paths with message and exit code."""

import json
import os
import re
import subprocess
import time
import uuid

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.functional import fixtures

pytestmark = pytest.mark.functional

CIRROS_ID = '5f2c8a1e-7b3d-4e6f-9a0b-1c2d3e4f5a01'
DAEMONS = ('novum-conductor', 'novum-scheduler', 'novum-compute', 'novum-api')


class Cloud:
    """One deployment for the whole module, and a runner of the `novum` command."""

    def __init__(self, tmp_path):
        fixtures.require('rabbitmq')
        self.tmp_path = tmp_path
        self.db = fixtures.Database('mariadb', tmp_path)
        suffix = uuid.uuid4().hex[:10]
        self.host = f'cli-{suffix}'
        self.port = fixtures.free_port()
        self.deployment = fixtures.Deployment(tmp_path, self.db.url, options={
            'DEFAULT': {'host': self.host, 'osapi_compute_listen': '127.0.0.1',
                        'osapi_compute_listen_port': str(self.port),
                        'osapi_compute_workers': '1', 'rpc_response_timeout': '30'},
            'api': {'auth_strategy': 'noauth2'},
        })
        self.api_url = f'http://127.0.0.1:{self.port}/v2.1'

    def start(self) -> None:
        self.deployment.manage('db', 'sync')
        self.deployment.manage('image', 'register', 'cirros', '--id', CIRROS_ID)
        self.deployment.manage('daemons', 'start', '--timeout', '60')
        deadline = time.monotonic() + 60
        while not self._compute_ready():
            if time.monotonic() > deadline:
                raise AssertionError(f'compute {self.host} not up:\n{self.log("novum-compute")}')
            time.sleep(0.2)

    def _compute_ready(self) -> bool:
        services = self.json('service-list', '--binary', 'novum-compute', user='admin')
        hypervisors = self.json('hypervisor-list', user='admin')
        return any(s['State'] == 'up' for s in services) and \
            any(h['Hypervisor hostname'] == self.host for h in hypervisors)

    def stop(self) -> None:
        self.deployment.manage('daemons', 'stop', check=False)
        self.deployment.stop_all()
        self.db.drop()

    def log(self, binary: str) -> str:
        with open(os.path.join(str(self.tmp_path), 'logs', f'{binary}.log'),
                  errors='replace') as f:
            return f.read()

    def run(self, *args: str, user: str = 'demo', endpoint: str | None = None,
            check: bool = True) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith('OS_')}
        env.update(OS_COMPUTE_API=endpoint or self.api_url, OS_USERNAME=user,
                   OS_PROJECT_NAME=user)
        result = subprocess.run([fixtures.bin_path('novum'), *args], capture_output=True,
                                text=True, env=env, timeout=120)
        if check and result.returncode != 0:
            raise AssertionError(f'novum {" ".join(args)} exited {result.returncode}:\n'
                                 f'{result.stdout}\n{result.stderr}')
        return result

    def json(self, *args: str, user: str = 'demo'):
        return json.loads(self.run(*args, '--format', 'json', user=user).stdout)

    def boot(self, name: str, *extra: str, user: str = 'demo') -> dict:
        return self.json('boot', '--flavor', 'm1.tiny', '--image', 'cirros', '--wait',
                         '--poll-interval', '0.1', *extra, name, user=user)


@pytest.fixture(scope='module')
def cloud(tmp_path_factory):
    cloud = Cloud(tmp_path_factory.mktemp('cli'))
    try:
        cloud.start()
        yield cloud
    finally:
        cloud.stop()


def _error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, result
    assert result.stdout == ''
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f'not one line: {result.stderr!r}'
    return lines[0]


def test_boot_wait_shows_progress_and_ends_active(cloud):
    result = cloud.run('boot', '--flavor', 'm1.tiny', '--image', 'cirros', '--wait',
                       '--poll-interval', '0.05', 'vm1')
    progress = result.stderr.splitlines()
    assert progress[-1] == 'vm1 [########################] 100% ACTIVE'
    for line in progress:
        assert re.fullmatch(r'vm1 \[[#-]{24}\] +\d+% (BUILD( \w+)?|ACTIVE)', line), line
    shown = dict(re.findall(r'^\| (\S+) +\| (.*?) +\|$', result.stdout, re.M))
    assert shown['status'] == 'ACTIVE'
    assert shown['flavor'] == 'm1.tiny (1)'
    assert shown['image'] == f'cirros ({CIRROS_ID})'

    listed = cloud.json('list')
    assert [(s['Name'], s['Status'], s['Task State'], s['Power State'])
            for s in listed if s['ID'] == shown['id']] == [('vm1', 'ACTIVE', None, 'Running')]
    server = cloud.json('show', 'vm1')
    assert (server['id'], server['OS-EXT-STS:vm_state'], server['tenant_id']) == (
        shown['id'], 'active', 'demo')
    cloud.run('delete', '--wait', shown['id'])


def test_power_actions_and_instance_actions(cloud):
    server = cloud.boot('power1')
    assert cloud.run('reboot', '--wait', 'power1').stdout == \
        'Request to reboot server power1 has been accepted.\n'
    cloud.run('reboot', '--hard', '--wait', 'power1')
    assert cloud.json('show', 'power1')['status'] == 'ACTIVE'
    cloud.run('stop', '--wait', 'power1')
    stopped = cloud.json('show', 'power1')
    assert (stopped['status'], stopped['OS-EXT-STS:power_state']) == ('SHUTOFF', 4)
    cloud.run('start', '--wait', 'power1')
    assert cloud.json('show', server['id'])['status'] == 'ACTIVE'

    actions = cloud.json('instance-action-list', 'power1')
    assert sorted(a['Action'] for a in actions) == ['create', 'reboot', 'reboot', 'start',
                                                    'stop']
    create = next(a for a in actions if a['Action'] == 'create')
    shown = cloud.json('instance-action-show', server['id'], create['Request_ID'],
                       user='admin')
    assert (shown['action'], shown['request_id'], shown['instance_uuid']) == (
        'create', create['Request_ID'], server['id'])
    assert shown['events'], shown
    cloud.run('delete', '--wait', 'power1')


def test_boot_options_keypair_zone_metadata_and_count(cloud):
    private_key = cloud.run('keypair-add', 'key1').stdout
    assert private_key.startswith('-----BEGIN') and 'PRIVATE KEY-----' in private_key
    servers = cloud.json('boot', '--flavor', '1', '--image', CIRROS_ID, '--key-name', 'key1',
                         '--availability-zone', 'nova', '--meta', 'role=web',
                         '--meta', 'tier=1', '--min-count', '2', '--max-count', '2', '--wait',
                         '--poll-interval', '0.1', 'multi')
    assert sorted((s['Name'], s['Status']) for s in servers) == [
        ('multi-1', 'ACTIVE'), ('multi-2', 'ACTIVE')]
    shown = cloud.json('show', 'multi-1')
    assert (shown['key_name'], shown['metadata'], shown['OS-EXT-AZ:availability_zone']) == (
        'key1', {'role': 'web', 'tier': '1'}, 'nova')
    cloud.run('delete', '--wait', 'multi-1', 'multi-2')
    cloud.run('keypair-delete', 'key1')


def test_list_filters_and_all_tenants(cloud):
    server = cloud.boot('filter1')
    cloud.boot('other1', user='alice')
    assert [s['Name'] for s in cloud.json('list', '--name', 'filter1')] == ['filter1']
    assert cloud.json('list', '--status', 'SHUTOFF') == []
    assert [s['ID'] for s in cloud.json('list', '--status', 'ACTIVE')] == [server['id']]
    everyone = cloud.json('list', '--all-tenants', user='admin')
    assert {(s['Name'], s['Tenant ID']) for s in everyone} >= {('filter1', 'demo'),
                                                               ('other1', 'alice')}
    error = _error(cloud.run('list', '--all-tenants', check=False))
    assert re.fullmatch(r"ERROR \(Forbidden\): Policy doesn't allow "
                        r'os_compute_api:servers:detail:get_all_tenants to be performed\. '
                        r'\(HTTP 403\) \(Request-ID: req-[0-9a-f-]{36}\)', error), error
    assert cloud.run('delete', '--wait', 'filter1').stdout.splitlines() == [
        'Request to delete server filter1 has been accepted.', 'Server filter1 deleted.']
    cloud.run('delete', '--wait', 'other1', user='alice')
    assert cloud.json('list', '--all-tenants', user='admin') == []


def test_flavor_and_image_commands(cloud):
    flavors = cloud.json('flavor-list')
    assert [(f['ID'], f['Name'], f['Memory_MiB'], f['VCPUs']) for f in flavors][:2] == [
        ('1', 'm1.tiny', 512, 1), ('2', 'm1.small', 2048, 1)]
    assert cloud.json('flavor-show', 'm1.small')['id'] == '2'
    assert cloud.json('flavor-show', '2')['name'] == 'm1.small'
    created = cloud.json('flavor-create', '--ephemeral', '1', 'm1.cli', '77', '128', '1', '1',
                         user='admin')
    assert [(f['ID'], f['Name'], f['Ephemeral']) for f in created] == [('77', 'm1.cli', 1)]
    assert 'm1.cli' in [f['Name'] for f in cloud.json('flavor-list')]
    error = _error(cloud.run('flavor-create', 'm1.no', '78', '128', '1', '1', check=False))
    assert error.startswith("ERROR (Forbidden): Policy doesn't allow "
                            'os_compute_api:os-flavor-manage:create to be performed. (HTTP 403)')
    images = cloud.json('image-list')
    assert [(i['ID'], i['Name'], i['Status']) for i in images] == [
        (CIRROS_ID, 'cirros', 'ACTIVE')]


def test_keypair_commands(cloud, tmp_path):
    public_key = tmp_path / 'id.pub'
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_key.write_bytes(key.public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH) + b' cli@test\n')
    assert cloud.run('keypair-add', '--pub-key', str(public_key), 'imported').stdout == ''
    keypairs = cloud.json('keypair-list')
    assert [(k['Name'], k['Type']) for k in keypairs] == [('imported', 'ssh')]
    assert cloud.json('keypair-show', 'imported')['public_key'].startswith('ssh-rsa AAAA')
    cloud.run('keypair-delete', 'imported')
    assert cloud.json('keypair-list') == []
    error = _error(cloud.run('keypair-delete', 'imported', check=False))
    assert re.fullmatch(r'ERROR \(NotFound\): Keypair imported not found for user demo '
                        r'\(HTTP 404\) \(Request-ID: req-[0-9a-f-]{36}\)', error), error


def test_service_commands(cloud):
    services = cloud.json('service-list', user='admin')
    assert sorted((s['Binary'], s['Host'], s['Status'], s['State']) for s in services) == [
        ('nova-compute', cloud.host, 'enabled', 'up'),
        ('nova-conductor', cloud.host, 'enabled', 'up'),
        ('nova-scheduler', cloud.host, 'enabled', 'up')]
    changed = cloud.json('service-disable', '--reason', 'maintenance', cloud.host,
                         'novum-compute', user='admin')
    assert changed == [{'Host': cloud.host, 'Binary': 'nova-compute', 'Status': 'disabled',
                        'Disabled Reason': 'maintenance'}]
    compute = cloud.json('service-list', '--binary', 'novum-compute', user='admin')[0]
    assert (compute['Status'], compute['Disabled Reason']) == ('disabled', 'maintenance')
    enabled = cloud.json('service-enable', cloud.host, 'novum-compute', user='admin')
    assert enabled[0]['Status'] == 'enabled'
    error = _error(cloud.run('service-list', check=False))
    assert error.startswith("ERROR (Forbidden): Policy doesn't allow "), error


def test_hypervisor_and_availability_zone_commands(cloud):
    hypervisors = cloud.json('hypervisor-list', user='admin')
    assert [(h['Hypervisor hostname'], h['State'], h['Status']) for h in hypervisors] == [
        (cloud.host, 'up', 'enabled')]
    shown = cloud.json('hypervisor-show', cloud.host, user='admin')
    assert (shown['hypervisor_hostname'], shown['hypervisor_type']) == (cloud.host, 'fake')
    assert cloud.json('hypervisor-show', str(shown['id']), user='admin')['id'] == shown['id']
    stats = cloud.json('hypervisor-stats', user='admin')
    assert stats['count'] == 1 and stats['vcpus'] == shown['vcpus']

    zones = cloud.run('availability-zone-list', user='admin').stdout
    assert re.search(r'\| nova +\| available +\|', zones)
    assert re.search(rf'\| \|- {cloud.host} +\|', zones)
    assert re.search(r'\| \| \|- nova-compute +\| enabled :-\) ', zones)
    assert [z['zoneName'] for z in cloud.json('availability-zone-list')[
        'availabilityZoneInfo']] == ['nova']


def test_limits_and_quota_show(cloud):
    limits = cloud.json('limits')
    assert limits['maxTotalInstances'] == 10 and 'totalInstancesUsed' in limits
    table = cloud.run('limits').stdout
    assert re.search(r'\| Instances +\| \d+ +\| 10 +\|', table)
    quota = cloud.json('quota-show')
    assert (quota['instances'], quota['cores'], quota['ram']) == (10, 20, 51200)
    assert cloud.json('quota-show', '--tenant', 'alice', user='admin')['instances'] == 10


def test_errors_are_one_line_with_exit_code_1(cloud):
    error = _error(cloud.run('boot', '--flavor', 'm9.huge', '--image', 'cirros', 'x',
                             check=False))
    assert error == "ERROR (CommandError): No flavor with a name or ID of 'm9.huge' exists."
    error = _error(cloud.run('boot', '--flavor', 'm1.tiny', '--image', 'nope', 'x',
                             check=False))
    assert error == "ERROR (CommandError): No image with a name or ID of 'nope' exists."
    missing = str(uuid.uuid4())
    error = _error(cloud.run('delete', missing, check=False))
    assert error == (f'ERROR (CommandError): Delete for server {missing} failed: '
                     f"No server with a name or ID of '{missing}' exists.")
    error = _error(cloud.run('show', 'ghost', check=False))
    assert error == "ERROR (CommandError): No server with a name or ID of 'ghost' exists."
    error = _error(cloud.run('boot', '--flavor', 'm1.tiny', '--image', 'cirros',
                             '--availability-zone', 'nowhere', 'x', check=False))
    assert error.startswith('ERROR (BadRequest): ') and '(HTTP 400)' in error, error

    down = f'http://127.0.0.1:{fixtures.free_port()}/v2.1'
    error = _error(cloud.run('list', endpoint=down, check=False))
    assert error == (f'ERROR (ConnectionRefused): Unable to establish connection to '
                     f'{down}/servers/detail: Connection refused')
    assert requests.get(cloud.api_url, timeout=5).status_code == 200


def test_one_request_id_follows_a_boot_through_every_daemon(cloud):
    """Issue 5, item 4: grep one request id and see the boot in every daemon's log."""
    server = cloud.boot('traced1')
    create = next(a for a in cloud.json('instance-action-list', 'traced1')
                  if a['Action'] == 'create')
    request_id = create['Request_ID']
    cloud.run('delete', '--wait', 'traced1')
    lines = {binary: [line for line in cloud.log(binary).splitlines() if request_id in line]
             for binary in DAEMONS}
    assert [binary for binary in DAEMONS if not lines[binary]] == [], lines
    # The daemons that change the instance's state log each transition with its uuid.
    transitions = {binary: [line for line in lines[binary] if server['id'] in line]
                   for binary in ('novum-api', 'novum-conductor', 'novum-compute')}
    assert [binary for binary, found in transitions.items() if not found] == [], lines
