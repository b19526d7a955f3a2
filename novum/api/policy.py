"""oslo.policy rules with Nova-like defaults, and `authorize()` that handlers call.

Owner-or-admin for a project's own resources; admin only for other projects
(all_tenants), services, hypervisors, flavor management and quota updates.
Operators override rules in the [oslo_policy] policy_file.
"""

from oslo_policy import policy

from novum import conf, exception

CONF = conf.CONF

ADMIN = 'is_admin:True'
ADMIN_OR_OWNER = 'is_admin:True or project_id:%(project_id)s'
ADMIN_OR_USER = 'is_admin:True or user_id:%(user_id)s'
ANYONE = '@'

_RULES = [
    ('context_is_admin', 'role:admin', 'Who counts as an administrator.'),
    ('admin_api', ADMIN, 'Administrators only.'),
    ('admin_or_owner', ADMIN_OR_OWNER, 'Administrators or the owning project.'),
    # Servers
    ('os_compute_api:servers:index', ADMIN_OR_OWNER, 'List servers.'),
    ('os_compute_api:servers:detail', ADMIN_OR_OWNER, 'List servers with details.'),
    ('os_compute_api:servers:index:get_all_tenants', ADMIN, 'List all projects\' servers.'),
    ('os_compute_api:servers:detail:get_all_tenants', ADMIN,
     'List all projects\' servers with details.'),
    ('os_compute_api:servers:allow_all_filters', ADMIN, 'Filter servers by any field.'),
    ('os_compute_api:servers:show', ADMIN_OR_OWNER, 'Show a server.'),
    ('os_compute_api:servers:create', ADMIN_OR_OWNER, 'Create servers.'),
    ('os_compute_api:servers:update', ADMIN_OR_OWNER, 'Rename a server.'),
    ('os_compute_api:servers:delete', ADMIN_OR_OWNER, 'Delete a server.'),
    ('os_compute_api:servers:reboot', ADMIN_OR_OWNER, 'Reboot a server.'),
    ('os_compute_api:servers:stop', ADMIN_OR_OWNER, 'Stop a server.'),
    ('os_compute_api:servers:start', ADMIN_OR_OWNER, 'Start a server.'),
    ('os_compute_api:os-admin-actions:reset_state', ADMIN, 'Force a server\'s vm_state.'),
    ('os_compute_api:os-admin-actions:inject_network_info', ADMIN,
     'Inject network information into a server.'),
    ('os_compute_api:os-lock-server:lock', ADMIN_OR_OWNER, 'Lock a server.'),
    ('os_compute_api:os-lock-server:unlock', ADMIN_OR_OWNER, 'Unlock a server.'),
    ('os_compute_api:os-deferred-delete:restore', ADMIN_OR_OWNER,
     'Restore a soft-deleted server.'),
    ('os_compute_api:os-deferred-delete:force', ADMIN_OR_OWNER,
     'Delete a server at once.'),
    ('os_compute_api:os-extended-server-attributes', ADMIN,
     'See host, hypervisor and instance name of servers.'),
    ('os_compute_api:server-metadata:index', ADMIN_OR_OWNER, 'List server metadata.'),
    ('os_compute_api:server-metadata:show', ADMIN_OR_OWNER, 'Show a metadata item.'),
    ('os_compute_api:server-metadata:create', ADMIN_OR_OWNER, 'Add metadata items.'),
    ('os_compute_api:server-metadata:update', ADMIN_OR_OWNER, 'Set a metadata item.'),
    ('os_compute_api:server-metadata:update_all', ADMIN_OR_OWNER, 'Replace metadata.'),
    ('os_compute_api:server-metadata:delete', ADMIN_OR_OWNER, 'Delete a metadata item.'),
    ('os_compute_api:ips:index', ADMIN_OR_OWNER, 'List a server\'s addresses.'),
    ('os_compute_api:ips:show', ADMIN_OR_OWNER, 'Show a server\'s addresses on a network.'),
    ('os_compute_api:os-server-password:show', ADMIN_OR_OWNER,
     'Show a server\'s encrypted password.'),
    ('os_compute_api:os-server-password:clear', ADMIN_OR_OWNER,
     'Clear a server\'s encrypted password.'),
    ('os_compute_api:os-instance-actions:list', ADMIN_OR_OWNER, 'List server actions.'),
    ('os_compute_api:os-instance-actions:show', ADMIN_OR_OWNER, 'Show a server action.'),
    ('os_compute_api:os-instance-actions:events', ADMIN, 'See the events of an action.'),
    # Flavors, images, limits, availability zones
    ('os_compute_api:flavors', ANYONE, 'List and show flavors.'),
    ('os_compute_api:os-flavor-manage:create', ADMIN, 'Create flavors.'),
    ('os_compute_api:os-flavor-manage:delete', ADMIN, 'Delete flavors.'),
    ('os_compute_api:os-flavor-extra-specs:index', ADMIN_OR_OWNER,
     'List a flavor\'s extra specs.'),
    ('os_compute_api:os-flavor-extra-specs:show', ADMIN_OR_OWNER, 'Show a flavor extra spec.'),
    ('os_compute_api:os-flavor-extra-specs:create', ADMIN, 'Add or change extra specs.'),
    ('os_compute_api:os-flavor-extra-specs:update', ADMIN, 'Change a flavor extra spec.'),
    ('os_compute_api:os-flavor-extra-specs:delete', ADMIN, 'Delete a flavor extra spec.'),
    ('os_compute_api:images', ANYONE, 'List and show images.'),
    ('os_compute_api:limits', ANYONE, 'Show the project\'s limits.'),
    ('os_compute_api:limits:other_project', ADMIN, 'Show another project\'s limits.'),
    ('os_compute_api:os-availability-zone:list', ANYONE, 'List availability zones.'),
    ('os_compute_api:os-availability-zone:detail', ADMIN, 'List zones with their hosts.'),
    # Keypairs
    ('os_compute_api:os-keypairs:index', ADMIN_OR_USER, 'List key pairs.'),
    ('os_compute_api:os-keypairs:show', ADMIN_OR_USER, 'Show a key pair.'),
    ('os_compute_api:os-keypairs:create', ADMIN_OR_USER, 'Create or import a key pair.'),
    ('os_compute_api:os-keypairs:delete', ADMIN_OR_USER, 'Delete a key pair.'),
    # Quotas
    ('os_compute_api:os-quota-sets:show', ADMIN_OR_OWNER, 'Show a project\'s quotas.'),
    ('os_compute_api:os-quota-sets:defaults', ANYONE, 'Show default quotas.'),
    ('os_compute_api:os-quota-sets:detail', ADMIN_OR_OWNER, 'Show quotas and usage.'),
    ('os_compute_api:os-quota-sets:update', ADMIN, 'Change a project\'s quotas.'),
    ('os_compute_api:os-quota-sets:delete', ADMIN, 'Reset a project\'s quotas.'),
    ('os_compute_api:os-quota-class-sets:show', ADMIN, 'Show the default quotas.'),
    # Operators
    ('os_compute_api:os-services:list', ADMIN, 'List services.'),
    ('os_compute_api:os-services:update', ADMIN, 'Enable, disable or force down services.'),
    ('os_compute_api:os-services:delete', ADMIN, 'Delete a service.'),
    ('os_compute_api:os-hypervisors', ADMIN, 'List and show hypervisors.'),
    ('os_compute_api:os-migrations:index', ADMIN, 'List migrations.'),
    ('os_compute_api:os-aggregates:index', ADMIN, 'List host aggregates (none in Novum).'),
    ('os_compute_api:os-aggregates:show', ADMIN, 'Show a host aggregate (none in Novum).'),
    ('os_compute_api:os-simple-tenant-usage:list', ADMIN, 'Show every project\'s usage.'),
    ('os_compute_api:os-simple-tenant-usage:show', ADMIN_OR_OWNER, 'Show a project\'s usage.'),
]

_ENFORCER: policy.Enforcer | None = None


def get_enforcer() -> policy.Enforcer:
    global _ENFORCER
    if _ENFORCER is None:
        _ENFORCER = policy.Enforcer(CONF)
        _ENFORCER.register_defaults(
            [policy.RuleDefault(name, check, description=description)
             for name, check, description in _RULES])
    return _ENFORCER


def reset() -> None:
    global _ENFORCER
    _ENFORCER = None


def authorize(context, action: str, target: dict | None = None, fatal: bool = True) -> bool:
    """Check `action` for `context` against `target` (default: its own project and user).

    Raises PolicyNotAuthorized (403) when refused, or returns False with fatal=False.
    """
    if target is None:
        target = {'project_id': context.project_id, 'user_id': context.user_id}
    credentials = context.to_policy_values()
    credentials['is_admin'] = context.is_admin
    allowed = get_enforcer().enforce(action, target, credentials)
    if not allowed and fatal:
        raise exception.PolicyNotAuthorized(action=action)
    return allowed


def list_rules() -> list[policy.RuleDefault]:
    """For oslopolicy-sample-generator."""
    return [policy.RuleDefault(name, check, description=description)
            for name, check, description in _RULES]
