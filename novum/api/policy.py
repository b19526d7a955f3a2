"""The policy enforcer and `authorize()` that handlers call.

The rules and their Nova-like defaults live in novum.api.policies, one module per
resource: owner-or-admin for a project's own resources; admin only for other projects
(all_tenants), services, hypervisors, flavor management and quota updates. Operators
override rules in the [oslo_policy] policy_file.
"""

from oslo_policy import policy

from novum import conf, exception
from novum.api import policies

CONF = conf.CONF

_ENFORCER: policy.Enforcer | None = None


def get_enforcer() -> policy.Enforcer:
    global _ENFORCER
    if _ENFORCER is None:
        _ENFORCER = policy.Enforcer(CONF)
        _ENFORCER.register_defaults(policies.list_rules())
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

