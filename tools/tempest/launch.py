"""Run Tempest's compute API tests against Novum behind a real Keystone, on 127.0.0.1.

Starts Keystone (SQLite, gunicorn), the daemons on RabbitMQ (own vhost) and MariaDB (own
database), and novum-api with auth_strategy = keystone; writes tempest.conf; runs
`tempest run` from the Tempest venv; summarises the results; stops everything.
Run it through tools/tempest/run-tempest.sh (see --help).
"""

import argparse
import os
import shutil
import signal
import string
import subprocess
import sys
import tempfile
import time

import requests

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, REPO_ROOT)

from tests.functional import clients, fixtures  # noqa: E402
from tests.functional import keystone as keystone_fixture  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
IMAGES = {'cirros': '7c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e05',
          'cirros-alt': '3f0a9b6e-58d1-4c0e-9a2b-7d4e5f6a7b81'}
COMPUTE_HOST = 'compute1'
DEMO_PASSWORD = 'demo-secret'

# The compute API groups the Novum API is judged by (Tempest 47 module names).
DEFAULT_REGEX = (
    r'^tempest\.api\.compute\.('
    r'servers\.|flavors\.|keypairs\.|limits\.|test_quotas|test_versions|'
    r'admin\.test_(services|hypervisor|quotas|availability_zone|flavors|keypairs_v210|'
    r'servers|create_server|delete_server)(_negative)?\.)')


def _log(message: str) -> None:
    print(f'[run-tempest {time.strftime("%H:%M:%S")}] {message}', flush=True)


class Cloud:
    """Keystone, the Novum daemons and novum-api, started and stopped together."""

    def __init__(self, workdir: str):
        self.workdir = workdir
        self.keystone = keystone_fixture.Keystone(workdir)
        self.db: fixtures.Database | None = None
        self.deployment: fixtures.Deployment | None = None
        self.api_url: str | None = None
        self.api_port = fixtures.free_port()
        self.api_daemon: fixtures.Daemon | None = None

    def start(self) -> None:
        fixtures.require('rabbitmq')
        fixtures.require('mariadb')
        _log(f'starting Keystone on {self.keystone.url}')
        self.keystone.start()
        for project, user in (('demo', 'demo'), ('alt_demo', 'alt_demo')):
            self.keystone.create_project_user(project, user, DEMO_PASSWORD, roles=('member',))
        self.db = fixtures.Database('mariadb', self.workdir)
        self.deployment = fixtures.Deployment(self.workdir, self.db.url, options={
            'DEFAULT': {'rpc_response_timeout': '30'},
            # Room for the servers of concurrent Tempest classes on one fake host.
            'fake_driver': {'vcpus': '64', 'memory_mb': '131072', 'local_gb': '2000'},
        })
        _log(f'database {self.db.name}, RabbitMQ vhost {self.deployment.vhost.name}')
        self.deployment.manage('db', 'sync')
        for name, image_id in IMAGES.items():
            self.deployment.manage('image', 'register', name, '--id', image_id)
        daemons = [self.deployment.start('novum-conductor', ready_text=None),
                   self.deployment.start('novum-scheduler', ready_text=None),
                   self.deployment.start('novum-compute', ready_text=None,
                                         overrides={'DEFAULT': {'host': COMPUTE_HOST}})]
        for daemon in daemons:
            daemon.wait_for_log('started on host', timeout=90)
        self.start_api()
        self.keystone.register_service('compute', 'nova', self.api_url)
        # Tempest's admin compute tests need an image client: novum-api serves a
        # Glance-v2-shaped read-only view of its image catalog at /image.
        self.keystone.register_service('image', 'glance',
                                       self.api_url.rsplit('/v2.1', 1)[0] + '/image')
        admin = clients.Clients(self.workdir, clients.keystone_cloud(
            self.keystone.auth_url, 'admin', keystone_fixture.ADMIN_PASSWORD, 'admin'),
            name='admin')
        clients.wait_for_compute(admin.sdk(), COMPUTE_HOST, timeout=90)
        _log(f'novum-api (keystone) at {self.api_url}; compute {COMPUTE_HOST} is up')

    def start_api(self) -> None:
        """(Re)start novum-api on the same port, so the catalog entry stays right."""
        if self.api_daemon is not None:
            self.api_daemon.stop()
            self.deployment.daemons.remove(self.api_daemon)
        options = {'keystone_authtoken': self.keystone.authtoken_options()}
        overrides = {
            'DEFAULT': {'osapi_compute_listen': '127.0.0.1',
                        'osapi_compute_listen_port': str(self.api_port),
                        'osapi_compute_workers': '1'},
            'api': {'auth_strategy': 'keystone'},
        }
        overrides.update(options)
        self.api_daemon = self.deployment.start('novum-api', overrides=overrides,
                                                ready_text=None)
        root = f'http://127.0.0.1:{self.api_port}/'

        def answers():
            if self.api_daemon.process.poll() is not None:
                raise AssertionError(f'novum-api exited:\n{self.api_daemon.log()[-4000:]}')
            try:
                return requests.get(root, timeout=2).status_code == 200
            except requests.ConnectionError:
                return False

        clients.wait_for(answers, timeout=60, interval=0.1, what='novum-api')
        self.api_url = root + 'v2.1'

    def stop(self) -> None:
        if self.deployment is not None:
            self.deployment.stop_all()
        if self.db is not None:
            self.db.drop()
        self.keystone.stop()


