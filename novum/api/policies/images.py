"""Rule of the compute API's image proxy (/images, anyone)."""

from oslo_policy import policy

from novum.api.policies import base

BASE = 'os_compute_api:images'

rules = [
    policy.DocumentedRuleDefault(BASE, base.ANYONE, 'List and show images.',
                                 [{'method': 'GET', 'path': '/images'},
                                  {'method': 'GET', 'path': '/images/detail'},
                                  {'method': 'GET', 'path': '/images/{image_id}'}]),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
