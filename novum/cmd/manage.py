"""novum-manage: operator commands that open the database directly, as nova-manage does,
and start or stop the daemons of a one-host deployment."""

import argparse
import sys

from oslo_utils import uuidutils

from novum import conf, config, context, exception, objects
from novum.cli import formatting
from novum.cmd import manage_daemons
from novum.db import migration
from novum.objects import service as service_obj

CONF = conf.CONF


def _key_values(pairs: list[str]) -> dict:
    result = {}
    for pair in pairs or []:
        key, sep, value = pair.partition('=')
        if not sep or not key:
            raise exception.Invalid(reason=f'expected KEY=VALUE, got {pair!r}')
        result[key] = value
    return result


# db ----------------------------------------------------------------------------------

def _db_sync(args) -> None:
    migration.db_sync(args.version)
    print(f'Database at revision {migration.db_version()}')


def _db_version(args) -> None:
    print(migration.db_version() or 'None (empty database: run "novum-manage db sync")')


# flavor ------------------------------------------------------------------------------

FLAVOR_COLUMNS = ('flavorid', 'name', 'memory_mb', 'vcpus', 'root_gb', 'ephemeral_gb',
                  'swap', 'rxtx_factor', 'is_public', 'disabled')
FLAVOR_LABELS = ('ID', 'Name', 'Memory_MB', 'VCPUs', 'Disk', 'Ephemeral', 'Swap',
                 'RXTX_Factor', 'Is_Public', 'Disabled')


def _flavor_row(flavor) -> dict:
    return {name: getattr(flavor, name) for name in FLAVOR_COLUMNS}


def _flavor_create(args) -> None:
    flavorid = args.id if args.id and args.id != 'auto' else uuidutils.generate_uuid()
    flavor = objects.Flavor(context.get_admin_context(), flavorid=flavorid, name=args.name,
                            memory_mb=args.ram, vcpus=args.vcpus, root_gb=args.disk,
                            ephemeral_gb=args.ephemeral, swap=args.swap,
                            rxtx_factor=args.rxtx_factor, is_public=not args.private,
                            disabled=False, description=args.description, extra_specs={})
    flavor.create()
    formatting.print_list([_flavor_row(flavor)], FLAVOR_COLUMNS, args.format, FLAVOR_LABELS)


def _flavor_list(args) -> None:
    flavors = objects.FlavorList.get_all(context.get_admin_context())
    formatting.print_list([_flavor_row(f) for f in flavors], FLAVOR_COLUMNS, args.format,
                          FLAVOR_LABELS)


def _find_flavor(ctxt, name_or_id: str):
    try:
        return objects.Flavor.get_by_flavor_id(ctxt, name_or_id)
    except exception.FlavorNotFound:
        pass
    try:
        return objects.Flavor.get_by_name(ctxt, name_or_id)
    except exception.FlavorNotFound:
        raise exception.FlavorNotFound(flavor_id=name_or_id) from None


def _flavor_delete(args) -> None:
    flavor = _find_flavor(context.get_admin_context(), args.flavor)
    flavor.destroy()
    print(f'Flavor {flavor.name} ({flavor.flavorid}) deleted')


# image -------------------------------------------------------------------------------

IMAGE_COLUMNS = ('id', 'name', 'status', 'disk_format', 'container_format', 'min_ram',
                 'min_disk', 'properties')
IMAGE_LABELS = ('ID', 'Name', 'Status', 'Disk_Format', 'Container_Format', 'Min_RAM',
                'Min_Disk', 'Properties')


def _image_row(image) -> dict:
    return {name: getattr(image, name) for name in IMAGE_COLUMNS}


def _image_register(args) -> None:
    ctxt = context.get_admin_context()
    # Names are how users pick images (`novum boot --image cirros`), so keep them unique.
    if objects.ImageMetaList.get_all(ctxt, {'name': args.name}):
        raise exception.ImageExists(name=args.name)
    image = objects.ImageMeta(ctxt, name=args.name, status='active', visibility='public',
                              disk_format=args.disk_format,
                              container_format=args.container_format, size=args.size,
                              min_ram=args.min_ram, min_disk=args.min_disk,
                              properties=_key_values(args.property))
    if args.id:
        if not uuidutils.is_uuid_like(args.id):
            raise exception.Invalid(reason=f'image id {args.id!r} is not a UUID')
        image.id = args.id
    image.create()
    formatting.print_list([_image_row(image)], IMAGE_COLUMNS, args.format, IMAGE_LABELS)


def _image_list(args) -> None:
    images = objects.ImageMetaList.get_all(context.get_admin_context())
    formatting.print_list([_image_row(i) for i in images], IMAGE_COLUMNS, args.format,
                          IMAGE_LABELS)


# service -----------------------------------------------------------------------------

SERVICE_COLUMNS = ('id', 'binary', 'host', 'zone', 'status', 'state', 'updated_at',
                   'disabled_reason', 'forced_down')
SERVICE_LABELS = ('Id', 'Binary', 'Host', 'Zone', 'Status', 'State', 'Updated_At',
                  'Disabled_Reason', 'Forced_Down')


def _service_row(service) -> dict:
    zone = (CONF.default_availability_zone if service.binary == service_obj.COMPUTE_BINARY
            else CONF.internal_service_availability_zone)
    last = service.last_seen_up or service.updated_at or service.created_at
    return {'id': service.id, 'binary': service.binary, 'host': service.host, 'zone': zone,
            'status': 'disabled' if service.disabled else 'enabled',
            'state': 'up' if service.is_up() else 'down',
            'updated_at': last.isoformat() if last else None,
            'disabled_reason': service.disabled_reason, 'forced_down': service.forced_down}


