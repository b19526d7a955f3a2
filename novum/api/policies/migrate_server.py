"""Rule of the migrate server action (cold migration; administrators)."""

from oslo_policy import policy

from novum.api.policies import base

MIGRATE = 'os_compute_api:os-migrate-server:migrate'

rules = [
    policy.DocumentedRuleDefault(MIGRATE, base.ADMIN, 'Cold migrate a server to another host.',
                                 [{'method': 'POST', 'path': '/servers/{server_id}/action'}]),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
