"""/servers/{id}/ips: a server's addresses by network; Novum's servers have none."""

import webob

from novum import exception
from novum.api import policy, util
from novum.api.handlers import servers


def _instance(request: webob.Request, server_id: str, action: str):
    instance = servers.get_instance(request, server_id)
    policy.authorize(util.context(request), f'os_compute_api:ips:{action}',
                     {'project_id': instance.project_id})
    return instance


def index(request: webob.Request, server_id: str) -> webob.Response:
    _instance(request, server_id, 'index')
    return util.json_response({'addresses': {}})


def show(request: webob.Request, server_id: str, network_label: str) -> webob.Response:
    """No server is on any network: Nova's 404 for a network the server is not on."""
    _instance(request, server_id, 'show')
    raise exception.NotFound('Instance is not a member of specified network')
