"""Rule of /os-hypervisors (administrators)."""

from oslo_policy import policy

from novum.api.policies import base

BASE = 'os_compute_api:os-hypervisors'

rules = [
    policy.DocumentedRuleDefault(BASE, base.ADMIN, 'List and show hypervisors.', [
        {'method': 'GET', 'path': '/os-hypervisors'},
        {'method': 'GET', 'path': '/os-hypervisors/detail'},
        {'method': 'GET', 'path': '/os-hypervisors/statistics'},
        {'method': 'GET', 'path': '/os-hypervisors/{hypervisor_id}'},
        {'method': 'GET', 'path': '/os-hypervisors/{hypervisor_id}/uptime'},
        {'method': 'GET', 'path': '/os-hypervisors/{hostname_pattern}/search'},
        {'method': 'GET', 'path': '/os-hypervisors/{hostname_pattern}/servers'}]),
]


def list_rules() -> list[policy.RuleDefault]:
    return rules
