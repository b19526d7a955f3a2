"""An identity v3 version document and project lookup, for clients without Keystone.

openstackclient refuses to run without an identity v3 endpoint to discover
(noauth2 deployments have none); it reads this document, and resolves --project
NAME (usage show, quota show) through /v3/projects, where under noauth2 a project's
name is its id.
"""

import webob

from novum import conf
from novum.api import util

CONF = conf.CONF


def _v3(href: str) -> dict:
    return {
        'id': 'v3.14',
        'status': 'stable',
        'updated': '2020-04-07T00:00:00Z',
        'links': [{'rel': 'self', 'href': href}],
        'media-types': [{'base': 'application/json',
                         'type': 'application/vnd.openstack.identity-v3+json'}],
    }


def _project(project_id: str, href: str) -> dict:
    return {'id': project_id, 'name': project_id, 'domain_id': 'default',
            'description': '', 'enabled': True, 'is_domain': False, 'parent_id': 'default',
            'tags': [], 'links': {'self': f'{href}projects/{project_id}'}}


class IdentityVersions:
    """GET /identity lists v3; GET /identity/v3 describes it; GET /identity/v3/projects
    (?name=) and /identity/v3/projects/{id} name any project (noauth2 has no registry)."""

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
        elif path.startswith('/v3/projects') and CONF.api.auth_strategy != 'noauth2':
            # With Keystone, clients look projects up there, never here.
            response = util.fault_response(404, 'The resource could not be found.')
        elif path == '/v3/projects':
            name = request.GET.get('name')
            projects = [_project(name, href)] if name else []
            response = util.json_response({'projects': projects, 'links': {
                'self': f'{href}projects', 'next': None, 'previous': None}})
        elif path.startswith('/v3/projects/') and path.count('/') == 3:
            response = util.json_response({'project': _project(path.rsplit('/', 1)[1], href)})
        else:
            response = util.fault_response(404, 'The resource could not be found.')
        return response(environ, start_response)
