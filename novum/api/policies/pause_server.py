"""Rules of the pause and unpause server actions."""

from oslo_policy import policy

from novum.api.policies import base

PAUSE = 'os_compute_api:os-pause-server:pause'
UNPAUSE = 'os_compute_api:os-pause-server:unpause'

_ACTION = [{'method': 'POST', 'path': '/servers/{server_id}/action'}]

rules = [
    policy.DocumentedRuleDefault(PAUSE, base.ADMIN_OR_OWNER, 'Pause a server.', _ACTION),
    policy.DocumentedRuleDefault(UNPAUSE, base.ADMIN_OR_OWNER, 'Unpause a paused server.',
                                 _ACTION),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
