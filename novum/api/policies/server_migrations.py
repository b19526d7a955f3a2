"""Rules of /servers/{server_id}/migrations (2.23: in-progress live migrations; admins)."""

from oslo_policy import policy

from novum.api.policies import base

INDEX = 'os_compute_api:servers:migrations:index'
SHOW = 'os_compute_api:servers:migrations:show'

rules = [
    policy.DocumentedRuleDefault(INDEX, base.ADMIN, 'List the in-progress live migrations '
                                 'of a server.',
                                 [{'method': 'GET', 'path': '/servers/{server_id}/migrations'}]),
    policy.DocumentedRuleDefault(SHOW, base.ADMIN, 'Show an in-progress live migration of a '
                                 'server.',
                                 [{'method': 'GET',
                                   'path': '/servers/{server_id}/migrations/{migration_id}'}]),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
