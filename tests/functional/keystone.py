"""A real Keystone for the functional tests: PyPI keystone on SQLite, served by gunicorn
on 127.0.0.1 with a free port, everything under the test's tmp directory.
"""

import os
import subprocess
import time

import pytest
import requests
from cryptography import fernet
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3
from openstack import connection

from tests.functional import fixtures

REGION = 'RegionOne'
ADMIN_PASSWORD = 'admin-secret'
SERVICE_PROJECT = 'service'
SERVICE_USER = 'novum'
SERVICE_PASSWORD = 'novum-secret'
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _password_auth(auth_url: str, username: str, password: str,
                   project_name: str) -> v3.Password:
    return v3.Password(auth_url=auth_url, username=username, password=password,
                       project_name=project_name, user_domain_id='default',
                       project_domain_id='default')


def _write_key_repository(path: str) -> None:
    """What `keystone-manage fernet_setup` / `credential_setup` leave behind: a private
    directory with a staged key "0" and a primary key "1" (two fewer processes to start)."""
    os.makedirs(path, mode=0o700, exist_ok=True)
    for name in ('0', '1'):
        descriptor = os.open(os.path.join(path, name), os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
                             0o600)
        with os.fdopen(descriptor, 'wb') as f:
            f.write(fernet.Fernet.generate_key())


