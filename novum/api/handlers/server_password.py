"""/servers/{id}/os-server-password: the password a guest posted to the metadata service.

Novum has no metadata service, so no guest ever posts one: show answers Nova's empty
password and clear has nothing to clear.
"""

import webob

from novum.api import policies, util
from novum.api.handlers import servers


def show(request: webob.Request, server_id: str) -> webob.Response:
    servers.get_authorized_instance(request, server_id, policies.server_password.SHOW)
    return util.json_response({'password': ''})


def clear(request: webob.Request, server_id: str) -> webob.Response:
    servers.get_authorized_instance(request, server_id, policies.server_password.CLEAR)
    return util.empty_response(204)
