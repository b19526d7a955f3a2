"""Rules of /servers/{server_id}/ips."""

from oslo_policy import policy

from novum.api.policies import base

INDEX = 'os_compute_api:ips:index'
SHOW = 'os_compute_api:ips:show'

rules = [
    policy.DocumentedRuleDefault(INDEX, base.ADMIN_OR_OWNER, 'List a server\'s addresses.',
                                 [{'method': 'GET', 'path': '/servers/{server_id}/ips'}]),
    policy.DocumentedRuleDefault(SHOW, base.ADMIN_OR_OWNER,
                                 'Show a server\'s addresses on a network.',
                                 [{'method': 'GET',
                                   'path': '/servers/{server_id}/ips/{network_label}'}]),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
