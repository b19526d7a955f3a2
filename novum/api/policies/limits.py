"""Rules of /limits: one's own project for anyone, another project's for administrators."""

from oslo_policy import policy

from novum.api.policies import base

BASE = 'os_compute_api:limits'
OTHER_PROJECT = 'os_compute_api:limits:other_project'

rules = [
    policy.DocumentedRuleDefault(BASE, base.ANYONE, 'Show the project\'s limits.',
                                 [{'method': 'GET', 'path': '/limits'}]),
    policy.DocumentedRuleDefault(OTHER_PROJECT, base.ADMIN, 'Show another project\'s limits.',
                                 [{'method': 'GET', 'path': '/limits?tenant_id={project_id}'}]),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
