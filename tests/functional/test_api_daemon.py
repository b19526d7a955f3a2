"""novum-api as a daemon on RabbitMQ and MariaDB: workers, no DB access, a server's
whole life over raw HTTP, the keystone pipeline, and the WSGI app under gunicorn."""

import os
import subprocess
import types

import pytest
import requests

from tests.functional import clients, fixtures
from tests.functional.clients import wait_for

pytestmark = pytest.mark.functional

IMAGE_ID = '6c1f0a52-8d3e-4b7a-9f21-3a4b5c6d7e01'
HOST = 'api-compute1'


@pytest.fixture(scope='module')
def cloud(tmp_path_factory):
    tmp = tmp_path_factory.mktemp('api-daemon')
    db, deployment = clients.start_deployment(tmp, {'cirros': IMAGE_ID}, HOST)
    try:
        url = clients.start_api(deployment, 'noauth2',
                                options={'DEFAULT': {'osapi_compute_workers': '2'}})
        yield types.SimpleNamespace(url=url, deployment=deployment, db=db, tmp=tmp,
                                    api=deployment.daemons[-1])
    finally:
        deployment.stop_all()
        db.drop()


def _call(cloud, method: str, path: str, token: str = 'demo:demo', **kwargs):
    headers = {'X-Auth-Token': token, 'OpenStack-API-Version': 'compute 2.37'}
    return requests.request(method, cloud.url + path, headers=headers, timeout=30, **kwargs)


def _status(cloud, server_id: str) -> str | None:
    response = _call(cloud, 'GET', f'/servers/{server_id}')
    return response.json()['server']['status'] if response.status_code == 200 else None


def _wait(cloud, server_id: str, status: str | None) -> None:
    wait_for(lambda: _status(cloud, server_id) == status, timeout=60,
             what=f'server {server_id} to be {status}')


def _process_tree(pid: int) -> list[int]:
    children = {}
    for entry in os.listdir('/proc'):
        if entry.isdigit():
            try:
                with open(f'/proc/{entry}/stat') as f:
                    ppid = int(f.read().rsplit(')', 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo += children.get(current, [])
    return tree


def test_api_workers_serve_without_opening_the_database(cloud):
    wait_for(lambda: _call(cloud, 'GET', '/os-hypervisors', 'admin:admin').json()[
        'hypervisors'], timeout=60, what='the compute to report')
    processes = _process_tree(cloud.api.pid)
    assert len(processes) >= 3      # the parent and two workers
    for _ in range(6):              # spread over the workers
        assert _call(cloud, 'GET', '/flavors').status_code == 200
    assert all(fixtures.tcp_connections(pid, 3306) == 0 for pid in processes)


def test_server_lifecycle_over_http(cloud):
    response = _call(cloud, 'POST', '/servers', json={'server': {
        'name': 'http-vm', 'flavorRef': '1', 'imageRef': IMAGE_ID, 'networks': 'none'}})
    assert response.status_code == 202, response.text
    assert response.headers['OpenStack-API-Version'] == 'compute 2.37'
    server_id = response.json()['server']['id']
    _wait(cloud, server_id, 'ACTIVE')
    shown = _call(cloud, 'GET', f'/servers/{server_id}', 'admin:admin').json()['server']
    assert shown['OS-EXT-SRV-ATTR:host'] == HOST
    assert shown['OS-EXT-STS:power_state'] == 1
    assert shown['image']['id'] == IMAGE_ID

    assert _call(cloud, 'POST', f'/servers/{server_id}/action',
                 json={'reboot': {'type': 'HARD'}}).status_code == 202
    _wait(cloud, server_id, 'ACTIVE')
    assert _call(cloud, 'POST', f'/servers/{server_id}/action',
                 json={'os-stop': None}).status_code == 202
    _wait(cloud, server_id, 'SHUTOFF')
    assert _call(cloud, 'POST', f'/servers/{server_id}/action',
                 json={'os-stop': None}).status_code == 409
    assert _call(cloud, 'POST', f'/servers/{server_id}/action',
                 json={'os-start': None}).status_code == 202
    _wait(cloud, server_id, 'ACTIVE')

    actions = _call(cloud, 'GET', f'/servers/{server_id}/os-instance-actions').json()
    names = [action['action'] for action in actions['instanceActions']]
    assert {'create', 'reboot', 'stop', 'start'} <= set(names)
    create = next(a for a in actions['instanceActions'] if a['action'] == 'create')
    detail = _call(cloud, 'GET', f"/servers/{server_id}/os-instance-actions/"
                                 f"{create['request_id']}", 'admin:admin').json()
    assert detail['instanceAction']['events']

    assert _call(cloud, 'DELETE', f'/servers/{server_id}').status_code == 204
    _wait(cloud, server_id, None)


def test_keystone_pipeline_demands_a_valid_token(cloud):
    url = clients.start_api(cloud.deployment, 'keystone', name='novum-api-keystone', options={
        'keystone_authtoken': {'www_authenticate_uri': 'http://127.0.0.1:9/identity',
                               'auth_url': 'http://127.0.0.1:9/identity',
                               'auth_type': 'password', 'delay_auth_decision': 'false'}})
    assert requests.get(url, timeout=10).status_code == 200        # version document
    response = requests.get(url + '/flavors', timeout=30)
    assert response.status_code == 401
    assert 'WWW-Authenticate' in response.headers


def test_wsgi_application_under_gunicorn(cloud):
    port = fixtures.free_port()
    overrides = cloud.deployment.write_config('gunicorn-api.conf', {
        'api': {'auth_strategy': 'noauth2'}})
    env = dict(cloud.deployment.env(),
               NOVUM_CONFIG_FILES=f'{cloud.deployment.config_file},{overrides}')
    log = open(os.path.join(str(cloud.tmp), 'gunicorn.log'), 'wb')
    process = subprocess.Popen(
        [fixtures.bin_path('gunicorn'), '--workers', '1', '--bind', f'127.0.0.1:{port}',
         'novum.api.wsgi:application'], stdout=log, stderr=subprocess.STDOUT, env=env,
        start_new_session=True)
    try:
        def flavors():
            try:
                return requests.get(f'http://127.0.0.1:{port}/v2.1/flavors', timeout=5,
                                    headers={'X-Auth-Token': 'demo:demo'})
            except requests.ConnectionError:
                assert process.poll() is None, 'gunicorn exited'
                return None
        response = wait_for(flavors, timeout=60, what='gunicorn to serve the API')
        assert response.status_code == 200
        assert response.json()['flavors'][0]['name'] == 'm1.tiny'
    finally:
        process.terminate()
        process.wait(15)
        log.close()
