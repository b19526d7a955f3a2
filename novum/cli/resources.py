"""Flavor, image and key pair commands."""

import os

from novum.cli import client, formatting, utils
from novum.cli.utils import arg, command

FLAVOR_COLUMNS = ('id', 'name', 'ram', 'disk', 'OS-FLV-EXT-DATA:ephemeral', 'swap', 'vcpus',
                  'rxtx_factor', 'os-flavor-access:is_public')
FLAVOR_LABELS = ('ID', 'Name', 'Memory_MiB', 'Disk', 'Ephemeral', 'Swap', 'VCPUs',
                 'RXTX_Factor', 'Is_Public')


def _flavor_info(flavor: dict) -> dict:
    info = {k: v for k, v in flavor.items() if k != 'links'}
    if info.get('swap') == '':
        info['swap'] = 0  # Nova says "" for no swap.
    return info


@command('flavor-list', 'List flavors.')
@arg('--all', action='store_true', help='Private flavors too (admin).')
def do_flavor_list(cs: client.Client, args) -> None:
    params = {'is_public': 'None'} if args.all else None
    flavors = cs.get('/flavors/detail', params=params)['flavors']
    formatting.print_list([_flavor_info(f) for f in flavors], FLAVOR_COLUMNS, args.format,
                          FLAVOR_LABELS)


@command('flavor-show', 'Show details about the given flavor.')
@arg('flavor', help='Name or ID of the flavor.')
def do_flavor_show(cs: client.Client, args) -> None:
    formatting.print_dict(_flavor_info(utils.find_flavor(cs, args.flavor)), args.format)


@command('flavor-create', 'Create a new flavor (admin).')
@arg('name', help='Unique name of the new flavor.')
@arg('id', help='Unique ID of the new flavor; "auto" generates a UUID.')
@arg('ram', type=int, help='Memory size in MiB.')
@arg('disk', type=int, help='Disk size in GiB.')
@arg('vcpus', type=int, help='Number of vCPUs.')
@arg('--ephemeral', type=int, default=0, help='Ephemeral space in GiB.')
@arg('--swap', type=int, default=0, help='Swap space in MiB.')
@arg('--rxtx-factor', type=float, default=1.0, help='RX/TX factor.')
@arg('--is-public', default='true', choices=('true', 'false'),
     help='Visible to every project (default true).')
def do_flavor_create(cs: client.Client, args) -> None:
    body = {'name': args.name, 'ram': args.ram, 'vcpus': args.vcpus, 'disk': args.disk,
            'OS-FLV-EXT-DATA:ephemeral': args.ephemeral, 'swap': args.swap,
            'rxtx_factor': args.rxtx_factor,
            'os-flavor-access:is_public': args.is_public == 'true'}
    if args.id != 'auto':
        body['id'] = args.id
    flavor = cs.post('/flavors', {'flavor': body})['flavor']
    formatting.print_list([_flavor_info(flavor)], FLAVOR_COLUMNS, args.format, FLAVOR_LABELS)


@command('image-list', 'List images (the compute API image proxy).')
def do_image_list(cs: client.Client, args) -> None:
    formatting.print_list(utils.list_images(cs), ('id', 'name', 'status', 'minRam', 'minDisk'),
                          args.format, ('ID', 'Name', 'Status', 'MinRAM', 'MinDisk'))


@command('keypair-add', 'Create a new key pair (printing its private key) or import one.')
@arg('name', help='Name of the key pair.')
@arg('--pub-key', metavar='FILE', help='Import this public key file instead of generating.')
@arg('--key-type', choices=('ssh', 'x509'), help='Key type (microversion >= 2.2).')
def do_keypair_add(cs: client.Client, args) -> None:
    body = {'name': args.name}
    if args.pub_key:
        try:
            with open(os.path.expanduser(args.pub_key)) as f:
                body['public_key'] = f.read()
        except OSError as e:
            raise client.CommandError(f"Can't open or read '{args.pub_key}': {e}") from None
    if args.key_type:
        body['type'] = args.key_type
    keypair = cs.post('/os-keypairs', {'keypair': body})['keypair']
    if args.format == 'json':
        formatting.print_dict(keypair, args.format)
    elif keypair.get('private_key'):
        print(keypair['private_key'])


@command('keypair-list', 'List key pairs.')
@arg('--user', help='Key pairs of this user (admin, microversion >= 2.10).')
def do_keypair_list(cs: client.Client, args) -> None:
    params = {'user_id': args.user} if args.user else None
    keypairs = [entry['keypair'] for entry in cs.get('/os-keypairs', params=params)['keypairs']]
    formatting.print_list(keypairs, ('name', 'type', 'fingerprint'), args.format,
                          ('Name', 'Type', 'Fingerprint'))


@command('keypair-show', 'Show details about the given key pair.')
@arg('name', help='Name of the key pair.')
def do_keypair_show(cs: client.Client, args) -> None:
    formatting.print_dict(cs.get(f'/os-keypairs/{args.name}')['keypair'], args.format)


@command('keypair-delete', 'Delete a key pair.')
@arg('name', help='Name of the key pair.')
def do_keypair_delete(cs: client.Client, args) -> None:
    cs.delete(f'/os-keypairs/{args.name}')
