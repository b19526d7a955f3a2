"""Rules of the restore and forceDelete server actions."""

from oslo_policy import policy

from novum.api.policies import base

RESTORE = 'os_compute_api:os-deferred-delete:restore'
FORCE = 'os_compute_api:os-deferred-delete:force'

_ACTION = [{'method': 'POST', 'path': '/servers/{server_id}/action'}]

rules = [
    policy.DocumentedRuleDefault(RESTORE, base.ADMIN_OR_OWNER, 'Restore a soft-deleted server.',
                                 _ACTION),
    policy.DocumentedRuleDefault(FORCE, base.ADMIN_OR_OWNER, 'Delete a server at once.',
                                 _ACTION),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
