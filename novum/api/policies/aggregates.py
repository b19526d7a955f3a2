"""Rules of /os-aggregates, read only (administrators)."""

from oslo_policy import policy

from novum.api.policies import base

INDEX = 'os_compute_api:os-aggregates:index'
SHOW = 'os_compute_api:os-aggregates:show'

rules = [
    policy.DocumentedRuleDefault(INDEX, base.ADMIN, 'List host aggregates (none in Novum).',
                                 [{'method': 'GET', 'path': '/os-aggregates'}]),
    policy.DocumentedRuleDefault(SHOW, base.ADMIN, 'Show a host aggregate (none in Novum).',
                                 [{'method': 'GET', 'path': '/os-aggregates/{aggregate_id}'}]),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
