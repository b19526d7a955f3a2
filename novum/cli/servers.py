"""Server commands: boot, list, show, delete, reboot, stop, start and instance actions."""

import sys
import time

from novum.cli import client, formatting, utils
from novum.cli.utils import arg, command

POWER_STATES = {0: 'NOSTATE', 1: 'Running', 3: 'Paused', 4: 'Shutdown', 6: 'Crashed',
                7: 'Suspended'}
# The steps of a build, as task_state shows them, in order (see novum/compute/task_states).
BUILD_STEPS = ('scheduling', 'networking', 'block_device_mapping', 'spawning')
TASK_STATE = 'OS-EXT-STS:task_state'
POWER_STATE = 'OS-EXT-STS:power_state'


def _networks(server: dict) -> str:
    parts = []
    for network, addresses in sorted((server.get('addresses') or {}).items()):
        parts.append(f"{network}={', '.join(a.get('addr', '') for a in addresses)}")
    return '; '.join(parts)


def _list_row(server: dict) -> dict:
    power_state = server.get(POWER_STATE)
    return {'id': server['id'], 'name': server.get('name'), 'status': server.get('status'),
            'task_state': server.get(TASK_STATE),
            'power_state': POWER_STATES.get(power_state, power_state),
            'networks': _networks(server), 'tenant_id': server.get('tenant_id')}


def _print_server(cs: client.Client, server: dict, fmt: str) -> None:
    if fmt == 'json':
        formatting.print_dict(server, fmt)
        return
    info = {k: v for k, v in server.items() if k != 'links' and k != 'addresses'}
    for key in ('flavor', 'image'):
        ref = info.get(key)
        if isinstance(ref, dict) and 'id' in ref:
            info[key] = _describe(cs, key, ref['id'])
        elif isinstance(ref, dict) and 'original_name' in ref:
            info[key] = ref['original_name']
        elif not ref and key == 'image':
            info[key] = 'Attempt to boot from volume - no image supplied'
    for network, addresses in (server.get('addresses') or {}).items():
        info[f'{network} network'] = ', '.join(a.get('addr', '') for a in addresses)
    if 'fault' in info and isinstance(info['fault'], dict):
        info['fault'] = info['fault'].get('message')
    formatting.print_dict(info, fmt)


def _describe(cs: client.Client, kind: str, ref_id: str) -> str:
    """A flavor or image as novaclient shows it, e.g. "m1.tiny (1)"; the id if unknown."""
    try:
        if kind == 'flavor':
            name = cs.get(f'/flavors/{ref_id}')['flavor']['name']
        else:
            name = cs.get(f'/images/{ref_id}', version=utils.IMAGE_PROXY_VERSION)[
                'image']['name']
    except client.ClientError:
        return ref_id
    return f'{name} ({ref_id})'


class Progress:
    """A progress bar on stderr that names the build step (task_state) it is at. On a
    terminal it redraws one line; elsewhere it prints a line per change."""

    WIDTH = 24

    def __init__(self, label: str, steps: tuple = BUILD_STEPS, out=None):
        self.label = label
        self.steps = steps
        self.out = out or sys.stderr
        self.tty = self.out.isatty()
        self.last = None

    def update(self, status: str, task_state: str | None, done: bool = False) -> None:
        if (status, task_state) == self.last:
            return
        self.last = (status, task_state)
        if done:
            fraction = 1.0
        elif task_state in self.steps:
            fraction = (self.steps.index(task_state) + 1) / (len(self.steps) + 1)
        else:
            fraction = 0.0
        filled = int(round(fraction * self.WIDTH))
        bar = '#' * filled + '-' * (self.WIDTH - filled)
        line = f'{self.label} [{bar}] {int(fraction * 100):3d}% {status}'
        if task_state:
            line += f' {task_state}'
        if self.tty:
            self.out.write('\r' + line.ljust(78))
            if done:
                self.out.write('\n')
        else:
            self.out.write(line + '\n')
        self.out.flush()


def wait_for_status(cs: client.Client, server_id: str, label: str, final: tuple = ('ACTIVE',),
                    poll_interval: float = 0.25, timeout: float = 600.0,
                    progress: bool = True, steps: tuple = BUILD_STEPS) -> dict:
    """Poll GET /servers/<id> until its status is one of `final`; ERROR raises with the
    server's fault message. The progress bar counts `steps` (task_states, in order)."""
    bar = Progress(label, steps) if progress else None
    deadline = time.monotonic() + timeout
    while True:
        server = cs.get(f'/servers/{server_id}')['server']
        status = server.get('status')
        done = status in final and not server.get(TASK_STATE)
        if bar:
            bar.update(status, server.get(TASK_STATE), done)
        if done:
            return server
        if status == 'ERROR':
            fault = (server.get('fault') or {}).get('message') or 'no fault recorded'
            raise client.ResourceInErrorState(
                f"Server {server.get('name')} ({server_id}) is in ERROR state: {fault}")
        if time.monotonic() > deadline:
            raise client.CommandError(
                f'Server {server_id} not {"/".join(final)} within {timeout:.0f}s '
                f'(status {status}, task_state {server.get(TASK_STATE)})')
        time.sleep(poll_interval)


