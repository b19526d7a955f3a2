"""Rules of /servers/{server_id}/os-server-password."""

from oslo_policy import policy

from novum.api.policies import base

SHOW = 'os_compute_api:os-server-password:show'
CLEAR = 'os_compute_api:os-server-password:clear'

_PATH = '/servers/{server_id}/os-server-password'

rules = [
    policy.DocumentedRuleDefault(SHOW, base.ADMIN_OR_OWNER, 'Show a server\'s encrypted password.',
                                 [{'method': 'GET', 'path': _PATH}]),
    policy.DocumentedRuleDefault(CLEAR, base.ADMIN_OR_OWNER,
                                 'Clear a server\'s encrypted password.',
                                 [{'method': 'DELETE', 'path': _PATH}]),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
