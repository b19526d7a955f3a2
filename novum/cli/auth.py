"""Endpoint and token of the CLI, from flags or the OS_* variables novaclient reads:
a fixed token (noauth2 "user:project", or --os-token) by default, Keystone when
OS_AUTH_URL is set."""

import argparse
import os

from novum.cli import client

DEFAULT_ENDPOINT = 'http://127.0.0.1:8774/v2.1'
# Auth types that send a fixed token to a fixed endpoint and never ask Keystone.
TOKEN_AUTH_TYPES = ('noauth', 'none', 'admin_token', 'token_endpoint')


def _env(*names: str, default: str | None = None) -> str | None:
    for name in names:
        value = os.environ.get(name)
        if value:
            return value
    return default


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument('--os-endpoint', metavar='URL',
                        default=_env('OS_COMPUTE_API', 'OS_ENDPOINT', 'NOVA_ENDPOINT'),
                        help='Compute API endpoint (env OS_COMPUTE_API or OS_ENDPOINT; '
                             f'default {DEFAULT_ENDPOINT}, or the Keystone catalog).')
    parser.add_argument('--os-token', default=_env('OS_TOKEN'),
                        help='A token to send as X-Auth-Token (env OS_TOKEN).')
    parser.add_argument('--os-auth-type', default=_env('OS_AUTH_TYPE', 'OS_AUTH_PLUGIN'),
                        help='Keystone auth plugin (env OS_AUTH_TYPE; default password).')
    parser.add_argument('--os-auth-url', default=_env('OS_AUTH_URL'),
                        help='Keystone URL (env OS_AUTH_URL); without it, noauth2.')
    parser.add_argument('--os-username', default=_env('OS_USERNAME', 'OS_USER_NAME'))
    parser.add_argument('--os-user-id', default=_env('OS_USER_ID'))
    parser.add_argument('--os-password', default=_env('OS_PASSWORD'))
    parser.add_argument('--os-project-name',
                        default=_env('OS_PROJECT_NAME', 'OS_TENANT_NAME'))
    parser.add_argument('--os-project-id', default=_env('OS_PROJECT_ID', 'OS_TENANT_ID'))
    parser.add_argument('--os-user-domain-name', default=_env('OS_USER_DOMAIN_NAME'))
    parser.add_argument('--os-user-domain-id', default=_env('OS_USER_DOMAIN_ID'))
    parser.add_argument('--os-project-domain-name', default=_env('OS_PROJECT_DOMAIN_NAME'))
    parser.add_argument('--os-project-domain-id', default=_env('OS_PROJECT_DOMAIN_ID'))
    parser.add_argument('--os-region-name', default=_env('OS_REGION_NAME'))
    parser.add_argument('--os-interface', default=_env('OS_INTERFACE', 'OS_ENDPOINT_TYPE',
                                                       default='public'))
    parser.add_argument('--os-cacert', default=_env('OS_CACERT'))
    parser.add_argument('--insecure', action='store_true',
                        default=_env('OS_INSECURE', default='').lower() in ('1', 'true'))


def _noauth_credentials(args) -> client.Credentials:
    user = args.os_username or args.os_user_id or 'demo'
    project = args.os_project_name or args.os_project_id or 'demo'
    return client.Credentials(endpoint=args.os_endpoint or DEFAULT_ENDPOINT,
                              token=f'{user}:{project}', project_id=project, user_id=user)


def _token_credentials(args) -> client.Credentials:
    user, _sep, project = args.os_token.partition(':')
    project_id = args.os_project_id or (project if _sep else None)
    return client.Credentials(endpoint=args.os_endpoint or DEFAULT_ENDPOINT,
                              token=args.os_token, project_id=project_id,
                              user_id=user if _sep else None)


def _keystone_credentials(args) -> client.Credentials:
    from keystoneauth1 import exceptions as ks_exc
    from keystoneauth1 import loading, session

    options = {
        'auth_url': args.os_auth_url, 'username': args.os_username,
        'user_id': args.os_user_id, 'password': args.os_password,
        'project_name': args.os_project_name, 'project_id': args.os_project_id,
        'user_domain_name': args.os_user_domain_name,
        'user_domain_id': args.os_user_domain_id,
        'project_domain_name': args.os_project_domain_name,
        'project_domain_id': args.os_project_domain_id,
    }
    try:
        loader = loading.get_plugin_loader(args.os_auth_type or 'password')
        accepted = {opt.dest for opt in loader.get_options()}
        auth = loader.load_from_options(**{key: value for key, value in options.items()
                                           if value is not None and key in accepted})
        verify = False if args.insecure else (args.os_cacert or True)
        sess = session.Session(auth=auth, verify=verify)
        endpoint = args.os_endpoint or sess.get_endpoint(
            service_type=client.SERVICE_TYPE, interface=args.os_interface,
            region_name=args.os_region_name)
        if not endpoint:
            raise client.CommandError('No compute endpoint in the Keystone catalog.')
        return client.Credentials(endpoint=endpoint, token=sess.get_token(),
                                  project_id=sess.get_project_id(),
                                  user_id=sess.get_user_id())
    except ks_exc.ConnectFailure as e:
        raise client.ConnectionRefused(
            f'Unable to establish connection to {args.os_auth_url}: {e}') from None
    except ks_exc.ClientException as e:
        raise client.CommandError(f'Keystone: {e}') from None


def credentials(args) -> client.Credentials:
    auth_type = (args.os_auth_type or '').lower()
    if args.os_token:
        return _token_credentials(args)
    if args.os_auth_url and auth_type not in TOKEN_AUTH_TYPES:
        return _keystone_credentials(args)
    return _noauth_credentials(args)


def verify(args) -> bool | str:
    return False if args.insecure else (args.os_cacert or True)
