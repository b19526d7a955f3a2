"""The real OpenStack clients (openstack, nova, openstacksdk) pointed at a novum-api:
clouds.yaml writers, CLI runners returning parsed output, an openstacksdk factory.
"""

import json
import os
import signal
import subprocess
import time

import requests
import yaml
from openstack import config as os_config
from openstack import connection as os_connection

from tests.functional import fixtures

CLOUD = 'novum'
# 2.37 is the first microversion where `server create --nic none` is accepted, which the
# clients need when no network service exists.
COMPUTE_API_VERSION = '2.37'


def noauth_cloud(api_url: str, token: str = 'demo:demo') -> dict:
    """A clouds.yaml entry for novum-api with auth_strategy = noauth2.

    keystoneauth1's admin_token plugin sends the fixed X-Auth-Token `user:project` to fixed
    endpoints: the compute API at /v2.1, the Glance-shaped view of the image catalog that
    novum-api serves at /image (how `--image NAME` is resolved) and the identity v3
    version document it serves at /identity (openstackclient insists on discovering one).
    """
    root = api_url.rsplit('/v2.1', 1)[0]
    return {
        'auth_type': 'admin_token',
        'auth': {'endpoint': api_url, 'token': token},
        'compute_endpoint_override': api_url,
        'compute_api_version': COMPUTE_API_VERSION,
        'image_endpoint_override': f'{root}/image',
        'image_api_version': '2',
        'identity_endpoint_override': f'{root}/identity/v3',
        'identity_api_version': '3',
    }


def keystone_cloud(auth_url: str, username: str, password: str, project_name: str) -> dict:
    """A clouds.yaml entry for a user of a Keystone whose catalog lists novum-api."""
    return {
        'auth_type': 'password',
        'auth': {'auth_url': auth_url, 'username': username, 'password': password,
                 'project_name': project_name, 'user_domain_id': 'default',
                 'project_domain_id': 'default'},
        'region_name': 'RegionOne',
        'compute_api_version': COMPUTE_API_VERSION,
        'identity_api_version': '3',
    }


def clean_env() -> dict:
    """This environment without OS_* variables, so nothing but our config reaches a client."""
    env = {key: value for key, value in os.environ.items() if not key.startswith('OS_')}
    env.setdefault('PYTHONWARNINGS', 'ignore')
    return env


class CommandFailed(AssertionError):
    def __init__(self, argv: list[str], result: subprocess.CompletedProcess):
        self.returncode = result.returncode
        self.stdout = result.stdout
        self.stderr = result.stderr
        super().__init__(f'{" ".join(argv)} exited with {result.returncode}:\n'
                         f'stdout: {result.stdout[-3000:]}\nstderr: {result.stderr[-3000:]}')


def run(argv: list[str], env: dict, timeout: float = 60.0,
        check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=timeout)
    if check and result.returncode != 0:
        raise CommandFailed(argv, result)
    return result


def parse_table(text: str) -> list[dict]:
    """Rows of the first prettytable in `text` (novaclient has no JSON output)."""
    lines = [line for line in text.splitlines() if line.startswith('|')]
    if not lines:
        return []
    split = [[cell.strip() for cell in line.strip().strip('|').split('|')] for line in lines]
    header, rows = split[0], split[1:]
    return [dict(zip(header, row, strict=False)) for row in rows]


def openstack_with_env(os_env: dict, *args: str, timeout: float = 60.0):
    """Run `openstack ARGS -f json` configured only by OS_* variables (no clouds.yaml)."""
    env = clean_env()
    env.update(os_env)
    argv = [fixtures.bin_path('openstack'), *args, '-f', 'json']
    return json.loads(run(argv, env, timeout).stdout)


def nova_with_env(os_env: dict, *args: str, timeout: float = 60.0) -> str:
    """Run `nova ARGS` configured only by OS_* variables; its stdout."""
    env = clean_env()
    env.update(os_env)
    return run([fixtures.bin_path('nova'), *args], env, timeout).stdout


def keystone_env(auth_url: str, username: str, password: str, project_name: str) -> dict:
    """The OS_* variables of a Keystone user, as an openrc file sets them."""
    return {
        'OS_AUTH_URL': auth_url, 'OS_USERNAME': username, 'OS_PASSWORD': password,
        'OS_PROJECT_NAME': project_name, 'OS_USER_DOMAIN_ID': 'default',
        'OS_PROJECT_DOMAIN_ID': 'default', 'OS_IDENTITY_API_VERSION': '3',
        'OS_REGION_NAME': 'RegionOne', 'OS_COMPUTE_API_VERSION': COMPUTE_API_VERSION,
    }


