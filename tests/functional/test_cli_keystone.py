"""The `novum` CLI with OS_AUTH_URL set: a password login at a real Keystone, the compute
endpoint from its catalog, and the token sent to a novum-api behind keystonemiddleware."""

import os
import subprocess
import time
import uuid

import pytest
import requests

from tests.functional import fixtures
from tests.functional.keystone import keystone  # noqa: F401

pytestmark = pytest.mark.functional

PROJECT, USER, PASSWORD = 'cli-project', 'cli-user', 'cli-secret'


@pytest.fixture(scope='module')
def keystone_cloud(keystone, tmp_path_factory):  # noqa: F811
    """novum-conductor and a keystone novum-api on MariaDB/RabbitMQ, in Keystone's catalog."""
    fixtures.require('rabbitmq')
    tmp = tmp_path_factory.mktemp('cli-keystone')
    db = fixtures.Database('mariadb', tmp)
    suffix = uuid.uuid4().hex[:10]
    port = fixtures.free_port()
    deployment = fixtures.Deployment(tmp, db.url, options={
        'DEFAULT': {'host': f'clik-{suffix}', 'osapi_compute_listen': '127.0.0.1',
                    'osapi_compute_listen_port': str(port), 'osapi_compute_workers': '1'},
        'api': {'auth_strategy': 'keystone'},
        'keystone_authtoken': keystone.authtoken_options(),
    })
    api_url = f'http://127.0.0.1:{port}/v2.1'
    try:
        deployment.manage('db', 'sync')
        deployment.start('novum-conductor')
        api = deployment.start('novum-api', ready_text=None)
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(api_url, timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert api.process.poll() is None, api.log()[-4000:]
            assert time.monotonic() < deadline, api.log()[-4000:]
            time.sleep(0.1)
        keystone.register_service('compute', 'nova', api_url)
        project_id, _user_id = keystone.create_project_user(PROJECT, USER, PASSWORD)
        yield keystone, project_id
    finally:
        deployment.stop_all()
        db.drop()


def _novum(ks, *args: str, password: str = PASSWORD):
    env = {k: v for k, v in os.environ.items() if not k.startswith('OS_')}
    env.update(OS_AUTH_URL=ks.auth_url, OS_USERNAME=USER, OS_PASSWORD=password,
               OS_PROJECT_NAME=PROJECT, OS_USER_DOMAIN_ID='default',
               OS_PROJECT_DOMAIN_ID='default', OS_REGION_NAME='RegionOne')
    return subprocess.run([fixtures.bin_path('novum'), *args], capture_output=True, text=True,
                          env=env, timeout=120)


def test_password_login_uses_catalog_endpoint_and_token_project(keystone_cloud):
    ks, project_id = keystone_cloud
    flavors = _novum(ks, 'flavor-list')
    assert flavors.returncode == 0, flavors.stderr
    assert '| m1.tiny ' in flavors.stdout
    servers = _novum(ks, 'list')
    assert (servers.returncode, servers.stderr) == (0, '')
    # quota-show defaults to the project of the Keystone token.
    quota = _novum(ks, 'quota-show', '--format', 'json')
    assert quota.returncode == 0, quota.stderr
    assert '"instances": 10' in quota.stdout
    assert project_id


def test_wrong_password_is_one_line_error(keystone_cloud):
    ks, _project_id = keystone_cloud
    result = _novum(ks, 'list', password='wrong')
    assert result.returncode == 1
    assert result.stdout == ''
    assert result.stderr.startswith('ERROR (CommandError): Keystone: The request you have '
                                    'made requires authentication. (HTTP 401)')
    assert len(result.stderr.splitlines()) == 1
