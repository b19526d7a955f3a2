"""Rules of /os-simple-tenant-usage: every project's for administrators, one's own for all."""

from oslo_policy import policy

from novum.api.policies import base

LIST = 'os_compute_api:os-simple-tenant-usage:list'
SHOW = 'os_compute_api:os-simple-tenant-usage:show'

rules = [
    policy.DocumentedRuleDefault(LIST, base.ADMIN, 'Show every project\'s usage.',
                                 [{'method': 'GET', 'path': '/os-simple-tenant-usage'}]),
    policy.DocumentedRuleDefault(SHOW, base.ADMIN_OR_OWNER, 'Show a project\'s usage.',
                                 [{'method': 'GET',
                                   'path': '/os-simple-tenant-usage/{tenant_id}'}]),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
