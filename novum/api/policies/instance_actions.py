"""Rules of /servers/{server_id}/os-instance-actions; events only for administrators."""

from oslo_policy import policy

from novum.api.policies import base

LIST = 'os_compute_api:os-instance-actions:list'
SHOW = 'os_compute_api:os-instance-actions:show'
EVENTS = 'os_compute_api:os-instance-actions:events'

_PATH = '/servers/{server_id}/os-instance-actions'

rules = [
    policy.DocumentedRuleDefault(LIST, base.ADMIN_OR_OWNER, 'List server actions.',
                                 [{'method': 'GET', 'path': _PATH}]),
    policy.DocumentedRuleDefault(SHOW, base.ADMIN_OR_OWNER, 'Show a server action.',
                                 [{'method': 'GET', 'path': _PATH + '/{request_id}'}]),
    policy.DocumentedRuleDefault(EVENTS, base.ADMIN, 'See the events of an action.',
                                 [{'method': 'GET', 'path': _PATH + '/{request_id}'}]),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
