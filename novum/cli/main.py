"""`novum`: the command line entry point; parses arguments, authenticates and reports
errors in one line (`ERROR (<kind>): <message>`, exit code 1), as novaclient does."""

import argparse
import os
import sys
import traceback

from novum.cli import (
    admin,
    auth,
    client,
    groups,
    migrations,
    resources,
    server_actions,
    servers,
    utils,
)

# The command modules register their commands on import.
COMMAND_MODULES = (servers, server_actions, resources, admin, groups, migrations)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog='novum', description='Command line client of the Novum (Nova) compute API.')
    auth.add_arguments(parser)
    parser.add_argument('--os-compute-api-version', metavar='VERSION',
                        default=os.environ.get('OS_COMPUTE_API_VERSION',
                                               client.DEFAULT_API_VERSION),
                        help='Microversion, e.g. 2.37 (default), or "auto" for the highest '
                             'the API declares (env OS_COMPUTE_API_VERSION).')
    parser.add_argument('--http-timeout', type=float, default=60.0,
                        help='Seconds to wait for each HTTP answer.')
    parser.add_argument('--debug', action='store_true',
                        help='Print tracebacks of errors.')

    output = argparse.ArgumentParser(add_help=False)
    output.add_argument('--format', choices=('table', 'json'), default='table',
                        help='Output format: table (default) or json for scripts.')

    subparsers = parser.add_subparsers(dest='command', metavar='<command>')
    for name, (func, help_text, arguments, aliases) in sorted(utils.COMMANDS.items()):
        sub = subparsers.add_parser(name, help=help_text, description=help_text,
                                    aliases=list(aliases), parents=[output])
        for args, kwargs in arguments:
            sub.add_argument(*args, **kwargs)
        sub.set_defaults(func=func)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, 'func', None):
        parser.print_help()
        return 2
    try:
        credentials = auth.credentials(args)
        cs = client.Client(credentials, api_version=args.os_compute_api_version,
                           timeout=args.http_timeout, verify=auth.verify(args))
        args.func(cs, args)
    except client.ClientError as e:
        if args.debug:
            traceback.print_exc()
        print(f'ERROR ({type(e).__name__}): {_one_line(str(e))}', file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print('... terminating novum client', file=sys.stderr)
        return 130
    except Exception as e:  # An answer we did not expect: still one line, no traceback.
        if args.debug:
            traceback.print_exc()
        print(f'ERROR ({type(e).__name__}): {_one_line(str(e))} (use --debug for details)',
              file=sys.stderr)
        return 1
    return 0


def _one_line(text: str) -> str:
    return ' '.join(text.split())


if __name__ == '__main__':
    sys.exit(main())
