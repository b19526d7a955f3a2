"""Rules of /os-aggregates (administrators)."""

from oslo_policy import policy

from novum.api.policies import base

INDEX = 'os_compute_api:os-aggregates:index'
SHOW = 'os_compute_api:os-aggregates:show'
CREATE = 'os_compute_api:os-aggregates:create'
UPDATE = 'os_compute_api:os-aggregates:update'
DELETE = 'os_compute_api:os-aggregates:delete'
ADD_HOST = 'os_compute_api:os-aggregates:add_host'
REMOVE_HOST = 'os_compute_api:os-aggregates:remove_host'
SET_METADATA = 'os_compute_api:os-aggregates:set_metadata'

_ONE = '/os-aggregates/{aggregate_id}'
_ACTION = '/os-aggregates/{aggregate_id}/action'

rules = [
    policy.DocumentedRuleDefault(INDEX, base.ADMIN, 'List host aggregates.',
                                 [{'method': 'GET', 'path': '/os-aggregates'}]),
    policy.DocumentedRuleDefault(SHOW, base.ADMIN, 'Show a host aggregate.',
                                 [{'method': 'GET', 'path': _ONE}]),
    policy.DocumentedRuleDefault(CREATE, base.ADMIN, 'Create a host aggregate.',
                                 [{'method': 'POST', 'path': '/os-aggregates'}]),
    policy.DocumentedRuleDefault(UPDATE, base.ADMIN, 'Rename or re-zone a host aggregate.',
                                 [{'method': 'PUT', 'path': _ONE}]),
    policy.DocumentedRuleDefault(DELETE, base.ADMIN, 'Delete an empty host aggregate.',
                                 [{'method': 'DELETE', 'path': _ONE}]),
    policy.DocumentedRuleDefault(ADD_HOST, base.ADMIN, 'Add a host to an aggregate.',
                                 [{'method': 'POST', 'path': _ACTION + ' (add_host)'}]),
    policy.DocumentedRuleDefault(REMOVE_HOST, base.ADMIN, 'Remove a host from an aggregate.',
                                 [{'method': 'POST', 'path': _ACTION + ' (remove_host)'}]),
    policy.DocumentedRuleDefault(SET_METADATA, base.ADMIN, "Set an aggregate's metadata.",
                                 [{'method': 'POST', 'path': _ACTION + ' (set_metadata)'}]),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
