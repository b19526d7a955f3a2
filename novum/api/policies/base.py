"""The check strings the rules of every resource are built from, and the base rules."""

from oslo_policy import policy

ADMIN = 'is_admin:True'
ADMIN_OR_OWNER = 'is_admin:True or project_id:%(project_id)s'
ADMIN_OR_USER = 'is_admin:True or user_id:%(user_id)s'
ANYONE = '@'

rules = [
    policy.RuleDefault('context_is_admin', 'role:admin',
                       description='Who counts as an administrator.'),
    policy.RuleDefault('admin_api', ADMIN, description='Administrators only.'),
    policy.RuleDefault('admin_or_owner', ADMIN_OR_OWNER,
                       description='Administrators or the owning project.'),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
