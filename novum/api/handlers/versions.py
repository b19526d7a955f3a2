"""Version discovery: GET / lists v2.0 and v2.1, GET /v2 and /v2.1 describe one of them.

As Nova: v2.0 is the legacy-compatible endpoint (/v2, the v2.1 API without microversions),
listed first and deprecated; v2.1 is current and carries the microversion range.
"""

import copy

import webob

from novum.api import microversion, util

_DOCS = [{'rel': 'describedby', 'type': 'text/html', 'href': 'http://docs.openstack.org/'}]

VERSIONS = {
    'v2.0': {
        'id': 'v2.0',
        'status': 'DEPRECATED',
        'version': '',
        'min_version': '',
        'updated': '2025-07-04T12:00:00Z',
        'media-types': [{'base': 'application/json',
                         'type': 'application/vnd.openstack.compute+json;version=2'}],
    },
    'v2.1': {
        'id': 'v2.1',
        'status': 'CURRENT',
        'version': str(microversion.MAX_VERSION),
        'min_version': str(microversion.MIN_VERSION),
        'updated': '2013-07-23T11:33:21Z',
        'media-types': [{'base': 'application/json',
                         'type': 'application/vnd.openstack.compute+json;version=2.1'}],
    },
}
# The URL path of each version.
PATHS = {'v2.0': '/v2', 'v2.1': '/v2.1'}
_BY_MOUNT = {path: version_id for version_id, path in PATHS.items()}


def list_versions(request: webob.Request) -> webob.Response:
    root = request.host_url + request.script_name.rstrip('/')
    versions = []
    for version_id in sorted(VERSIONS):
        version = {key: value for key, value in VERSIONS[version_id].items()
                   if key != 'media-types'}
        version['links'] = [{'rel': 'self', 'href': f'{root}{PATHS[version_id]}/'}]
        versions.append(version)
    return util.json_response({'versions': versions})


def show_version(request: webob.Request) -> webob.Response:
    """The document of the version the app is mounted as (/v2 or /v2.1)."""
    version_id = _BY_MOUNT.get(request.environ.get('novum.api_mount'), 'v2.1')
    version = copy.deepcopy(VERSIONS[version_id])
    href = util.root_url(request).rstrip('/') + PATHS[version_id] + '/'
    version['links'] = [{'rel': 'self', 'href': href}] + copy.deepcopy(_DOCS)
    return util.json_response({'version': version})


class Versions:
    """The unauthenticated app of "/" (all versions), "/v2" and "/v2.1" (one version)."""

    @classmethod
    def factory(cls, global_conf, **local_conf) -> 'Versions':
        return cls()

    def __call__(self, environ, start_response):
        request = webob.Request(environ)
        if request.method not in ('GET', 'HEAD'):
            response = util.fault_response(405, 'The method is not allowed for this resource.')
        elif environ.get('novum.api_mount') in _BY_MOUNT:
            response = show_version(request)
        elif request.path_info in ('', '/'):
            response = list_versions(request)
        else:
            response = util.fault_response(404, 'The resource could not be found.')
        return response(environ, start_response)
