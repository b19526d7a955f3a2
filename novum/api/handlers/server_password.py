"""/servers/{id}/os-server-password: the password a guest posted to the metadata service.

Novum has no metadata service, so no guest ever posts one: show answers Nova's empty
password and clear has nothing to clear.
"""

import webob

from novum.api import policy, util
from novum.api.handlers import servers


def _instance(request: webob.Request, server_id: str, action: str):
    instance = servers.get_instance(request, server_id)
    policy.authorize(util.context(request), f'os_compute_api:os-server-password:{action}',
                     {'project_id': instance.project_id})
    return instance


def show(request: webob.Request, server_id: str) -> webob.Response:
    _instance(request, server_id, 'show')
    return util.json_response({'password': ''})


def clear(request: webob.Request, server_id: str) -> webob.Response:
    _instance(request, server_id, 'clear')
    return util.empty_response(204)
