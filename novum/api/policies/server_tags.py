"""Rules of /servers/{id}/tags: the server's project, or an administrator."""

from oslo_policy import policy

from novum.api.policies import base

INDEX = 'os_compute_api:os-server-tags:index'
SHOW = 'os_compute_api:os-server-tags:show'
UPDATE = 'os_compute_api:os-server-tags:update'
UPDATE_ALL = 'os_compute_api:os-server-tags:update_all'
DELETE = 'os_compute_api:os-server-tags:delete'
DELETE_ALL = 'os_compute_api:os-server-tags:delete_all'

_TAGS = '/servers/{server_id}/tags'
_TAG = '/servers/{server_id}/tags/{tag}'

rules = [
    policy.DocumentedRuleDefault(INDEX, base.ADMIN_OR_OWNER, 'List the tags of a server.',
                                 [{'method': 'GET', 'path': _TAGS}]),
    policy.DocumentedRuleDefault(SHOW, base.ADMIN_OR_OWNER, 'Check a tag of a server.',
                                 [{'method': 'GET', 'path': _TAG}]),
    policy.DocumentedRuleDefault(UPDATE, base.ADMIN_OR_OWNER, 'Add a tag to a server.',
                                 [{'method': 'PUT', 'path': _TAG}]),
    policy.DocumentedRuleDefault(UPDATE_ALL, base.ADMIN_OR_OWNER,
                                 'Replace the tags of a server.',
                                 [{'method': 'PUT', 'path': _TAGS}]),
    policy.DocumentedRuleDefault(DELETE, base.ADMIN_OR_OWNER, 'Delete a tag of a server.',
                                 [{'method': 'DELETE', 'path': _TAG}]),
    policy.DocumentedRuleDefault(DELETE_ALL, base.ADMIN_OR_OWNER,
                                 'Delete all the tags of a server.',
                                 [{'method': 'DELETE', 'path': _TAGS}]),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
