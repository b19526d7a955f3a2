"""Rules of /os-quota-sets/{project_id}: read by the project, changed by administrators."""

from oslo_policy import policy

from novum.api.policies import base

SHOW = 'os_compute_api:os-quota-sets:show'
DEFAULTS = 'os_compute_api:os-quota-sets:defaults'
DETAIL = 'os_compute_api:os-quota-sets:detail'
UPDATE = 'os_compute_api:os-quota-sets:update'
DELETE = 'os_compute_api:os-quota-sets:delete'

_PATH = '/os-quota-sets/{project_id}'

rules = [
    policy.DocumentedRuleDefault(SHOW, base.ADMIN_OR_OWNER, 'Show a project\'s quotas.',
                                 [{'method': 'GET', 'path': _PATH}]),
    policy.DocumentedRuleDefault(DEFAULTS, base.ANYONE, 'Show default quotas.',
                                 [{'method': 'GET', 'path': _PATH + '/defaults'}]),
    policy.DocumentedRuleDefault(DETAIL, base.ADMIN_OR_OWNER, 'Show quotas and usage.',
                                 [{'method': 'GET', 'path': _PATH + '/detail'}]),
    policy.DocumentedRuleDefault(UPDATE, base.ADMIN, 'Change a project\'s quotas.',
                                 [{'method': 'PUT', 'path': _PATH}]),
    policy.DocumentedRuleDefault(DELETE, base.ADMIN, 'Reset a project\'s quotas.',
                                 [{'method': 'DELETE', 'path': _PATH}]),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