def _service_list(args) -> None:
    filters = {}
    if args.host:
        filters['host'] = args.host
    if args.binary:
        filters['binary'] = args.binary
    services = objects.ServiceList.get_all(context.get_admin_context(), filters)
    formatting.print_list([_service_row(s) for s in services], SERVICE_COLUMNS, args.format,
                          SERVICE_LABELS)


def _service_set_disabled(args, disabled: bool) -> None:
    service = objects.Service.get_by_host_and_binary(context.get_admin_context(),
                                                     args.host, args.binary)
    service.disabled = disabled
    service.disabled_reason = args.reason if disabled else None
    service.save()
    print(f'Service {service.binary} on host {service.host} '
          f'{"disabled" if disabled else "enabled"}')


def _service_delete(args) -> None:
    service = objects.Service.get_by_id(context.get_admin_context(), args.id)
    service.destroy()
    print(f'Service {service.binary} on host {service.host} (id {service.id}) deleted')


# parser ------------------------------------------------------------------------------

def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument('--format', choices=('table', 'json'), default='table',
                        help='Output format (default: table).')


def _build_flavor_parser(categories) -> None:
    flavor = categories.add_parser('flavor', help='Flavors.').add_subparsers(
        dest='action', required=True)
    create = flavor.add_parser('create', help='Create a flavor.')
    create.add_argument('name')
    create.add_argument('--ram', type=int, required=True, help='Memory in MB.')
    create.add_argument('--vcpus', type=int, required=True)
    create.add_argument('--disk', type=int, default=0, help='Root disk in GB.')
    create.add_argument('--id', help='Flavor id (default: a generated UUID, as "auto").')
    create.add_argument('--ephemeral', type=int, default=0, help='Ephemeral disk in GB.')
    create.add_argument('--swap', type=int, default=0, help='Swap in MB.')
    create.add_argument('--rxtx-factor', type=float, default=1.0)
    create.add_argument('--private', action='store_true', help='Not public.')
    create.add_argument('--description')
    _add_format(create)
    create.set_defaults(func=_flavor_create)
    listing = flavor.add_parser('list', help='List flavors.')
    _add_format(listing)
    listing.set_defaults(func=_flavor_list)
    delete = flavor.add_parser('delete', help='Delete a flavor (by id or name).')
    delete.add_argument('flavor')
    delete.set_defaults(func=_flavor_delete)


def _build_image_parser(categories) -> None:
    image = categories.add_parser('image', help='The built-in image catalog.').add_subparsers(
        dest='action', required=True)
    register = image.add_parser('register', help='Register an image (no bits, metadata).')
    register.add_argument('name')
    register.add_argument('--id', help='Image UUID (default: generated).')
    register.add_argument('--min-ram', type=int, default=0, help='Minimum RAM in MB.')
    register.add_argument('--min-disk', type=int, default=0, help='Minimum disk in GB.')
    register.add_argument('--size', type=int, help='Size in bytes.')
    register.add_argument('--disk-format', default='qcow2')
    register.add_argument('--container-format', default='bare')
    register.add_argument('--property', action='append', default=[], metavar='KEY=VALUE',
                          help='Image property, e.g. hw_architecture=x86_64 (repeatable).')
    _add_format(register)
    register.set_defaults(func=_image_register)
    listing = image.add_parser('list', help='List images.')
    _add_format(listing)
    listing.set_defaults(func=_image_list)


def _build_service_parser(categories) -> None:
    service = categories.add_parser('service', help='Services.').add_subparsers(
        dest='action', required=True)
    listing = service.add_parser('list', help='List services with their state.')
    listing.add_argument('--host')
    listing.add_argument('--binary')
    _add_format(listing)
    listing.set_defaults(func=_service_list)
    for action, disabled in (('disable', True), ('enable', False)):
        parser = service.add_parser(action, help=f'{action.capitalize()} a service.')
        parser.add_argument('host')
        parser.add_argument('binary')
        if disabled:
            parser.add_argument('--reason', help='Why it is disabled.')
        parser.set_defaults(func=lambda args, d=disabled: _service_set_disabled(args, d),
                            reason=None)
    delete = service.add_parser('delete', help='Delete a service (and its compute nodes).')
    delete.add_argument('id', help='Service id or uuid.')
    delete.set_defaults(func=_service_delete)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog='novum-manage', description=__doc__)
    parser.add_argument('--config-file', action='append', default=[],
                        help='Config file (may be repeated).')
    categories = parser.add_subparsers(dest='category', required=True)

    db = categories.add_parser('db', help='Schema migrations.').add_subparsers(
        dest='action', required=True)
    sync = db.add_parser('sync', help='Upgrade the schema and seed default flavors.')
    sync.add_argument('version', nargs='?', default='head')
    sync.set_defaults(func=_db_sync)
    db.add_parser('version', help='Print the schema revision.').set_defaults(func=_db_version)

    _build_flavor_parser(categories)
    _build_image_parser(categories)
    _build_service_parser(categories)
    manage_daemons.build_parser(categories)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser().parse_args(argv)
    config_args = [item for path in args.config_file for item in ('--config-file', path)]
    config.parse_args(['novum-manage', *config_args], configure_logging=False)
    objects.register_all()
    try:
        args.func(args)
    except exception.NovumException as e:
        print(f'ERROR: {e.format_message()}', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
