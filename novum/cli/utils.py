"""Command registration and name-or-id lookups shared by the CLI's command modules."""

from collections.abc import Callable

from oslo_utils import uuidutils

from novum.cli import client

# name -> (function, help, [(args, kwargs)], aliases); filled by @command at import.
COMMANDS: dict[str, tuple[Callable, str, list, tuple]] = {}


def arg(*args, **kwargs) -> Callable:
    """Declare an argparse argument of the command below (read top to bottom)."""
    def decorator(func):
        func.__dict__.setdefault('arguments', []).insert(0, (args, kwargs))
        return func
    return decorator


def command(name: str, help: str, aliases: tuple = ()) -> Callable:
    def decorator(func):
        COMMANDS[name] = (func, help, func.__dict__.get('arguments', []), aliases)
        return func
    return decorator


def key_values(pairs: list[str] | None) -> dict:
    result = {}
    for pair in pairs or []:
        key, sep, value = pair.partition('=')
        if not sep or not key:
            raise client.CommandError(f"Invalid 'key=value' pair: '{pair}'")
        result[key] = value
    return result


def _no_match(kind: str, name_or_id: str) -> client.CommandError:
    return client.CommandError(f"No {kind} with a name or ID of '{name_or_id}' exists.")


def _unique(kind: str, name_or_id: str, matches: list[dict]) -> dict:
    if not matches:
        raise _no_match(kind, name_or_id)
    if len(matches) > 1:
        raise client.CommandError(f"Multiple {kind} matches found for '{name_or_id}', "
                                  'use an ID to be more specific.')
    return matches[0]


def find_server(cs: client.Client, name_or_id: str) -> dict:
    """GET /servers/<uuid>, else the one server with that exact name (novaclient's order:
    it sends the plain name, a pattern to the API, and keeps exact matches)."""
    if uuidutils.is_uuid_like(name_or_id):
        try:
            return cs.get(f'/servers/{name_or_id}')['server']
        except client.NotFound:
            pass
    servers = cs.get('/servers/detail', params={'name': name_or_id})['servers']
    return _unique('server', name_or_id,
                   [s for s in servers if s.get('name') == name_or_id])


def find_flavor(cs: client.Client, name_or_id: str) -> dict:
    """Flavor ids are strings, so GET /flavors/<ref> first, then match names among all
    flavors (public and, for admins, private: is_public=None)."""
    try:
        return cs.get(f'/flavors/{name_or_id}')['flavor']
    except client.NotFound:
        pass
    flavors = cs.get('/flavors/detail', params={'is_public': 'None'})['flavors']
    return _unique('flavor', name_or_id, [f for f in flavors if f.get('name') == name_or_id])


# The compute API's image proxy (GET /images) exists up to microversion 2.35.
IMAGE_PROXY_VERSION = '2.35'


def list_images(cs: client.Client) -> list[dict]:
    return cs.get('/images/detail', version=IMAGE_PROXY_VERSION)['images']


def find_image(cs: client.Client, name_or_id: str) -> dict:
    if uuidutils.is_uuid_like(name_or_id):
        try:
            return cs.get(f'/images/{name_or_id}', version=IMAGE_PROXY_VERSION)['image']
        except client.NotFound:
            pass
    return _unique('image', name_or_id,
                   [i for i in list_images(cs) if i.get('name') == name_or_id])


def find_hypervisor(cs: client.Client, name_or_id: str) -> dict:
    if name_or_id.isdigit() or uuidutils.is_uuid_like(name_or_id):
        try:
            return cs.get(f'/os-hypervisors/{name_or_id}')['hypervisor']
        except client.NotFound:
            pass
    try:
        found = cs.get(f'/os-hypervisors/{name_or_id}/search')['hypervisors']
    except client.NotFound:
        found = []
    match = _unique('hypervisor', name_or_id,
                    [h for h in found if h.get('hypervisor_hostname') == name_or_id]
                    or found)
    return cs.get(f'/os-hypervisors/{match["id"]}')['hypervisor']
