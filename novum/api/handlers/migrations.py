"""/os-migrations: the cluster's migrations (admin only). Novum does not resize or migrate
servers, so the list is always empty; the filters Nova takes are accepted and match none."""

import webob

from novum.api import policies, policy, util


def index(request: webob.Request) -> webob.Response:
    policy.authorize(util.context(request), policies.migrations.INDEX, {})
    return util.json_response({'migrations': []})
