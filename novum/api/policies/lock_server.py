"""Rules of the lock and unlock server actions."""

from oslo_policy import policy

from novum.api.policies import base

LOCK = 'os_compute_api:os-lock-server:lock'
UNLOCK = 'os_compute_api:os-lock-server:unlock'

_ACTION = [{'method': 'POST', 'path': '/servers/{server_id}/action'}]

rules = [
    policy.DocumentedRuleDefault(LOCK, base.ADMIN_OR_OWNER, 'Lock a server.', _ACTION),
    policy.DocumentedRuleDefault(UNLOCK, base.ADMIN_OR_OWNER, 'Unlock a server.', _ACTION),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
