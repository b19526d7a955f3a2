"""Rule of /os-migrations (administrators)."""

from oslo_policy import policy

from novum.api.policies import base

INDEX = 'os_compute_api:os-migrations:index'

rules = [
    policy.DocumentedRuleDefault(INDEX, base.ADMIN, 'List migrations.',
                                 [{'method': 'GET', 'path': '/os-migrations'}]),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
