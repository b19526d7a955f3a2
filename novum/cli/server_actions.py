"""Commands for what runs on a server: pause, suspend, rescue, their inverses, snapshots
(image-create) and the console log, named and worded as novaclient's."""

import time

from novum.cli import client, formatting, utils
from novum.cli.servers import _action, _with_wait_args, wait_for_status
from novum.cli.utils import arg, command


def _state_command(name: str, body_key: str, final: str, verb: str, help_text: str):
    """Register `novum NAME SERVER [--wait]`: POST {body_key: null}, then optionally wait
    for status `final`."""
    @command(name, help_text)
    @arg('server', help='Name or ID of the server.')
    @arg('--wait', action='store_true', help=f'Wait until the server is {final}.')
    @_with_wait_args
    def do_action(cs: client.Client, args) -> None:
        server = _action(cs, args.server, {body_key: None})
        print(f'Request to {verb} server {args.server} has been accepted.')
        if args.wait:
            wait_for_status(cs, server['id'], server.get('name') or server['id'], (final,),
                            args.poll_interval, args.timeout, progress=False)
    return do_action


do_pause = _state_command('pause', 'pause', 'PAUSED', 'pause', 'Pause a server.')
do_unpause = _state_command('unpause', 'unpause', 'ACTIVE', 'unpause',
                            'Unpause a paused server.')
do_suspend = _state_command('suspend', 'suspend', 'SUSPENDED', 'suspend', 'Suspend a server.')
do_resume = _state_command('resume', 'resume', 'ACTIVE', 'resume',
                           'Resume a suspended server.')
do_unrescue = _state_command('unrescue', 'unrescue', 'ACTIVE', 'unrescue',
                             'Restart a rescued server from its own disk.')


@command('rescue', 'Reboot a server into rescue mode (from a rescue image).')
@arg('server', help='Name or ID of the server.')
@arg('--password', help='The admin password of the rescued server (default: generated).')
@arg('--image', help='Name or ID of the rescue image (default: the server\'s own).')
@arg('--wait', action='store_true', help='Wait until the server is RESCUE.')
@_with_wait_args
def do_rescue(cs: client.Client, args) -> None:
    server = utils.find_server(cs, args.server)
    options = {}
    if args.password:
        options['adminPass'] = args.password
    if args.image:
        options['rescue_image_ref'] = utils.find_image(cs, args.image)['id']
    answer = cs.post(f"/servers/{server['id']}/action", {'rescue': options or None})
    if answer:
        formatting.print_dict(answer, args.format)
    if args.wait:
        wait_for_status(cs, server['id'], server.get('name') or server['id'], ('RESCUE',),
                        args.poll_interval, args.timeout, progress=False)


@command('console-log', "Print a server's console log.")
@arg('server', help='Name or ID of the server.')
@arg('--length', type=int, help='Only the last LENGTH lines.')
def do_console_log(cs: client.Client, args) -> None:
    server = utils.find_server(cs, args.server)
    answer = cs.post(f"/servers/{server['id']}/action",
                     {'os-getConsoleOutput': {'length': args.length}})
    print(answer['output'])


@command('image-create', 'Create a new image by taking a snapshot of a running server.')
@arg('server', help='Name or ID of the server.')
@arg('name', help='Name of the snapshot.')
@arg('--metadata', action='append', default=[], metavar='KEY=VALUE',
     help='Image property to set (repeatable).')
@arg('--show', action='store_true', help='Print the image once it is created.')
@arg('--poll', action='store_true', help='Wait until the image is active.')
@arg('--timeout', type=float, default=600.0, help='Seconds to wait at most.')
def do_image_create(cs: client.Client, args) -> None:
    server = utils.find_server(cs, args.server)
    metadata = dict(item.split('=', 1) for item in args.metadata)
    cs.post(f"/servers/{server['id']}/action",
            {'createImage': {'name': args.name, 'metadata': metadata}})
    image_id = cs.last_response.headers['Location'].rstrip('/').rsplit('/', 1)[-1]
    deadline = time.monotonic() + args.timeout
    image = utils.find_image(cs, image_id)
    while args.poll and image.get('status') != 'ACTIVE':
        if image.get('status') in ('ERROR', 'DELETED') or time.monotonic() > deadline:
            raise client.CommandError(f"Image {image_id} is {image.get('status')}")
        time.sleep(0.25)
        try:
            image = utils.find_image(cs, image_id)
        except client.ClientError:
            raise client.CommandError(f'Snapshot {image_id} failed and was deleted') from None
    if args.show or args.poll:
        formatting.print_dict(image, args.format)
    else:
        print(image_id)


@command('rebuild', 'Shutdown, re-image, and re-boot a server.')
@arg('server', help='Name or ID of the server.')
@arg('image', help='Name or ID of the new image.')
@arg('--rebuild-password', help='The admin password of the rebuilt server.')
@arg('--name', help='A new name for the server.')
@arg('--description', help='A new description (microversion >= 2.19).')
@arg('--meta', action='append', default=[], metavar='KEY=VALUE',
     help='Replace the metadata with these items (repeatable).')
@arg('--preserve-ephemeral', action='store_true', help='Keep the ephemeral partition.')
@arg('--poll', action='store_true', help='Wait until the rebuild is done.')
@_with_wait_args
def do_rebuild(cs: client.Client, args) -> None:
    server = utils.find_server(cs, args.server)
    body = {'imageRef': utils.find_image(cs, args.image)['id']}
    for key, value in (('adminPass', args.rebuild_password), ('name', args.name),
                       ('description', args.description)):
        if value is not None:
            body[key] = value
    if args.meta:
        body['metadata'] = dict(item.split('=', 1) for item in args.meta)
    if args.preserve_ephemeral:
        body['preserve_ephemeral'] = True
    answer = cs.post(f"/servers/{server['id']}/action", {'rebuild': body})['server']
    if args.poll:
        answer = {**wait_for_status(cs, server['id'], answer.get('name') or server['id'],
                                    ('ACTIVE', 'SHUTOFF'), args.poll_interval,
                                    args.timeout, progress=False),
                  **({'adminPass': answer['adminPass']} if 'adminPass' in answer else {})}
    formatting.print_dict(answer, args.format)

