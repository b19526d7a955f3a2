"""Rules of /os-server-groups: the group's project, or an administrator."""

from oslo_policy import policy

from novum.api.policies import base

CREATE = 'os_compute_api:os-server-groups:create'
DELETE = 'os_compute_api:os-server-groups:delete'
INDEX = 'os_compute_api:os-server-groups:index'
INDEX_ALL_PROJECTS = 'os_compute_api:os-server-groups:index:all_projects'
SHOW = 'os_compute_api:os-server-groups:show'

_ONE = '/os-server-groups/{server_group_id}'

rules = [
    policy.DocumentedRuleDefault(CREATE, base.ADMIN_OR_OWNER, 'Create a server group.',
                                 [{'method': 'POST', 'path': '/os-server-groups'}]),
    policy.DocumentedRuleDefault(DELETE, base.ADMIN_OR_OWNER, 'Delete a server group.',
                                 [{'method': 'DELETE', 'path': _ONE}]),
    policy.DocumentedRuleDefault(INDEX, base.ADMIN_OR_OWNER,
                                 "List the project's server groups.",
                                 [{'method': 'GET', 'path': '/os-server-groups'}]),
    policy.DocumentedRuleDefault(INDEX_ALL_PROJECTS, base.ADMIN,
                                 'List the server groups of every project.',
                                 [{'method': 'GET', 'path': '/os-server-groups'}]),
    policy.DocumentedRuleDefault(SHOW, base.ADMIN_OR_OWNER, 'Show a server group.',
                                 [{'method': 'GET', 'path': _ONE}]),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
