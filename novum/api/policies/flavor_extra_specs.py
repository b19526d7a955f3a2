"""Rules of /flavors/{flavor_id}/os-extra_specs: read by owners, written by administrators."""

from oslo_policy import policy

from novum.api.policies import base

INDEX = 'os_compute_api:os-flavor-extra-specs:index'
SHOW = 'os_compute_api:os-flavor-extra-specs:show'
CREATE = 'os_compute_api:os-flavor-extra-specs:create'
UPDATE = 'os_compute_api:os-flavor-extra-specs:update'
DELETE = 'os_compute_api:os-flavor-extra-specs:delete'

_PATH = '/flavors/{flavor_id}/os-extra_specs'

rules = [
    policy.DocumentedRuleDefault(INDEX, base.ADMIN_OR_OWNER, 'List a flavor\'s extra specs.',
                                 [{'method': 'GET', 'path': _PATH}]),
    policy.DocumentedRuleDefault(SHOW, base.ADMIN_OR_OWNER, 'Show a flavor extra spec.',
                                 [{'method': 'GET', 'path': _PATH + '/{key}'}]),
    policy.DocumentedRuleDefault(CREATE, base.ADMIN, 'Add or change extra specs.',
                                 [{'method': 'POST', 'path': _PATH}]),
    policy.DocumentedRuleDefault(UPDATE, base.ADMIN, 'Change a flavor extra spec.',
                                 [{'method': 'PUT', 'path': _PATH + '/{key}'}]),
    policy.DocumentedRuleDefault(DELETE, base.ADMIN, 'Delete a flavor extra spec.',
                                 [{'method': 'DELETE', 'path': _PATH + '/{key}'}]),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
