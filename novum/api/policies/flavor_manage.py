"""Rules of creating and deleting flavors (administrators)."""

from oslo_policy import policy

from novum.api.policies import base

CREATE = 'os_compute_api:os-flavor-manage:create'
DELETE = 'os_compute_api:os-flavor-manage:delete'

rules = [
    policy.DocumentedRuleDefault(CREATE, base.ADMIN, 'Create flavors.',
                                 [{'method': 'POST', 'path': '/flavors'}]),
    policy.DocumentedRuleDefault(DELETE, base.ADMIN, 'Delete flavors.',
                                 [{'method': 'DELETE', 'path': '/flavors/{flavor_id}'}]),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
