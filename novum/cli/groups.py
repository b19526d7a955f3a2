"""Server tag, server group and host aggregate commands, named as novaclient's."""

from novum.cli import client, formatting, utils
from novum.cli.utils import arg, command

TAGS_VERSION = '2.26'       # server tags exist from this microversion
SOFT_POLICIES_VERSION = '2.15'
GROUP_COLUMNS = ('id', 'name', 'policies', 'members')
AGGREGATE_COLUMNS = ('id', 'name', 'availability_zone')


def _tags_version(cs: client.Client) -> str:
    current = cs.api_version or client.DEFAULT_API_VERSION
    return current if client.parse_version(current) >= (2, 26) else TAGS_VERSION


# Server tags ------------------------------------------------------------------------------

@command('server-tag-add', 'Add one or more tags to a server.')
@arg('server', help='Name or ID of the server.')
@arg('tags', nargs='+', metavar='<tag>', help='Tag(s) to add.')
def do_server_tag_add(cs: client.Client, args) -> None:
    server = utils.find_server(cs, args.server)
    for tag in args.tags:
        cs.put(f"/servers/{server['id']}/tags/{tag}", version=_tags_version(cs))


@command('server-tag-set', "Replace a server's tags.")
@arg('server', help='Name or ID of the server.')
@arg('tags', nargs='+', metavar='<tag>', help='The tags the server will have.')
def do_server_tag_set(cs: client.Client, args) -> None:
    server = utils.find_server(cs, args.server)
    cs.put(f"/servers/{server['id']}/tags", {'tags': args.tags}, version=_tags_version(cs))


@command('server-tag-list', "List a server's tags.")
@arg('server', help='Name or ID of the server.')
def do_server_tag_list(cs: client.Client, args) -> None:
    server = utils.find_server(cs, args.server)
    tags = cs.get(f"/servers/{server['id']}/tags", version=_tags_version(cs))['tags']
    formatting.print_list([{'tag': tag} for tag in tags], ('tag',), args.format, ('Tag',))


@command('server-tag-delete', 'Delete one or more tags from a server.')
@arg('server', help='Name or ID of the server.')
@arg('tags', nargs='+', metavar='<tag>', help='Tag(s) to delete.')
def do_server_tag_delete(cs: client.Client, args) -> None:
    server = utils.find_server(cs, args.server)
    for tag in args.tags:
        cs.delete(f"/servers/{server['id']}/tags/{tag}", version=_tags_version(cs))


@command('server-tag-delete-all', 'Delete all the tags of a server.')
@arg('server', help='Name or ID of the server.')
def do_server_tag_delete_all(cs: client.Client, args) -> None:
    server = utils.find_server(cs, args.server)
    cs.delete(f"/servers/{server['id']}/tags", version=_tags_version(cs))


# Server groups ----------------------------------------------------------------------------

def _find_group(cs: client.Client, name_or_id: str) -> dict:
    try:
        return cs.get(f'/os-server-groups/{name_or_id}')['server_group']
    except client.NotFound:
        pass
    groups = cs.get('/os-server-groups')['server_groups']
    return utils._unique('server group', name_or_id,
                         [group for group in groups if group.get('name') == name_or_id])


@command('server-group-create', 'Create a new server group.')
@arg('name', help='Name of the server group.')
@arg('policy', choices=('affinity', 'anti-affinity', 'soft-affinity', 'soft-anti-affinity'),
     help='Policy of the group (the soft ones need microversion >= 2.15).')
def do_server_group_create(cs: client.Client, args) -> None:
    version = SOFT_POLICIES_VERSION if args.policy.startswith('soft') and client.parse_version(
        cs.api_version or client.DEFAULT_API_VERSION) < (2, 15) else None
    group = cs.post('/os-server-groups', {'server_group': {
        'name': args.name, 'policies': [args.policy]}}, version=version)['server_group']
    formatting.print_list([group], GROUP_COLUMNS, args.format,
                          ('Id', 'Name', 'Policies', 'Members'))


@command('server-group-list', 'List server groups.')
@arg('--all-projects', action='store_true', help='Groups of every project (admin).')
@arg('--limit', type=int, help='At most this many groups.')
@arg('--offset', type=int, help='Skip this many groups first.')
def do_server_group_list(cs: client.Client, args) -> None:
    params = {}
    if args.all_projects:
        params['all_projects'] = 'True'
    if args.limit is not None:
        params['limit'] = args.limit
    if args.offset is not None:
        params['offset'] = args.offset
    groups = cs.get('/os-server-groups', params=params or None)['server_groups']
    formatting.print_list(groups, GROUP_COLUMNS, args.format,
                          ('Id', 'Name', 'Policies', 'Members'))


@command('server-group-get', 'Show a server group.', aliases=('server-group-show',))
@arg('server_group', help='Name or ID of the server group.')
def do_server_group_get(cs: client.Client, args) -> None:
    formatting.print_dict(_find_group(cs, args.server_group), args.format)


@command('server-group-delete', 'Delete server groups.')
@arg('server_groups', nargs='+', metavar='<server-group>', help='Name or ID of the group(s).')
def do_server_group_delete(cs: client.Client, args) -> None:
    for name_or_id in args.server_groups:
        cs.delete(f"/os-server-groups/{_find_group(cs, name_or_id)['id']}")
        print(f'Server group {name_or_id} has been successfully deleted.')


