"""The default policy rules: the same names and check strings as before they were split
into one module per resource (novum/api/policies), and every one registered once."""

from novum.api import policies, policy

# Captured from novum/api/policy.py's _RULES before the split; a change of a default is
# a change of the API's behaviour and must be made here too, on purpose.
DEFAULTS = [
    ('context_is_admin', 'role:admin'),
    ('admin_api', 'is_admin:True'),
    ('admin_or_owner', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:servers:index', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:servers:detail', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:servers:index:get_all_tenants', 'is_admin:True'),
    ('os_compute_api:servers:detail:get_all_tenants', 'is_admin:True'),
    ('os_compute_api:servers:allow_all_filters', 'is_admin:True'),
    ('os_compute_api:servers:show', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:servers:create', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:servers:update', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:servers:delete', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:servers:reboot', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:servers:stop', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:servers:start', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-admin-actions:reset_state', 'is_admin:True'),
    ('os_compute_api:os-admin-actions:inject_network_info', 'is_admin:True'),
    ('os_compute_api:os-lock-server:lock', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-lock-server:unlock', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-deferred-delete:restore', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-deferred-delete:force', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-extended-server-attributes', 'is_admin:True'),
    ('os_compute_api:server-metadata:index', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:server-metadata:show', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:server-metadata:create', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:server-metadata:update', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:server-metadata:update_all', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:server-metadata:delete', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:ips:index', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:ips:show', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-server-password:show', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-server-password:clear', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-instance-actions:list', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-instance-actions:show', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-instance-actions:events', 'is_admin:True'),
    ('os_compute_api:flavors', '@'),
    ('os_compute_api:os-flavor-manage:create', 'is_admin:True'),
    ('os_compute_api:os-flavor-manage:delete', 'is_admin:True'),
    ('os_compute_api:os-flavor-extra-specs:index', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-flavor-extra-specs:show', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-flavor-extra-specs:create', 'is_admin:True'),
    ('os_compute_api:os-flavor-extra-specs:update', 'is_admin:True'),
    ('os_compute_api:os-flavor-extra-specs:delete', 'is_admin:True'),
    ('os_compute_api:images', '@'),
    ('os_compute_api:limits', '@'),
    ('os_compute_api:limits:other_project', 'is_admin:True'),
    ('os_compute_api:os-availability-zone:list', '@'),
    ('os_compute_api:os-availability-zone:detail', 'is_admin:True'),
    ('os_compute_api:os-keypairs:index', 'is_admin:True or user_id:%(user_id)s'),
    ('os_compute_api:os-keypairs:show', 'is_admin:True or user_id:%(user_id)s'),
    ('os_compute_api:os-keypairs:create', 'is_admin:True or user_id:%(user_id)s'),
    ('os_compute_api:os-keypairs:delete', 'is_admin:True or user_id:%(user_id)s'),
    ('os_compute_api:os-quota-sets:show', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-quota-sets:defaults', '@'),
    ('os_compute_api:os-quota-sets:detail', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-quota-sets:update', 'is_admin:True'),
    ('os_compute_api:os-quota-sets:delete', 'is_admin:True'),
    ('os_compute_api:os-quota-class-sets:show', 'is_admin:True'),
    ('os_compute_api:os-services:list', 'is_admin:True'),
    ('os_compute_api:os-services:update', 'is_admin:True'),
    ('os_compute_api:os-services:delete', 'is_admin:True'),
    ('os_compute_api:os-hypervisors', 'is_admin:True'),
    ('os_compute_api:os-migrations:index', 'is_admin:True'),
    ('os_compute_api:os-aggregates:index', 'is_admin:True'),
    ('os_compute_api:os-aggregates:show', 'is_admin:True'),
    # Server tags, aggregates and server groups (issue 9).
    ('os_compute_api:os-aggregates:create', 'is_admin:True'),
    ('os_compute_api:os-aggregates:update', 'is_admin:True'),
    ('os_compute_api:os-aggregates:delete', 'is_admin:True'),
    ('os_compute_api:os-aggregates:add_host', 'is_admin:True'),
    ('os_compute_api:os-aggregates:remove_host', 'is_admin:True'),
    ('os_compute_api:os-aggregates:set_metadata', 'is_admin:True'),
    ('os_compute_api:os-server-tags:index', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-server-tags:show', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-server-tags:update', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-server-tags:update_all', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-server-tags:delete', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-server-tags:delete_all', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-server-groups:create', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-server-groups:delete', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-server-groups:index', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-server-groups:index:all_projects', 'is_admin:True'),
    ('os_compute_api:os-server-groups:show', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-simple-tenant-usage:list', 'is_admin:True'),
    ('os_compute_api:os-simple-tenant-usage:show', 'is_admin:True or project_id:%(project_id)s'),
    # Added with the pause, suspend, rescue and console output actions.
    ('os_compute_api:os-pause-server:pause', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-pause-server:unpause', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-suspend-server:suspend', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-suspend-server:resume', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-rescue', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-unrescue', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-console-output', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:servers:create_image', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:servers:rebuild', 'is_admin:True or project_id:%(project_id)s'),
    # Resize and cold migration (issue 9), as Nova names and defaults them.
    ('os_compute_api:servers:resize', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:servers:confirm_resize', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:servers:revert_resize', 'is_admin:True or project_id:%(project_id)s'),
    ('os_compute_api:os-migrate-server:migrate', 'is_admin:True'),
    ('os_compute_api:servers:migrations:index', 'is_admin:True'),
    ('os_compute_api:servers:migrations:show', 'is_admin:True'),
]


def test_default_rules_are_the_ones_before_the_split_into_modules():
    assert sorted((rule.name, rule.check_str) for rule in policies.list_rules()) == \
        sorted(DEFAULTS)


def test_every_rule_is_defined_once():
    names = [rule.name for rule in policies.list_rules()]
    assert len(names) == len(set(names))


def test_the_enforcer_registers_every_default_rule():
    policy.reset()
    try:
        registered = policy.get_enforcer().registered_rules
        assert {name: rule.check_str for name, rule in registered.items()} == dict(DEFAULTS)
    finally:
        policy.reset()
