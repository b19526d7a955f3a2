"""The real OpenStack clients (openstack, nova, openstacksdk) pointed at a novum-api:
clouds.yaml writers, CLI runners returning parsed output, an openstacksdk factory.
"""

import json
import os
import subprocess
import time

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

    keystoneauth1's admin_token plugin sends the fixed X-Auth-Token `user:project` to a fixed
    endpoint. openstackclient insists on an identity v3 proxy (`server list` creates one)
    and openstacksdk only skips identity discovery when both an endpoint override and a
    version are configured, so the identity endpoint is pinned to the compute URL, which
    is never called for identity.
    """
    return {
        'auth_type': 'admin_token',
        'auth': {'endpoint': api_url, 'token': token},
        'compute_endpoint_override': api_url,
        'compute_api_version': COMPUTE_API_VERSION,
        'identity_api_version': '3',
        'identity_endpoint_override': api_url,
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
