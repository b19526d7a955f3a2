"""Rule of listing and showing flavors (anyone)."""

from oslo_policy import policy

from novum.api.policies import base

BASE = 'os_compute_api:flavors'

rules = [
    policy.DocumentedRuleDefault(BASE, base.ANYONE, 'List and show flavors.',
                                 [{'method': 'GET', 'path': '/flavors'},
                                  {'method': 'GET', 'path': '/flavors/detail'},
                                  {'method': 'GET', 'path': '/flavors/{flavor_id}'}]),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