def write_tempest_conf(cloud: Cloud, workspace: str, build_timeout: int) -> str:
    with open(os.path.join(HERE, 'tempest.conf.template')) as f:
        template = string.Template(f.read())
    images = list(IMAGES.values())
    text = template.substitute(
        log_file=os.path.join(workspace, 'tempest.log'),
        admin_password=keystone_fixture.ADMIN_PASSWORD, auth_url=cloud.keystone.auth_url,
        image_ref=images[0], image_ref_alt=images[1], build_timeout=build_timeout)
    os.makedirs(os.path.join(workspace, 'etc'), exist_ok=True)
    path = os.path.join(workspace, 'etc', 'tempest.conf')
    with open(path, 'w') as f:
        f.write(text)
    return path


def run_tempest(tempest_venv: str, workspace: str, conf_path: str, regex: str,
                concurrency: int, timeout: float, exclude: str | None,
                default_network_shim: bool = True) -> int:
    argv = [os.path.join(tempest_venv, 'bin', 'tempest'), 'run', '--config-file', conf_path,
            '--regex', regex, '--concurrency', str(concurrency)]
    if exclude:
        argv += ['--exclude-regex', exclude]
    env = {key: value for key, value in os.environ.items() if not key.startswith('OS_')}
    env['PATH'] = os.path.join(tempest_venv, 'bin') + os.pathsep + env.get('PATH', '')
    env.pop('VIRTUAL_ENV', None)
    env.pop('PYTHONPATH', None)
    if default_network_shim:
        env['PYTHONPATH'] = os.path.join(HERE, 'shim')
    _log('running: ' + ' '.join(argv))
    with open(os.path.join(workspace, 'tempest-run.out'), 'wb') as out:
        process = subprocess.Popen(argv, cwd=workspace, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        try:
            return process.wait(timeout)
        except subprocess.TimeoutExpired:
            _log(f'tempest run exceeded {timeout}s: stopping it')
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            return 124


def summarise(tempest_venv: str, workspace: str) -> None:
    subunit = os.path.join(workspace, 'results.subunit')
    with open(subunit, 'wb') as out:
        subprocess.run([os.path.join(tempest_venv, 'bin', 'stestr'), 'last', '--subunit'],
                       cwd=workspace, stdout=out, stderr=subprocess.DEVNULL, timeout=120)
    subprocess.run([os.path.join(tempest_venv, 'bin', 'python'),
                    os.path.join(HERE, 'summarize.py'), subunit,
                    os.path.join(workspace, 'failures.txt')], timeout=120)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--regex', default=DEFAULT_REGEX,
                        help='tempest run --regex (default: the compute API groups)')
    parser.add_argument('--exclude-regex', default=None)
    parser.add_argument('--concurrency', type=int, default=2)
    parser.add_argument('--workdir', help='where logs and the Tempest workspace go '
                        '(default: a new directory under /tmp)')
    parser.add_argument('--tempest-venv', default=os.environ.get(
        'TEMPEST_VENV', '/work/tempest-venv'))
    parser.add_argument('--timeout', type=float, default=3600,
                        help='seconds the Tempest run may take')
    parser.add_argument('--build-timeout', type=int, default=60)
    parser.add_argument('--no-default-network-shim', action='store_true',
                        help='let Tempest skip the classes that ask for a default network '
                             '(see shim/sitecustomize.py)')
    parser.add_argument('--serve', action='store_true',
                        help='set everything up, write tempest.conf, and wait (SIGHUP '
                             'restarts novum-api, SIGINT/SIGTERM stops) instead of running')
    args = parser.parse_args(argv)

    workdir = os.path.abspath(args.workdir or tempfile.mkdtemp(prefix='novum-tempest-'))
    marker = os.path.join(workdir, '.novum-tempest')
    if os.path.isdir(workdir) and os.listdir(workdir):
        # A directory of an earlier run is emptied (Keystone's SQLite must start afresh);
        # anything else is not ours to delete.
        if not os.path.exists(marker):
            parser.error(f'{workdir} is not empty and not an earlier run-tempest directory')
        shutil.rmtree(workdir)
    os.makedirs(workdir, exist_ok=True)
    open(marker, 'w').close()
    workspace = os.path.join(workdir, 'tempest')
    os.makedirs(workspace)
    _log(f'work directory {workdir}')
    cloud = Cloud(workdir)
    stop = {'now': False, 'restart': False}

    def on_signal(signum, _frame):
        if signum == signal.SIGHUP:
            stop['restart'] = True
        else:
            stop['now'] = True
    try:
        cloud.start()
        conf_path = write_tempest_conf(cloud, workspace, args.build_timeout)
        if args.serve:
            signal.signal(signal.SIGINT, on_signal)
            signal.signal(signal.SIGTERM, on_signal)
            signal.signal(signal.SIGHUP, on_signal)
            _log(f'serving; tempest.conf at {conf_path}; pid {os.getpid()}')
            while not stop['now']:
                if stop['restart']:
                    stop['restart'] = False
                    cloud.start_api()
                    _log('novum-api restarted')
                time.sleep(0.5)
            return 0
        status = run_tempest(args.tempest_venv, workspace, conf_path, args.regex,
                             args.concurrency, args.timeout, args.exclude_regex,
                             not args.no_default_network_shim)
        summarise(args.tempest_venv, workspace)
        if status not in (0, 1):
            with open(os.path.join(workspace, 'tempest-run.out'), errors='replace') as f:
                print(f.read()[-3000:])
        _log(f'tempest run exited with {status}; output in {workspace}/tempest-run.out, '
             f'request log in {workspace}/tempest.log, daemon logs in {workdir}')
        return status
    finally:
        cloud.stop()
        _log('stopped Keystone and the Novum daemons; dropped the database and vhost')


if __name__ == '__main__':
    sys.exit(main())
