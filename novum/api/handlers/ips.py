"""/servers/{id}/ips: a server's addresses by network; Novum's servers have none."""

import webob

from novum import exception
from novum.api import policies, util
from novum.api.handlers import servers


def index(request: webob.Request, server_id: str) -> webob.Response:
    servers.get_authorized_instance(request, server_id, policies.ips.INDEX)
    return util.json_response({'addresses': {}})


def show(request: webob.Request, server_id: str, network_label: str) -> webob.Response:
    """No server is on any network: Nova's 404 for a network the server is not on."""
    servers.get_authorized_instance(request, server_id, policies.ips.SHOW)
    raise exception.NotFound('Instance is not a member of specified network')