class Keystone:
    """Keystone on SQLite with fernet tokens, bootstrapped with an admin, a region,
    its own identity endpoints and a service user for keystonemiddleware."""

    def __init__(self, tmp_path, port: int | None = None):
        self.dir = os.path.join(str(tmp_path), 'keystone')
        os.makedirs(self.dir, exist_ok=True)
        self.port = port or fixtures.free_port()
        self.url = f'http://127.0.0.1:{self.port}'
        self.auth_url = f'{self.url}/v3'
        self.log_path = os.path.join(self.dir, 'keystone.log')
        self.config_file = os.path.join(self.dir, 'keystone.conf')
        self.process: subprocess.Popen | None = None
        self._admin: connection.Connection | None = None
        self.startup_seconds: float | None = None
        self._write_config()

    def _write_config(self) -> None:
        sections = {
            'DEFAULT': {'debug': 'false'},
            # bcrypt's cheapest setting: every user creation and password check hashes.
            'identity': {'password_hash_rounds': '4'},
            'database': {'connection': f'sqlite:///{self.dir}/keystone.sqlite'},
            'token': {'provider': 'fernet'},
            'fernet_tokens': {'key_repository': f'{self.dir}/fernet-keys'},
            'fernet_receipts': {'key_repository': f'{self.dir}/fernet-receipts'},
            'credential': {'key_repository': f'{self.dir}/credential-keys'},
        }
        with open(self.config_file, 'w') as f:
            for section, values in sections.items():
                f.write(f'[{section}]\n')
                for key, value in values.items():
                    f.write(f'{key} = {value}\n')

    def _env(self) -> dict:
        env = dict(os.environ)
        env['OS_KEYSTONE_CONFIG_DIR'] = self.dir
        env['OS_KEYSTONE_CONFIG_FILES'] = 'keystone.conf'
        return env

    def _manage(self, *args: str) -> subprocess.Popen:
        log = open(self.log_path, 'ab')
        try:
            return subprocess.Popen(
                [fixtures.bin_path('keystone-manage'), '--config-file', self.config_file,
                 *args], stdout=log, stderr=subprocess.STDOUT, env=self._env())
        finally:
            log.close()

    def _wait_all(self, processes: list[subprocess.Popen]) -> None:
        for process in processes:
            if process.wait(120) != 0:
                raise AssertionError(f'keystone-manage {process.args[3:]} failed with '
                                     f'{process.returncode}:\n{self.log()[-4000:]}')

    def log(self) -> str:
        with open(self.log_path, errors='replace') as f:
            return f.read()

    def start(self, timeout: float = 60.0) -> None:
        """Create the database and keys, bootstrap, and serve until GET /v3 answers."""
        started = time.monotonic()
        for repository in ('fernet-keys', 'fernet-receipts', 'credential-keys'):
            _write_key_repository(os.path.join(self.dir, repository))
        log = open(self.log_path, 'ab')
        # Keystone's app touches no table while it loads, so it loads while db_sync and
        # bootstrap run. SQLite allows one writer: one worker with one thread, else
        # "database is locked".
        self.process = subprocess.Popen(
            [fixtures.bin_path('gunicorn'), '--bind', f'127.0.0.1:{self.port}',
             '--workers', '1', '--threads', '1', '--chdir', REPO_ROOT,
             'tests.functional.keystone_wsgi:application'],
            stdout=log, stderr=subprocess.STDOUT, env=self._env(), start_new_session=True)
        log.close()
        self._wait_all([self._manage('db_sync')])
        bootstrap = self._manage(
            'bootstrap', '--bootstrap-password', ADMIN_PASSWORD,
            '--bootstrap-region-id', REGION,
            '--bootstrap-admin-url', self.auth_url,
            '--bootstrap-public-url', self.auth_url,
            '--bootstrap-internal-url', self.auth_url)
        self._wait_all([bootstrap])
        self._wait_until_serving(started + timeout)
        self._create_service_user()
        self.startup_seconds = time.monotonic() - started

    def _wait_until_serving(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f'keystone exited with {self.process.returncode}:\n'
                                     f'{self.log()[-4000:]}')
            try:
                if requests.get(self.auth_url, timeout=2).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        raise AssertionError(f'keystone did not answer on {self.auth_url}:\n'
                             f'{self.log()[-4000:]}')

    def stop(self) -> None:
        if self._admin is not None:
            self._admin.close()
            self._admin = None
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait(15)

    def session(self, username: str, password: str, project_name: str) -> ks_session.Session:
        return ks_session.Session(
            auth=_password_auth(self.auth_url, username, password, project_name))

    @property
    def admin(self) -> connection.Connection:
        """An openstacksdk connection as the bootstrap admin (project admin)."""
        if self._admin is None:
            self._admin = connection.Connection(
                session=self.session('admin', ADMIN_PASSWORD, 'admin'),
                region_name=REGION, identity_api_version='3')
        return self._admin

    def create_project_user(self, project_name: str, username: str, password: str,
                            roles: tuple[str, ...] = ('member',)) -> tuple[str, str]:
        """A project and a user with `roles` on it; returns (project_id, user_id)."""
        identity = self.admin.identity
        project = identity.find_project(project_name, domain_id='default')
        if project is None:
            project = identity.create_project(name=project_name, domain_id='default')
        user = identity.create_user(name=username, password=password, domain_id='default',
                                    default_project_id=project.id)
        for role_name in roles:
            role = identity.find_role(role_name, ignore_missing=False)
            identity.assign_project_role_to_user(project, user, role)
        return project.id, user.id

    def _create_service_user(self) -> None:
        # keystonemiddleware validates tokens as this user; the "service" role lets it.
        self.create_project_user(SERVICE_PROJECT, SERVICE_USER, SERVICE_PASSWORD,
                                 roles=('service', 'admin'))

    def register_service(self, service_type: str, name: str, url: str) -> None:
        """Add `service_type` to the catalog with public/internal/admin endpoints."""
        identity = self.admin.identity
        service = identity.create_service(name=name, type=service_type)
        for interface in ('public', 'internal', 'admin'):
            identity.create_endpoint(service_id=service.id, interface=interface, url=url,
                                     region_id=REGION)

    def issue_token(self, username: str, password: str,
                    project_name: str) -> tuple[str, str]:
        """A project-scoped token from Keystone: (token, project_id)."""
        sess = self.session(username, password, project_name)
        return sess.get_token(), sess.get_project_id()

    def authtoken_options(self) -> dict:
        """The [keystone_authtoken] section for an API that validates against us."""
        return {
            'www_authenticate_uri': self.auth_url,
            'auth_url': self.auth_url,
            'auth_type': 'password',
            'username': SERVICE_USER,
            'password': SERVICE_PASSWORD,
            'project_name': SERVICE_PROJECT,
            'user_domain_id': 'default',
            'project_domain_id': 'default',
            'region_name': REGION,
        }


@pytest.fixture(scope='module')
def keystone(tmp_path_factory):
    """A running Keystone shared by the tests of one module."""
    server = Keystone(tmp_path_factory.mktemp('keystone'))
    try:
        server.start()
        yield server
    finally:
        server.stop()