class Clients:
    """openstack, nova and openstacksdk configured for one cloud of a clouds.yaml."""

    def __init__(self, directory, cloud: dict, name: str = CLOUD,
                 nova_args: list[str] | None = None, nova_env: dict | None = None):
        self.name = name
        self.cloud = cloud
        self.clouds_yaml = os.path.join(str(directory), f'clouds-{name}.yaml')
        with open(self.clouds_yaml, 'w') as f:
            yaml.safe_dump({'clouds': {name: cloud}}, f)
        self.nova_args = nova_args or []
        self.nova_env = nova_env or {}

    @classmethod
    def noauth(cls, directory, api_url: str, token: str = 'demo:demo',
               name: str = CLOUD) -> 'Clients':
        """Clients for a noauth2 API: `token` is `user:project` (admin when user is admin)."""
        project = token.split(':', 1)[1]
        nova_args = ['--os-auth-type', 'admin_token', '--os-endpoint', api_url,
                     '--os-token', token, '--os-compute-api-version', COMPUTE_API_VERSION]
        # novaclient refuses to start without an auth URL and a project, though the
        # admin_token plugin uses neither.
        nova_env = {'OS_AUTH_URL': api_url, 'OS_PROJECT_ID': project}
        return cls(directory, noauth_cloud(api_url, token), name, nova_args, nova_env)

    def env(self) -> dict:
        env = clean_env()
        env['OS_CLIENT_CONFIG_FILE'] = self.clouds_yaml
        env['OS_CLOUD'] = self.name
        return env

    def openstack(self, *args: str, timeout: float = 60.0, check: bool = True):
        """Run `openstack --os-cloud NAME ARGS -f json`; the parsed JSON output."""
        result = self.openstack_text(*args, '-f', 'json', timeout=timeout, check=check)
        return json.loads(result) if result.strip() else None

    def openstack_text(self, *args: str, timeout: float = 60.0, check: bool = True) -> str:
        """Run `openstack --os-cloud NAME ARGS`; its stdout (commands without output)."""
        argv = [fixtures.bin_path('openstack'), '--os-cloud', self.name, *args]
        return run(argv, self.env(), timeout, check).stdout

    def openstack_result(self, *args: str, timeout: float = 60.0) -> subprocess.CompletedProcess:
        """Run `openstack` without checking the exit status (for expected failures)."""
        argv = [fixtures.bin_path('openstack'), '--os-cloud', self.name, *args]
        return run(argv, self.env(), timeout, check=False)

    def nova(self, *args: str, timeout: float = 60.0, check: bool = True) -> str:
        """Run `nova` with the admin_token arguments; its stdout."""
        env = clean_env()
        env.update(self.nova_env)
        argv = [fixtures.bin_path('nova'), *self.nova_args, *args]
        return run(argv, env, timeout, check).stdout

    def sdk(self) -> os_connection.Connection:
        """An openstacksdk connection to the same cloud, read from the same clouds.yaml."""
        config = os_config.OpenStackConfig(config_files=[self.clouds_yaml],
                                                  load_envvars=False)
        return os_connection.Connection(config=config.get_one(self.name))


def wait_for(predicate, timeout: float = 60.0, interval: float = 0.2, what: str = 'condition'):
    """Poll `predicate` until it returns something truthy; that value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f'timed out after {timeout}s waiting for {what}')
        time.sleep(interval)


def start_deployment(tmp_path, images: dict[str, str],
                     compute_host: str = 'compute1') -> tuple[fixtures.Database,
                                                              fixtures.Deployment]:
    """A MariaDB-backed deployment with `images` registered ({name: id}) and
    novum-conductor, novum-scheduler and one novum-compute running (no API yet)."""
    fixtures.require('rabbitmq')
    db = fixtures.Database('mariadb', tmp_path)
    deployment = fixtures.Deployment(tmp_path, db.url, options={
        'DEFAULT': {'rpc_response_timeout': '30'},
    })
    try:
        deployment.manage('db', 'sync')
        for name, image_id in images.items():
            deployment.manage('image', 'register', name, '--id', image_id)
        # Start the three side by side; each is ready when it logs it.
        daemons = [deployment.start('novum-conductor', ready_text=None),
                   deployment.start('novum-scheduler', ready_text=None),
                   deployment.start('novum-compute', ready_text=None,
                                    overrides={'DEFAULT': {'host': compute_host}})]
        for daemon in daemons:
            daemon.wait_for_log('started on host', timeout=60)
    except BaseException:
        stop_deployment(deployment, db)
        raise
    return db, deployment


def stop_deployment(deployment: fixtures.Deployment, db: fixtures.Database) -> None:
    """Signal every daemon at once (each takes seconds to shut down), then wait for all."""
    for daemon in deployment.daemons:
        if daemon.process.poll() is None:
            try:
                os.killpg(daemon.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    deployment.stop_all()
    db.drop()


def start_api(deployment: fixtures.Deployment, auth_strategy: str,
              options: dict | None = None, name: str | None = None) -> str:
    """Start a novum-api with `auth_strategy` on a free port; its /v2.1 URL once it answers."""
    port = fixtures.free_port()
    overrides = {
        'DEFAULT': {'osapi_compute_listen': '127.0.0.1',
                    'osapi_compute_listen_port': str(port),
                    'osapi_compute_workers': '1'},
        'api': {'auth_strategy': auth_strategy},
    }
    for section, values in (options or {}).items():
        overrides.setdefault(section, {}).update(values)
    daemon = deployment.start('novum-api', name=name or f'novum-api-{auth_strategy}',
                              overrides=overrides, ready_text=None)
    root = f'http://127.0.0.1:{port}/'

    def answers():
        if daemon.process.poll() is not None:
            raise AssertionError(f'novum-api exited with {daemon.process.returncode}:\n'
                                 f'{daemon.log()[-4000:]}')
        try:
            return requests.get(root, timeout=2).status_code == 200
        except requests.ConnectionError:
            return False

    wait_for(answers, timeout=60, interval=0.1, what=f'novum-api on {root}')
    return root + 'v2.1'


def wait_for_compute(conn: os_connection.Connection, host: str, timeout: float = 60.0) -> None:
    """Wait until the compute service on `host` is up and its hypervisor is listed
    (needs an admin connection)."""
    def ready():
        up = any(service.binary.endswith('-compute') and service.state == 'up'
                 for service in conn.compute.services(host=host))
        return up and any(hypervisor.name == host for hypervisor in conn.compute.hypervisors())

    wait_for(ready, timeout=timeout, interval=0.3, what=f'compute on {host}')


def server_status(conn: os_connection.Connection, server_id: str) -> str | None:
    """The server's status, or None once it is gone."""
    server = conn.compute.find_server(server_id, ignore_missing=True)
    return server.status if server is not None else None
