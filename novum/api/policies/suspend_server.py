"""Rules of the suspend and resume server actions."""

from oslo_policy import policy

from novum.api.policies import base

SUSPEND = 'os_compute_api:os-suspend-server:suspend'
RESUME = 'os_compute_api:os-suspend-server:resume'

_ACTION = [{'method': 'POST', 'path': '/servers/{server_id}/action'}]

rules = [
    policy.DocumentedRuleDefault(SUSPEND, base.ADMIN_OR_OWNER, 'Suspend a server.', _ACTION),
    policy.DocumentedRuleDefault(RESUME, base.ADMIN_OR_OWNER, 'Resume a suspended server.',
                                 _ACTION),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
