"""Who sees the host, hypervisor and instance name of servers (OS-EXT-SRV-ATTR)."""

from oslo_policy import policy

from novum.api.policies import base

BASE = 'os_compute_api:os-extended-server-attributes'

rules = [
    policy.DocumentedRuleDefault(BASE, base.ADMIN,
                                 'See host, hypervisor and instance name of servers.',
                                 [{'method': 'GET', 'path': '/servers/{server_id}'},
                                  {'method': 'GET', 'path': '/servers/detail'}]),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
