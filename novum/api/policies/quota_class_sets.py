"""Rule of /os-quota-class-sets/{quota_class} (administrators)."""

from oslo_policy import policy

from novum.api.policies import base

SHOW = 'os_compute_api:os-quota-class-sets:show'

rules = [
    policy.DocumentedRuleDefault(SHOW, base.ADMIN, 'Show the default quotas.',
                                 [{'method': 'GET', 'path': '/os-quota-class-sets/{quota_class}'}]),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
