"""/os-services: list services; enable, disable or force down a compute (admin only)."""

import webob
from oslo_utils import strutils

from novum import conf, exception, objects
from novum.api import microversion, policies, policy, util, validation
from novum.api.schemas import services as schemas
from novum.api.views import services as views
from novum.compute import aggregates as compute_aggregates

CONF = conf.CONF


def zone(service, host_zones: dict | None = None) -> str:
    """Computes are in their aggregate's zone (host_zones, see
    compute.aggregates.host_availability_zones) or the default one; the control plane
    in the internal one."""
    if service.binary == views.COMPUTE_BINARY:
        return compute_aggregates.host_zone(host_zones or {}, service.host)
    return CONF.internal_service_availability_zone


def _view(request: webob.Request, service, host_zones: dict | None = None) -> dict:
    body = {
        'id': service.id,
        'binary': views.api_binary(service.binary),
        'host': service.host,
        'zone': zone(service, host_zones),
        'status': 'disabled' if service.disabled else 'enabled',
        'state': 'up' if service.is_up() else 'down',
        'updated_at': util.naive(service.last_seen_up or service.updated_at),
        'disabled_reason': service.disabled_reason,
    }
    if microversion.is_supported(request, '2.11'):
        body['forced_down'] = service.forced_down
    return body


def index(request: webob.Request) -> webob.Response:
    context = util.context(request)
    policy.authorize(context, policies.services.LIST, {})
    services = objects.ServiceList.get_all(context)
    host, binary = request.GET.get('host'), views.daemon_binary(request.GET.get('binary'))
    host_zones = compute_aggregates.host_availability_zones(context)
    shown = [_view(request, service, host_zones) for service in services
             if (not host or service.host == host) and (not binary or service.binary == binary)]
    return util.json_response({'services': shown})


def _service(context, body: dict):
    """The compute service `body` names; only computes can be changed, as in Nova."""
    binary = views.daemon_binary(body['binary'])
    if binary != views.COMPUTE_BINARY:
        raise exception.Invalid(
            f"Updating a {body['binary']} service is not supported. Only "
            f"{views.api_binary(views.COMPUTE_BINARY)} services can be updated.")
    try:
        return objects.Service.get_by_host_and_binary(context, body['host'], binary)
    except exception.NotFound:
        raise exception.HostBinaryNotFound(host=body['host'], binary=body['binary']) from None


def _enable_disable(context, body: dict, disabled: bool, reason: str | None) -> dict:
    service = _service(context, body)
    service.disabled = disabled
    service.disabled_reason = reason
    service.save()
    result = {'host': body['host'], 'binary': views.api_binary(service.binary),
              'status': 'disabled' if disabled else 'enabled'}
    if reason:
        result['disabled_reason'] = reason
    return result


def _enable(context, body: dict) -> dict:
    return _enable_disable(context, body, False, None)


def _disable(context, body: dict) -> dict:
    return _enable_disable(context, body, True, None)


def _disable_log_reason(context, body: dict) -> dict:
    if 'disabled_reason' not in body:
        raise exception.Invalid('Missing disabled reason field')
    return _enable_disable(context, body, True, body['disabled_reason'])


def _force_down(context, body: dict) -> dict:
    if 'forced_down' not in body:
        raise exception.Invalid('Missing forced_down field')
    forced_down = strutils.bool_from_string(body['forced_down'])
    service = _service(context, body)
    service.forced_down = forced_down
    service.save()
    return {'host': body['host'], 'binary': views.api_binary(service.binary),
            'forced_down': forced_down}


ACTIONS = {
    'enable': _enable,
    'disable': _disable,
    'disable-log-reason': _disable_log_reason,
}


@validation.schema(schemas.update, '2.1', '2.10')
@validation.schema(schemas.update_v211, '2.11')
def update(request: webob.Request, service_id: str, body) -> webob.Response:
    """PUT /os-services/<action> with {"host", "binary", ...} (the 2.1 form)."""
    v211 = microversion.is_supported(request, '2.11')
    context = util.context(request)
    policy.authorize(context, policies.services.UPDATE, {})
    actions = dict(ACTIONS, **({'force-down': _force_down} if v211 else {}))
    if service_id not in actions:
        raise exception.NotFound('Unknown action')
    return util.json_response({'service': actions[service_id](context, body)})


def delete(request: webob.Request, service_id: str) -> webob.Response:
    context = util.context(request)
    policy.authorize(context, policies.services.DELETE, {})
    try:
        service = objects.Service.get_by_id(context, util.db_int(service_id))
    except (ValueError, exception.NotFound):
        raise exception.ServiceNotFound(service_id=service_id) from None
    service.destroy()
    return util.empty_response(204)
