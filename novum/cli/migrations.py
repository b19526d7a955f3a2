"""Move commands: resize, resize-confirm, resize-revert, migrate and migration-list."""

from novum.cli import client, formatting, utils
from novum.cli.servers import _action, _with_wait_args, wait_for_status
from novum.cli.utils import arg, command

# A resize's task_states, in order (novum/compute/states.py RESIZE_TASK_STATES).
RESIZE_STEPS = ('resize_prep', 'resize_migrating', 'resize_migrated', 'resize_finish')
REVERT_STEPS = ('resize_reverting',)


def _wait_resized(cs: client.Client, server: dict, args) -> None:
    wait_for_status(cs, server['id'], server.get('name') or server['id'], ('VERIFY_RESIZE',),
                    args.poll_interval, args.timeout, steps=RESIZE_STEPS)


@command('resize', 'Resize a server to another flavor (then resize-confirm or '
         'resize-revert).')
@arg('server', help='Name or ID of the server.')
@arg('flavor', help='Name or ID of the new flavor.')
@arg('--wait', '--poll', action='store_true', help='Wait until the server is VERIFY_RESIZE, '
     'with a progress bar showing the resize steps.')
@_with_wait_args
def do_resize(cs: client.Client, args) -> None:
    flavor = utils.find_flavor(cs, args.flavor)
    server = _action(cs, args.server, {'resize': {'flavorRef': flavor['id']}})
    print(f'Request to resize server {args.server} has been accepted.')
    if args.wait:
        _wait_resized(cs, server, args)


@command('migrate', 'Cold migrate a server to another host (admin; then resize-confirm).')
@arg('server', help='Name or ID of the server.')
@arg('--wait', '--poll', action='store_true', help='Wait until the server is VERIFY_RESIZE, '
     'with a progress bar showing the migration steps.')
@_with_wait_args
def do_migrate(cs: client.Client, args) -> None:
    server = _action(cs, args.server, {'migrate': None})
    print(f'Request to migrate server {args.server} has been accepted.')
    if args.wait:
        _wait_resized(cs, server, args)


@command('resize-confirm', 'Confirm a previous resize or migration.')
@arg('server', help='Name or ID of the server.')
@arg('--wait', action='store_true', help='Wait until the server is ACTIVE (or SHUTOFF).')
@_with_wait_args
def do_resize_confirm(cs: client.Client, args) -> None:
    server = _action(cs, args.server, {'confirmResize': None})
    print(f'Request to confirm the resize of server {args.server} has been accepted.')
    if args.wait:
        wait_for_status(cs, server['id'], server.get('name') or server['id'],
                        ('ACTIVE', 'SHUTOFF'), args.poll_interval, args.timeout,
                        progress=False)


@command('resize-revert', 'Revert a previous resize or migration (back to the old flavor '
         'and host).')
@arg('server', help='Name or ID of the server.')
@arg('--wait', action='store_true', help='Wait until the server is ACTIVE (or SHUTOFF).')
@_with_wait_args
def do_resize_revert(cs: client.Client, args) -> None:
    server = _action(cs, args.server, {'revertResize': None})
    print(f'Request to revert the resize of server {args.server} has been accepted.')
    if args.wait:
        wait_for_status(cs, server['id'], server.get('name') or server['id'],
                        ('ACTIVE', 'SHUTOFF'), args.poll_interval, args.timeout,
                        steps=REVERT_STEPS)


_COLUMNS = (('id', 'Id'), ('source_node', 'Source Node'), ('dest_node', 'Dest Node'),
            ('source_compute', 'Source Compute'), ('dest_compute', 'Dest Compute'),
            ('dest_host', 'Dest Host'), ('status', 'Status'),
            ('instance_uuid', 'Instance UUID'), ('old_instance_type_id', 'Old Flavor'),
            ('new_instance_type_id', 'New Flavor'), ('created_at', 'Created At'),
            ('updated_at', 'Updated At'))


@command('migration-list', 'List migrations (admin), as novaclient prints them.')
@arg('--instance-uuid', help='Only migrations of this server.')
@arg('--host', help='Only migrations from or to this compute host.')
@arg('--status', help='Only migrations in this status (e.g. finished, confirmed).')
@arg('--migration-type', choices=('migration', 'resize', 'live-migration', 'evacuation'),
     help='Only migrations of this type.')
def do_migration_list(cs: client.Client, args) -> None:
    params = {key: getattr(args, key.replace('-', '_'))
              for key in ('instance_uuid', 'host', 'status', 'migration_type')
              if getattr(args, key.replace('-', '_'))}
    migrations = cs.get('/os-migrations', params=params)['migrations']
    columns = [key for key, _label in _COLUMNS]
    labels = [label for _key, label in _COLUMNS]
    if any('migration_type' in migration for migration in migrations) or \
            client.parse_version(cs.api_version or client.DEFAULT_API_VERSION) >= (2, 23):
        columns.append('migration_type')
        labels.append('Type')
    formatting.print_list(migrations, columns, args.format, labels)
