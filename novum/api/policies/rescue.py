"""Rules of the rescue and unrescue server actions."""

from oslo_policy import policy

from novum.api.policies import base

RESCUE = 'os_compute_api:os-rescue'
UNRESCUE = 'os_compute_api:os-unrescue'

_ACTION = [{'method': 'POST', 'path': '/servers/{server_id}/action'}]

rules = [
    policy.DocumentedRuleDefault(RESCUE, base.ADMIN_OR_OWNER, 'Rescue a server.', _ACTION),
    policy.DocumentedRuleDefault(UNRESCUE, base.ADMIN_OR_OWNER, 'Unrescue a server.',
                                 _ACTION),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