def wait_for_delete(cs: client.Client, server_id: str, poll_interval: float = 0.25,
                    timeout: float = 600.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            server = cs.get(f'/servers/{server_id}')['server']
        except client.NotFound:
            return
        if server.get('status') == 'DELETED':
            return
        if server.get('status') == 'ERROR' and not server.get(TASK_STATE):
            raise client.ResourceInErrorState(f'Server {server_id} failed to delete: '
                                              f"{(server.get('fault') or {}).get('message')}")
        if time.monotonic() > deadline:
            raise client.CommandError(f'Server {server_id} still exists after {timeout:.0f}s')
        time.sleep(poll_interval)


_wait_args = (
    arg('--poll-interval', type=float, default=0.25, help='Seconds between polls.'),
    arg('--timeout', type=float, default=600.0, help='Seconds to wait at most.'),
)


def _with_wait_args(func):
    for decorator in reversed(_wait_args):
        func = decorator(func)
    return func


@command('boot', 'Boot a new server.')
@arg('name', help='Name of the new server.')
@arg('--flavor', required=True, help='Name or ID of the flavor.')
@arg('--image', required=True, help='Name or ID of the image.')
@arg('--key-name', help='Key pair to inject.')
@arg('--min-count', type=int, help='Boot at least this many servers (quota permitting).')
@arg('--max-count', type=int, help='Boot at most this many servers.')
@arg('--availability-zone', help='Availability zone (or zone:host for admins).')
@arg('--meta', action='append', default=[], metavar='KEY=VALUE',
     help='Metadata to store on the server (repeatable).')
@arg('--hint', action='append', default=[], metavar='KEY=VALUE',
     help='Scheduler hint, e.g. group=<server group id> (repeatable).')
@arg('--nic', default='none', choices=('none', 'auto'),
     help='Networking (microversion >= 2.37): none (default, no network service) or auto.')
@arg('--wait', action='store_true', help='Wait for the server to be ACTIVE, with a '
     'progress bar showing the build steps.')
@_with_wait_args
def do_boot(cs: client.Client, args) -> None:
    flavor = utils.find_flavor(cs, args.flavor)
    image = utils.find_image(cs, args.image)
    body = {'name': args.name, 'flavorRef': flavor['id'], 'imageRef': image['id']}
    if args.key_name:
        body['key_name'] = args.key_name
    if args.availability_zone:
        body['availability_zone'] = args.availability_zone
    if args.meta:
        body['metadata'] = utils.key_values(args.meta)
    if client.parse_version(cs.api_version or client.DEFAULT_API_VERSION) >= (2, 37):
        body['networks'] = args.nic
    min_count, max_count = args.min_count or 1, args.max_count or args.min_count or 1
    if min_count > max_count:
        raise client.CommandError('min_count must be <= max_count')
    if max_count > 1:
        body['min_count'], body['max_count'] = min_count, max_count
        body['return_reservation_id'] = True
    request = {'server': body}
    if args.hint:
        request['os:scheduler_hints'] = utils.key_values(args.hint)
    response = cs.post('/servers', request)
    if 'reservation_id' in response:
        servers = cs.get('/servers/detail',
                         params={'reservation_id': response['reservation_id']})['servers']
    else:
        servers = [{'id': response['server']['id'], 'name': args.name}]
    if args.wait:
        servers = [wait_for_status(cs, s['id'], s.get('name') or s['id'],
                                   poll_interval=args.poll_interval, timeout=args.timeout)
                   for s in servers]
    elif 'server' in response:
        servers = [cs.get(f"/servers/{response['server']['id']}")['server']]
    if 'server' in response and response['server'].get('adminPass'):
        servers[0]['adminPass'] = response['server']['adminPass']
    if len(servers) == 1:
        _print_server(cs, servers[0], args.format)
    else:
        formatting.print_list([_list_row(s) for s in servers],
                              ('id', 'name', 'status', 'task_state', 'power_state'),
                              args.format, ('ID', 'Name', 'Status', 'Task State',
                                            'Power State'))


@command('list', 'List servers.')
@arg('--all-tenants', action='store_true', help='Servers of every project (admin).')
@arg('--status', help='Only servers with this status (e.g. ACTIVE, ERROR).')
@arg('--name', help='Only servers whose name matches this regular expression.')
@arg('--host', help='Only servers on this compute host (admin).')
def do_list(cs: client.Client, args) -> None:
    params = {}
    if args.all_tenants:
        params['all_tenants'] = 1
    for key in ('status', 'name', 'host'):
        if getattr(args, key):
            params[key] = getattr(args, key)
    servers = cs.get('/servers/detail', params=params)['servers']
    columns = ['id', 'name', 'status', 'task_state', 'power_state', 'networks']
    labels = ['ID', 'Name', 'Status', 'Task State', 'Power State', 'Networks']
    if args.all_tenants:
        columns.insert(2, 'tenant_id')
        labels.insert(2, 'Tenant ID')
    formatting.print_list([_list_row(s) for s in servers], columns, args.format, labels)


@command('show', 'Show details about the given server.')
@arg('server', help='Name or ID of the server.')
def do_show(cs: client.Client, args) -> None:
    _print_server(cs, utils.find_server(cs, args.server), args.format)


@command('delete', 'Delete servers.')
@arg('servers', nargs='+', metavar='server', help='Name or ID of a server.')
@arg('--wait', action='store_true', help='Wait until the servers are gone.')
@_with_wait_args
def do_delete(cs: client.Client, args) -> None:
    failures = []
    deleted = []
    for ref in args.servers:
        try:
            server = utils.find_server(cs, ref)
            cs.delete(f"/servers/{server['id']}")
            deleted.append(server)
            print(f'Request to delete server {ref} has been accepted.')
        except client.ClientError as e:
            failures.append(f'Delete for server {ref} failed: {e}')
    if args.wait:
        for server in deleted:
            wait_for_delete(cs, server['id'], args.poll_interval, args.timeout)
            print(f"Server {server.get('name') or server['id']} deleted.")
    if failures:
        raise client.CommandError(' '.join(failures))


def _action(cs: client.Client, server_ref: str, body: dict) -> dict:
    server = utils.find_server(cs, server_ref)
    cs.post(f"/servers/{server['id']}/action", body)
    return server


@command('reboot', 'Reboot a server.')
@arg('server', help='Name or ID of the server.')
@arg('--hard', action='store_true', help='Hard reboot (power cycle) instead of soft.')
@arg('--wait', action='store_true', help='Wait until the server is ACTIVE again.')
@_with_wait_args
def do_reboot(cs: client.Client, args) -> None:
    server = _action(cs, args.server, {'reboot': {'type': 'HARD' if args.hard else 'SOFT'}})
    print(f'Request to reboot server {args.server} has been accepted.')
    if args.wait:
        wait_for_status(cs, server['id'], server.get('name') or server['id'],
                        poll_interval=args.poll_interval, timeout=args.timeout,
                        progress=False)


@command('stop', 'Stop (power off) a server.')
@arg('server', help='Name or ID of the server.')
@arg('--wait', action='store_true', help='Wait until the server is SHUTOFF.')
@_with_wait_args
def do_stop(cs: client.Client, args) -> None:
    server = _action(cs, args.server, {'os-stop': None})
    print(f'Request to stop server {args.server} has been accepted.')
    if args.wait:
        wait_for_status(cs, server['id'], server.get('name') or server['id'], ('SHUTOFF',),
                        args.poll_interval, args.timeout, progress=False)


@command('start', 'Start (power on) a server.')
@arg('server', help='Name or ID of the server.')
@arg('--wait', action='store_true', help='Wait until the server is ACTIVE.')
@_with_wait_args
def do_start(cs: client.Client, args) -> None:
    server = _action(cs, args.server, {'os-start': None})
    print(f'Request to start server {args.server} has been accepted.')
    if args.wait:
        wait_for_status(cs, server['id'], server.get('name') or server['id'], ('ACTIVE',),
                        args.poll_interval, args.timeout, progress=False)


@command('instance-action-list', 'List the actions performed on a server.')
@arg('server', help='Name or ID of the server.')
def do_instance_action_list(cs: client.Client, args) -> None:
    server = utils.find_server(cs, args.server)
    actions = cs.get(f"/servers/{server['id']}/os-instance-actions")['instanceActions']
    formatting.print_list(actions, ('action', 'request_id', 'message', 'start_time'),
                          args.format, ('Action', 'Request_ID', 'Message', 'Start_Time'))


@command('instance-action-show', 'Show an action of a server, with its events.',
         aliases=('instance-action',))
@arg('server', help='Name or ID of the server.')
@arg('request_id', help='Request ID of the action.')
def do_instance_action_show(cs: client.Client, args) -> None:
    server = utils.find_server(cs, args.server)
    action = cs.get(f"/servers/{server['id']}/os-instance-actions/{args.request_id}")[
        'instanceAction']
    formatting.print_dict(action, args.format)
