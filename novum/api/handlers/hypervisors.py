"""/os-hypervisors: compute nodes, their capacity and use, and statistics (admin only)."""

import json

import webob
import webob.exc
from oslo_utils import timeutils

from novum import exception, objects
from novum.api import microversion, policies, policy, util
from novum.api.views import servers as server_views
from novum.api.views import services as service_views


def _authorize(request: webob.Request):
    context = util.context(request)
    policy.authorize(context, policies.hypervisors.BASE, {})
    return context


def _services(context) -> dict:
    return {service.host: service
            for service in objects.ServiceList.get_by_binary(context,
                                                                 service_views.COMPUTE_BINARY)}


def _basic(node, service) -> dict:
    return {
        'id': node.id,
        'hypervisor_hostname': node.hypervisor_hostname,
        'state': 'up' if service is not None and service.is_up() else 'down',
        'status': 'disabled' if service is None or service.disabled else 'enabled',
    }


def _cpu_info(request: webob.Request, node):
    if not microversion.is_supported(request, '2.28'):
        return node.cpu_info or ''
    try:
        return json.loads(node.cpu_info) if node.cpu_info else {}
    except ValueError:
        return {}


def _detail(request: webob.Request, node, service) -> dict:
    body = _basic(node, service)
    body.update({
        'vcpus': node.vcpus,
        'memory_mb': node.memory_mb,
        'local_gb': node.local_gb,
        'vcpus_used': node.vcpus_used,
        'memory_mb_used': node.memory_mb_used,
        'local_gb_used': node.local_gb_used,
        'hypervisor_type': node.hypervisor_type,
        'hypervisor_version': node.hypervisor_version,
        'free_ram_mb': node.free_ram_mb,
        'free_disk_gb': node.free_disk_gb,
        'current_workload': 0,
        'running_vms': node.running_vms,
        'cpu_info': _cpu_info(request, node),
        'disk_available_least': node.free_disk_gb,
        'host_ip': node.host_ip,
        'service': {'host': node.host,
                    'id': service.id if service is not None else None,
                    'disabled_reason': service.disabled_reason if service is not None
                    else None},
    })
    return body


def _node(context, hypervisor_id: str):
    try:
        return objects.ComputeNode.get_by_id(context, util.db_int(hypervisor_id))
    except (ValueError, exception.NotFound):
        raise exception.HypervisorNotFound(hypervisor=hypervisor_id) from None


def _list(request: webob.Request, view) -> webob.Response:
    context = _authorize(request)
    services = _services(context)
    nodes = objects.ComputeNodeList.get_all(context)
    return util.json_response({'hypervisors': [
        view(request, node, services.get(node.host)) for node in nodes]})


def index(request: webob.Request) -> webob.Response:
    return _list(request, lambda request, node, service: _basic(node, service))


def detail(request: webob.Request) -> webob.Response:
    return _list(request, _detail)


def show(request: webob.Request, hypervisor_id: str) -> webob.Response:
    context = _authorize(request)
    node = _node(context, hypervisor_id)
    return util.json_response({'hypervisor': _detail(request, node,
                                                     _services(context).get(node.host))})


def uptime(request: webob.Request, hypervisor_id: str) -> webob.Response:
    """How long the node's compute service has been up (Novum's drivers are not hosts
    with an uptime of their own)."""
    context = _authorize(request)
    node = _node(context, hypervisor_id)
    service = _services(context).get(node.host)
    body = _basic(node, service)
    if service is None or service.created_at is None:
        raise webob.exc.HTTPNotImplemented(
            explanation='Virt driver does not implement uptime function.')
    seconds = int((timeutils.utcnow(with_timezone=True) - service.created_at).total_seconds())
    days, rest = divmod(max(seconds, 0), 86400)
    body['uptime'] = (f' {timeutils.utcnow():%H:%M:%S} up {days} days, '
                      f'{rest // 3600}:{rest % 3600 // 60:02d}')
    return util.json_response({'hypervisor': body})


def statistics(request: webob.Request) -> webob.Response:
    context = _authorize(request)
    nodes = objects.ComputeNodeList.get_all(context)
    totals = {key: sum(getattr(node, key) for node in nodes) for key in (
        'vcpus', 'memory_mb', 'local_gb', 'vcpus_used', 'memory_mb_used', 'local_gb_used',
        'free_ram_mb', 'free_disk_gb', 'running_vms')}
    totals.update(count=len(nodes), current_workload=0,
                  disk_available_least=totals['free_disk_gb'])
    return util.json_response({'hypervisor_statistics': totals})


def _matching(request: webob.Request, pattern: str) -> tuple:
    context = _authorize(request)
    nodes = [node for node in objects.ComputeNodeList.get_all(context)
             if pattern in node.hypervisor_hostname]
    if not nodes:
        raise exception.HypervisorNotFound(hypervisor=pattern)
    return context, nodes


def search(request: webob.Request, hostname_pattern: str) -> webob.Response:
    context, nodes = _matching(request, hostname_pattern)
    services = _services(context)
    return util.json_response({'hypervisors': [_basic(node, services.get(node.host))
                                               for node in nodes]})


def servers(request: webob.Request, hostname_pattern: str) -> webob.Response:
    context, nodes = _matching(request, hostname_pattern)
    services = _services(context)
    body = []
    for node in nodes:
        view = _basic(node, services.get(node.host))
        instances = objects.InstanceList.get_by_filters(
            context, {'host': node.host, 'node': node.hypervisor_hostname})
        if instances:
            view['servers'] = [{'uuid': instance.uuid, 'name': server_views.instance_name(instance)}
                               for instance in instances]
        body.append(view)
    return util.json_response({'hypervisors': body})
