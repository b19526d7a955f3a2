"""Rule of the os-getConsoleOutput server action."""

from oslo_policy import policy

from novum.api.policies import base

BASE = 'os_compute_api:os-console-output'

rules = [
    policy.DocumentedRuleDefault(BASE, base.ADMIN_OR_OWNER, "Show a server's console output.",
                                 [{'method': 'POST', 'path': '/servers/{server_id}/action'}]),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
