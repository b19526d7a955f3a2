"""Rules of /servers: list, show, create, rename, delete, the power actions and resize."""

from oslo_policy import policy

from novum.api.policies import base

INDEX = 'os_compute_api:servers:index'
DETAIL = 'os_compute_api:servers:detail'
INDEX_ALL_TENANTS = 'os_compute_api:servers:index:get_all_tenants'
DETAIL_ALL_TENANTS = 'os_compute_api:servers:detail:get_all_tenants'
ALLOW_ALL_FILTERS = 'os_compute_api:servers:allow_all_filters'
SHOW = 'os_compute_api:servers:show'
CREATE = 'os_compute_api:servers:create'
UPDATE = 'os_compute_api:servers:update'
DELETE = 'os_compute_api:servers:delete'
REBOOT = 'os_compute_api:servers:reboot'
STOP = 'os_compute_api:servers:stop'
START = 'os_compute_api:servers:start'
CREATE_IMAGE = 'os_compute_api:servers:create_image'
REBUILD = 'os_compute_api:servers:rebuild'
RESIZE = 'os_compute_api:servers:resize'
CONFIRM_RESIZE = 'os_compute_api:servers:confirm_resize'
REVERT_RESIZE = 'os_compute_api:servers:revert_resize'

_ACTION = [{'method': 'POST', 'path': '/servers/{server_id}/action'}]

rules = [
    policy.DocumentedRuleDefault(INDEX, base.ADMIN_OR_OWNER, 'List servers.',
                                 [{'method': 'GET', 'path': '/servers'}]),
    policy.DocumentedRuleDefault(DETAIL, base.ADMIN_OR_OWNER, 'List servers with details.',
                                 [{'method': 'GET', 'path': '/servers/detail'}]),
    policy.DocumentedRuleDefault(INDEX_ALL_TENANTS, base.ADMIN, 'List all projects\' servers.',
                                 [{'method': 'GET', 'path': '/servers?all_tenants=1'}]),
    policy.DocumentedRuleDefault(DETAIL_ALL_TENANTS, base.ADMIN,
                                 'List all projects\' servers with details.',
                                 [{'method': 'GET', 'path': '/servers/detail?all_tenants=1'}]),
    policy.DocumentedRuleDefault(ALLOW_ALL_FILTERS, base.ADMIN, 'Filter servers by any field.',
                                 [{'method': 'GET', 'path': '/servers'},
                                  {'method': 'GET', 'path': '/servers/detail'}]),
    policy.DocumentedRuleDefault(SHOW, base.ADMIN_OR_OWNER, 'Show a server.',
                                 [{'method': 'GET', 'path': '/servers/{server_id}'}]),
    policy.DocumentedRuleDefault(CREATE, base.ADMIN_OR_OWNER, 'Create servers.',
                                 [{'method': 'POST', 'path': '/servers'}]),
    policy.DocumentedRuleDefault(UPDATE, base.ADMIN_OR_OWNER, 'Rename a server.',
                                 [{'method': 'PUT', 'path': '/servers/{server_id}'}]),
    policy.DocumentedRuleDefault(DELETE, base.ADMIN_OR_OWNER, 'Delete a server.',
                                 [{'method': 'DELETE', 'path': '/servers/{server_id}'}]),
    policy.DocumentedRuleDefault(REBOOT, base.ADMIN_OR_OWNER, 'Reboot a server.', _ACTION),
    policy.DocumentedRuleDefault(STOP, base.ADMIN_OR_OWNER, 'Stop a server.', _ACTION),
    policy.DocumentedRuleDefault(START, base.ADMIN_OR_OWNER, 'Start a server.', _ACTION),
    policy.DocumentedRuleDefault(CREATE_IMAGE, base.ADMIN_OR_OWNER,
                                 'Create an image (snapshot) of a server.', _ACTION),
    policy.DocumentedRuleDefault(REBUILD, base.ADMIN_OR_OWNER, 'Rebuild a server.', _ACTION),
    policy.DocumentedRuleDefault(RESIZE, base.ADMIN_OR_OWNER, 'Resize a server.', _ACTION),
    policy.DocumentedRuleDefault(CONFIRM_RESIZE, base.ADMIN_OR_OWNER,
                                 'Confirm a server resize.', _ACTION),
    policy.DocumentedRuleDefault(REVERT_RESIZE, base.ADMIN_OR_OWNER,
                                 'Revert a server resize.', _ACTION),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
