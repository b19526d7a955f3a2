"""Rules of /os-keypairs: the owning user's, or an administrator's."""

from oslo_policy import policy

from novum.api.policies import base

INDEX = 'os_compute_api:os-keypairs:index'
SHOW = 'os_compute_api:os-keypairs:show'
CREATE = 'os_compute_api:os-keypairs:create'
DELETE = 'os_compute_api:os-keypairs:delete'

rules = [
    policy.DocumentedRuleDefault(INDEX, base.ADMIN_OR_USER, 'List key pairs.',
                                 [{'method': 'GET', 'path': '/os-keypairs'}]),
    policy.DocumentedRuleDefault(SHOW, base.ADMIN_OR_USER, 'Show a key pair.',
                                 [{'method': 'GET', 'path': '/os-keypairs/{keypair_name}'}]),
    policy.DocumentedRuleDefault(CREATE, base.ADMIN_OR_USER, 'Create or import a key pair.',
                                 [{'method': 'POST', 'path': '/os-keypairs'}]),
    policy.DocumentedRuleDefault(DELETE, base.ADMIN_OR_USER, 'Delete a key pair.',
                                 [{'method': 'DELETE', 'path': '/os-keypairs/{keypair_name}'}]),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
