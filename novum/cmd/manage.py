"""novum-manage: operator commands that talk to the database directly."""

import argparse
import sys

from novum import config, exception, objects
from novum.db import migration


def _db_sync(args) -> None:
    migration.db_sync(args.version)
    print(f'Database at revision {migration.db_version()}')


def _db_version(args) -> None:
    print(migration.db_version() or 'None (empty database: run "novum-manage db sync")')


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
