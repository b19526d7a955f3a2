"""The default policy rules, one module per resource, each naming its rules as constants.

Handlers import the constant (`policies.servers.SHOW`); novum.api.policy registers
list_rules() on its enforcer, as Nova's nova/policies/__init__.py does.
"""

import itertools

from oslo_policy import policy

from novum.api.policies import (
    admin_actions,
    aggregates,
    availability_zone,
    base,
    console_output,
    deferred_delete,
    extended_server_attributes,
    flavor_extra_specs,
    flavor_manage,
    flavors,
    hypervisors,
    images,
    instance_actions,
    ips,
    keypairs,
    limits,
    lock_server,
    migrate_server,
    migrations,
    pause_server,
    quota_class_sets,
    quota_sets,
    rescue,
    server_groups,
    server_metadata,
    server_migrations,
    server_password,
    server_tags,
    servers,
    services,
    simple_tenant_usage,
    suspend_server,
)

_MODULES = (base, servers, admin_actions, lock_server, deferred_delete,
            extended_server_attributes, server_metadata, ips, server_password,
            instance_actions, flavors, flavor_manage, flavor_extra_specs, images, limits,
            availability_zone, keypairs, quota_sets, quota_class_sets, services, hypervisors,
            migrations, aggregates, simple_tenant_usage, pause_server, suspend_server,
            rescue, console_output, server_tags, server_groups, migrate_server,
            server_migrations)


def list_rules() -> list[policy.RuleDefault]:
    """Every default rule (also for oslopolicy-sample-generator)."""
    return list(itertools.chain.from_iterable(module.list_rules() for module in _MODULES))
