"""Rules of the administrators' server actions (os-resetState, injectNetworkInfo)."""

from oslo_policy import policy

from novum.api.policies import base

RESET_STATE = 'os_compute_api:os-admin-actions:reset_state'
INJECT_NETWORK_INFO = 'os_compute_api:os-admin-actions:inject_network_info'

_ACTION = [{'method': 'POST', 'path': '/servers/{server_id}/action'}]

rules = [
    policy.DocumentedRuleDefault(RESET_STATE, base.ADMIN, 'Force a server\'s vm_state.',
                                 _ACTION),
    policy.DocumentedRuleDefault(INJECT_NETWORK_INFO, base.ADMIN,
                                 'Inject network information into a server.', _ACTION),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
