"""Rules of /os-availability-zone (detail, with hosts: administrators)."""

from oslo_policy import policy

from novum.api.policies import base

LIST = 'os_compute_api:os-availability-zone:list'
DETAIL = 'os_compute_api:os-availability-zone:detail'

rules = [
    policy.DocumentedRuleDefault(LIST, base.ANYONE, 'List availability zones.',
                                 [{'method': 'GET', 'path': '/os-availability-zone'}]),
    policy.DocumentedRuleDefault(DETAIL, base.ADMIN, 'List zones with their hosts.',
                                 [{'method': 'GET', 'path': '/os-availability-zone/detail'}]),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
