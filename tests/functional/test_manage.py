"""novum-manage as a separate process against real databases: schema, flavors, the image
catalog, services of a running conductor, and starting/stopping daemons."""

import json
import os
import time

import pytest

from tests.functional import fixtures

pytestmark = pytest.mark.functional


def _json(result) -> list | dict:
    return json.loads(result.stdout)


@pytest.fixture(params=['mariadb', 'sqlite'])
def manage_database(request, tmp_path):
    db = fixtures.Database(request.param, tmp_path)
    yield db
    db.drop()


@pytest.fixture
def deployment_of(tmp_path):
    deployments = []

    def make(db_url: str) -> fixtures.Deployment:
        deployments.append(fixtures.Deployment(tmp_path, db_url))
        return deployments[-1]
    yield make
    for deployment in deployments:
        deployment.stop_all()


def test_db_flavor_and_image_commands_on_each_backend(manage_database, deployment_of):
    manage = deployment_of(manage_database.url).manage

    assert manage('db', 'sync').stdout.strip() == 'Database at revision 004'
    assert manage('db', 'version').stdout.strip() == '004'

    flavors = _json(manage('flavor', 'list', '--format', 'json'))
    assert [f['Name'] for f in flavors][:2] == ['m1.tiny', 'm1.small']
    created = _json(manage('flavor', 'create', 'm1.nano', '--ram', '64', '--vcpus', '1',
                           '--disk', '0', '--id', '42', '--private', '--format', 'json'))
    assert created == [{'ID': '42', 'Name': 'm1.nano', 'Memory_MB': 64, 'VCPUs': 1,
                        'Disk': 0, 'Ephemeral': 0, 'Swap': 0, 'RXTX_Factor': 1.0,
                        'Is_Public': False, 'Disabled': False}]
    duplicate = manage('flavor', 'create', 'm1.nano', '--ram', '64', '--vcpus', '1',
                       check=False)
    assert (duplicate.returncode, duplicate.stderr) == (
        1, 'ERROR: Flavor with name m1.nano already exists.\n')
    assert manage('flavor', 'delete', 'm1.nano').stdout == 'Flavor m1.nano (42) deleted\n'
    assert '42' not in [f['ID'] for f in _json(manage('flavor', 'list', '--format', 'json'))]
    missing = manage('flavor', 'delete', 'm1.nano', check=False)
    assert (missing.returncode, missing.stderr) == (
        1, 'ERROR: Flavor m1.nano could not be found.\n')

    image_id = '155d900f-4e14-4e4c-a73d-069cbf4541e6'
    manage('image', 'register', 'cirros', '--id', image_id, '--min-ram', '64',
           '--property', 'hw_architecture=x86_64')
    images = _json(manage('image', 'list', '--format', 'json'))
    assert images == [{'ID': image_id, 'Name': 'cirros', 'Status': 'active',
                       'Disk_Format': 'qcow2', 'Container_Format': 'bare', 'Min_RAM': 64,
                       'Min_Disk': 0, 'Properties': {'hw_architecture': 'x86_64'}}]
    again = manage('image', 'register', 'cirros', check=False)
    assert (again.returncode, again.stderr) == (1, 'ERROR: Image cirros already exists.\n')
    bad = manage('image', 'register', 'other', '--id', 'not-a-uuid', check=False)
    assert (bad.returncode, bad.stderr) == (
        1, "ERROR: Bad request: image id 'not-a-uuid' is not a UUID\n")


def _services(deployment) -> list[dict]:
    return _json(deployment.manage('service', 'list', '--format', 'json'))


def test_service_commands_and_daemons_start_stop(mariadb, rabbit, tmp_path, deployment_of):
    deployment = deployment_of(mariadb.url)
    deployment.manage('db', 'sync')
    started = deployment.manage('daemons', 'start', '--only', 'novum-conductor',
                                '--timeout', '30')
    log_path = os.path.join(str(tmp_path), 'logs', 'novum-conductor.log')
    pid_path = os.path.join(str(tmp_path), 'run', 'novum-conductor.pid')
    try:
        assert f'log {log_path}' in started.stdout
        with open(pid_path) as f:
            pid = int(f.read())
        os.kill(pid, 0)
        status = deployment.manage('daemons', 'status', '--only', 'novum-conductor')
        assert f'running (pid {pid})' in status.stdout

        services = _services(deployment)
        assert [(s['Binary'], s['Host'], s['Zone'], s['Status'], s['State'])
                for s in services] == [('novum-conductor', 'test-conductor-host', 'internal',
                                        'enabled', 'up')]
        deployment.manage('service', 'disable', 'test-conductor-host', 'novum-conductor',
                          '--reason', 'maintenance')
        service = _services(deployment)[0]
        assert (service['Status'], service['Disabled_Reason']) == ('disabled', 'maintenance')
        deployment.manage('service', 'enable', 'test-conductor-host', 'novum-conductor')
        service = _services(deployment)[0]
        assert (service['Status'], service['Disabled_Reason']) == ('enabled', None)
    finally:
        stopped = deployment.manage('daemons', 'stop', '--only', 'novum-conductor')
    assert f'novum-conductor stopped (pid {pid})' in stopped.stdout
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail(f'novum-conductor (pid {pid}) still runs after daemons stop')
    assert not os.path.exists(pid_path)
    assert 'started on host test-conductor-host' in open(log_path).read()
    status = deployment.manage('daemons', 'status', '--only', 'novum-conductor', check=False)
    assert (status.returncode, status.stderr) == (1, 'ERROR: no daemon is running\n')

    deployment.manage('service', 'delete', str(service['Id']))
    assert _services(deployment) == []
    missing = deployment.manage('service', 'delete', str(service['Id']), check=False)
    assert (missing.returncode, missing.stderr) == (
        1, f"ERROR: Service {service['Id']} could not be found.\n")
    unknown = deployment.manage('service', 'disable', 'nohost', 'novum-compute', check=False)
    assert (unknown.returncode, unknown.stderr) == (
        1, 'ERROR: Could not find binary novum-compute on host nohost.\n')
