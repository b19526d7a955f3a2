"""Service binary names as the compute API shows them: Nova's (nova-compute), not the daemons'.

Novum's daemons are novum-conductor, novum-scheduler and novum-compute, and the services
table records those names. Clients hard-code Nova's (`openstack compute service set HOST
nova-compute`, Tempest, dashboards), so the API speaks Nova's names in responses and
accepts both in requests. This module is the only place that translates.
"""

from novum.objects.service import COMPUTE_BINARY  # noqa: F401 (the handlers' name for it)

DAEMON_PREFIX = 'novum-'
API_PREFIX = 'nova-'


def api_binary(binary: str | None) -> str | None:
    """The name a response shows: novum-compute -> nova-compute."""
    if binary and binary.startswith(DAEMON_PREFIX):
        return API_PREFIX + binary[len(DAEMON_PREFIX):]
    return binary


def daemon_binary(binary: str | None) -> str | None:
    """The recorded name a request means: nova-compute (or novum-compute) -> novum-compute."""
    if binary and binary.startswith(API_PREFIX):
        return DAEMON_PREFIX + binary[len(API_PREFIX):]
    return binary
