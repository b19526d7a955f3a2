"""Commands for what runs on a server: pause, suspend, rescue, their inverses, and the
console log, named and worded as novaclient's."""

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
