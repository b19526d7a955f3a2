"""Rules of /os-services (administrators)."""

from oslo_policy import policy

from novum.api.policies import base

LIST = 'os_compute_api:os-services:list'
UPDATE = 'os_compute_api:os-services:update'
DELETE = 'os_compute_api:os-services:delete'

rules = [
    policy.DocumentedRuleDefault(LIST, base.ADMIN, 'List services.',
                                 [{'method': 'GET', 'path': '/os-services'}]),
    policy.DocumentedRuleDefault(UPDATE, base.ADMIN, 'Enable, disable or force down services.',
                                 [{'method': 'PUT', 'path': '/os-services/{action}'}]),
    policy.DocumentedRuleDefault(DELETE, base.ADMIN, 'Delete a service.',
                                 [{'method': 'DELETE', 'path': '/os-services/{service_id}'}]),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
