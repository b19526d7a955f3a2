"""An identity v3 version document, for clients that need one without Keystone.

openstackclient refuses to run without an identity v3 endpoint to discover
(noauth2 deployments have none); it only reads this document.
"""

import webob

from novum.api import util


def _v3(href: str) -> dict:
    return {
        'id': 'v3.14',
        'status': 'stable',
        'updated': '2020-04-07T00:00:00Z',
        'links': [{'rel': 'self', 'href': href}],
        'media-types': [{'base': 'application/json',
                         'type': 'application/vnd.openstack.identity-v3+json'}],
    }


class IdentityVersions:
    """GET /identity lists v3; GET /identity/v3 describes it. Nothing else."""

    @classmethod
    def factory(cls, global_conf, **local_conf) -> 'IdentityVersions':
        return cls()

    def __call__(self, environ, start_response):
        request = webob.Request(environ)
        href = util.version_url(request).rstrip('/') + '/v3/'
        path = request.path_info.rstrip('/')
        if request.method not in ('GET', 'HEAD'):
            response = util.fault_response(405, 'The method is not allowed for this resource.')
        elif path == '':
            response = util.json_response({'versions': {'values': [_v3(href)]}}, status=300)
        elif path == '/v3':
            response = util.json_response({'version': _v3(href)})
        else:
            response = util.fault_response(404, 'The resource could not be found.')
        return response(environ, start_response)
