"""/os-aggregates, read only: Novum has no host aggregates, so the list is always empty.

openstackclient's `hypervisor show` lists aggregates to name the host's.
"""

import webob

from novum import exception
from novum.api import policies, policy, util


def index(request: webob.Request) -> webob.Response:
    policy.authorize(util.context(request), policies.aggregates.INDEX)
    return util.json_response({'aggregates': []})


def show(request: webob.Request, aggregate_id: str) -> webob.Response:
    policy.authorize(util.context(request), policies.aggregates.SHOW)
    raise exception.NotFound(f'Aggregate {aggregate_id} could not be found.')
