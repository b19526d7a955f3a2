"""/os-availability-zone: the zones servers can be booted in (detail: with hosts, admin)."""

import webob

from novum import conf, objects
from novum.api import policies, policy, util
from novum.api.handlers import services as services_handler
from novum.api.views import services as service_views
from novum.compute import aggregates as compute_aggregates

CONF = conf.CONF


def _zones(context) -> tuple[dict, list]:
    """zone -> its services (computes in their aggregates' zones), and all services."""
    services = objects.ServiceList.get_all(context)
    host_zones = compute_aggregates.host_availability_zones(context)
    zones: dict[str, list] = {}
    for service in services:
        zones.setdefault(services_handler.zone(service, host_zones), []).append(service)
    return zones, services


def index(request: webob.Request) -> webob.Response:
    context = util.context(request)
    policy.authorize(context, policies.availability_zone.LIST, {})
    zones, _services = _zones(context.elevated())
    info = []
    for name, members in sorted(zones.items()):
        if name == CONF.internal_service_availability_zone:
            continue
        available = any(not service.disabled for service in members)
        info.append({'zoneName': name, 'zoneState': {'available': available},
                     'hosts': None})
    return util.json_response({'availabilityZoneInfo': info})


def detail(request: webob.Request) -> webob.Response:
    context = util.context(request)
    policy.authorize(context, policies.availability_zone.DETAIL, {})
    zones, _services = _zones(context)
    info = []
    for name, members in sorted(zones.items()):
        hosts: dict[str, dict] = {}
        for service in members:
            hosts.setdefault(service.host, {})[service_views.api_binary(service.binary)] = {
                'available': service.is_up(),
                'active': not service.disabled,
                'updated_at': util.naive(service.last_seen_up or service.updated_at),
            }
        available = (name == CONF.internal_service_availability_zone
                     or any(not service.disabled for service in members))
        info.append({'zoneName': name, 'zoneState': {'available': available},
                     'hosts': hosts})
    return util.json_response({'availabilityZoneInfo': info})
