"""Rules of /servers/{server_id}/metadata."""

from oslo_policy import policy

from novum.api.policies import base

INDEX = 'os_compute_api:server-metadata:index'
SHOW = 'os_compute_api:server-metadata:show'
CREATE = 'os_compute_api:server-metadata:create'
UPDATE = 'os_compute_api:server-metadata:update'
UPDATE_ALL = 'os_compute_api:server-metadata:update_all'
DELETE = 'os_compute_api:server-metadata:delete'

_PATH = '/servers/{server_id}/metadata'

rules = [
    policy.DocumentedRuleDefault(INDEX, base.ADMIN_OR_OWNER, 'List server metadata.',
                                 [{'method': 'GET', 'path': _PATH}]),
    policy.DocumentedRuleDefault(SHOW, base.ADMIN_OR_OWNER, 'Show a metadata item.',
                                 [{'method': 'GET', 'path': _PATH + '/{key}'}]),
    policy.DocumentedRuleDefault(CREATE, base.ADMIN_OR_OWNER, 'Add metadata items.',
                                 [{'method': 'POST', 'path': _PATH}]),
    policy.DocumentedRuleDefault(UPDATE, base.ADMIN_OR_OWNER, 'Set a metadata item.',
                                 [{'method': 'PUT', 'path': _PATH + '/{key}'}]),
    policy.DocumentedRuleDefault(UPDATE_ALL, base.ADMIN_OR_OWNER, 'Replace metadata.',
                                 [{'method': 'PUT', 'path': _PATH}]),
    policy.DocumentedRuleDefault(DELETE, base.ADMIN_OR_OWNER, 'Delete a metadata item.',
                                 [{'method': 'DELETE', 'path': _PATH + '/{key}'}]),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
