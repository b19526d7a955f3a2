"""/os-aggregates, read only: Novum has no host aggregates, so the list is always empty.

openstackclient's `hypervisor show` lists aggregates to name the host's.
"""

import webob

from novum import exception
from novum.api import policy, util


def index(request: webob.Request) -> webob.Response:
    policy.authorize(util.context(request), 'os_compute_api:os-aggregates:index')
    return util.json_response({'aggregates': []})


def show(request: webob.Request, aggregate_id: str) -> webob.Response:
    policy.authorize(util.context(request), 'os_compute_api:os-aggregates:show')
    raise exception.NotFound(f'Aggregate {aggregate_id} could not be found.')
