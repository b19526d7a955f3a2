"""Version discovery: GET / lists the API versions, GET /v2.1 describes v2.1."""

import webob

from novum.api import microversion, util

_MEDIA_TYPES = [{'base': 'application/json',
                 'type': 'application/vnd.openstack.compute+json;version=2.1'}]


def _v21(href: str) -> dict:
    return {
        'id': 'v2.1',
        'status': 'CURRENT',
        'version': str(microversion.MAX_VERSION),
        'min_version': str(microversion.MIN_VERSION),
        'updated': '2013-07-23T11:33:21Z',
        'links': [{'rel': 'self', 'href': href}],
    }


def list_versions(request: webob.Request) -> webob.Response:
    href = request.host_url + request.script_name.rstrip('/') + '/v2.1/'
    return util.json_response({'versions': [_v21(href)]})


def show_v21(request: webob.Request) -> webob.Response:
    version = _v21(util.root_url(request).rstrip('/') + '/v2.1/')
    version['links'].append({'rel': 'describedby', 'type': 'text/html',
                             'href': 'http://docs.openstack.org/'})
    version['media-types'] = _MEDIA_TYPES
    return util.json_response({'version': version})


class Versions:
    """The unauthenticated app of "/" (all versions) and "/v2.1" (that version)."""

    @classmethod
    def factory(cls, global_conf, **local_conf) -> 'Versions':
        return cls()

    def __call__(self, environ, start_response):
        request = webob.Request(environ)
        if request.method not in ('GET', 'HEAD'):
            response = util.fault_response(405, 'The method is not allowed for this resource.')
        elif environ.get('novum.api_mount') == '/v2.1':
            response = show_v21(request)
        elif request.path_info in ('', '/'):
            response = list_versions(request)
        else:
            response = util.fault_response(404, 'The resource could not be found.')
        return response(environ, start_response)