# Host aggregates --------------------------------------------------------------------------

def _find_aggregate(cs: client.Client, name_or_id: str) -> dict:
    if name_or_id.isdigit():
        try:
            return cs.get(f'/os-aggregates/{name_or_id}')['aggregate']
        except client.NotFound:
            pass
    aggregates = cs.get('/os-aggregates')['aggregates']
    return utils._unique('aggregate', name_or_id,
                         [item for item in aggregates if item.get('name') == name_or_id])


def _print_aggregate(aggregate: dict, fmt: str) -> None:
    formatting.print_list([aggregate], ('id', 'name', 'availability_zone', 'hosts',
                                        'metadata'),
                          fmt, ('Id', 'Name', 'Availability Zone', 'Hosts', 'Metadata'))


def _action(cs: client.Client, name_or_id: str, body: dict) -> dict:
    aggregate = _find_aggregate(cs, name_or_id)
    return cs.post(f"/os-aggregates/{aggregate['id']}/action", body)['aggregate']


@command('aggregate-create', 'Create a new aggregate, in an availability zone if given.')
@arg('name', help='Name of the aggregate.')
@arg('availability_zone', nargs='?', metavar='<availability-zone>',
     help='The availability zone its hosts will be in.')
def do_aggregate_create(cs: client.Client, args) -> None:
    body = {'name': args.name}
    if args.availability_zone:
        body['availability_zone'] = args.availability_zone
    aggregate = cs.post('/os-aggregates', {'aggregate': body})['aggregate']
    _print_aggregate(cs.get(f"/os-aggregates/{aggregate['id']}")['aggregate'], args.format)


@command('aggregate-list', 'List aggregates.')
def do_aggregate_list(cs: client.Client, args) -> None:
    formatting.print_list(cs.get('/os-aggregates')['aggregates'], AGGREGATE_COLUMNS,
                          args.format, ('Id', 'Name', 'Availability Zone'))


@command('aggregate-show', 'Show an aggregate, its hosts and metadata.')
@arg('aggregate', help='Name or ID of the aggregate.')
def do_aggregate_show(cs: client.Client, args) -> None:
    _print_aggregate(_find_aggregate(cs, args.aggregate), args.format)


@command('aggregate-update', 'Rename an aggregate or change its availability zone.')
@arg('aggregate', help='Name or ID of the aggregate.')
@arg('--name', help='New name.')
@arg('--availability-zone', help='New availability zone.')
def do_aggregate_update(cs: client.Client, args) -> None:
    body = {}
    if args.name:
        body['name'] = args.name
    if args.availability_zone:
        body['availability_zone'] = args.availability_zone
    if not body:
        raise client.CommandError('Give --name or --availability-zone.')
    aggregate = _find_aggregate(cs, args.aggregate)
    _print_aggregate(cs.put(f"/os-aggregates/{aggregate['id']}",
                            {'aggregate': body})['aggregate'], args.format)


@command('aggregate-delete', 'Delete an (empty) aggregate.')
@arg('aggregate', help='Name or ID of the aggregate.')
def do_aggregate_delete(cs: client.Client, args) -> None:
    cs.delete(f"/os-aggregates/{_find_aggregate(cs, args.aggregate)['id']}")
    print(f'Aggregate {args.aggregate} has been successfully deleted.')


@command('aggregate-add-host', 'Add a compute host to an aggregate.')
@arg('aggregate', help='Name or ID of the aggregate.')
@arg('host', help='The compute host.')
def do_aggregate_add_host(cs: client.Client, args) -> None:
    aggregate = _action(cs, args.aggregate, {'add_host': {'host': args.host}})
    print(f'Host {args.host} has been successfully added for aggregate {aggregate["id"]} ')
    _print_aggregate(aggregate, args.format)


@command('aggregate-remove-host', 'Remove a compute host from an aggregate.')
@arg('aggregate', help='Name or ID of the aggregate.')
@arg('host', help='The compute host.')
def do_aggregate_remove_host(cs: client.Client, args) -> None:
    aggregate = _action(cs, args.aggregate, {'remove_host': {'host': args.host}})
    print(f'Host {args.host} has been successfully removed from aggregate '
          f'{aggregate["id"]} ')
    _print_aggregate(aggregate, args.format)


@command('aggregate-set-metadata', 'Set or unset (a key without =value) metadata.')
@arg('aggregate', help='Name or ID of the aggregate.')
@arg('metadata', nargs='+', metavar='<key=value>', help='key=value sets, key unsets.')
def do_aggregate_set_metadata(cs: client.Client, args) -> None:
    metadata = {}
    for item in args.metadata:
        key, sep, value = item.partition('=')
        if not key:
            raise client.CommandError(f"Invalid 'key=value' pair: '{item}'")
        metadata[key] = value if sep else None
    aggregate = _action(cs, args.aggregate, {'set_metadata': {'metadata': metadata}})
    print(f'Metadata has been successfully updated for aggregate {aggregate["id"]}.')
    _print_aggregate(aggregate, args.format)
