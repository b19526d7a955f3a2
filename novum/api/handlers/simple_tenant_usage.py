"""/os-simple-tenant-usage: hours, vCPU-, MB- and GB-hours of servers in a time window.

Computed from the instances (deleted ones included) launched before the window's end
and not terminated before its start, as Nova's simple tenant usage read API.
"""

import datetime

import webob
from oslo_utils import timeutils

from novum import conf, exception, objects
from novum.api import policies, policy, util
from novum.objects.resources import InstanceResources

CONF = conf.CONF

_FORMATS = ('%Y-%m-%dT%H:%M:%S', '%Y-%m-%dT%H:%M:%S.%f', '%Y-%m-%d %H:%M:%S.%f')


def _parse_datetime(value: str | None) -> datetime.datetime:
    """A UTC-aware datetime from one of Nova's three formats; now when absent."""
    if not value:
        parsed = timeutils.utcnow()
    else:
        for fmt in _FORMATS:
            try:
                parsed = datetime.datetime.strptime(value, fmt)
                break
            except ValueError:
                continue
        else:
            raise exception.Invalid('Invalid datetime string: Datetime is in invalid format')
    if parsed.utcoffset() is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed


def _period(request: webob.Request) -> tuple:
    """(start, stop, detailed) of the query; stop is cut at now as Nova does."""
    # Nova reads the first value of each parameter (urlparse.parse_qs()[0]).
    start = _parse_datetime(request.GET.getall('start')[0] if 'start' in request.GET else None)
    stop = _parse_datetime(request.GET.getall('end')[0] if 'end' in request.GET else None)
    if not start < stop:
        raise exception.Invalid('Invalid start time. The start time cannot occur after the '
                                'end time.')
    detailed = (request.GET.getall('detailed')[0] if 'detailed' in request.GET else '0') == '1'
    now = timeutils.utcnow().replace(microsecond=0, tzinfo=datetime.UTC)
    return start, min(stop, now), detailed


def _aware(value: datetime.datetime | None) -> datetime.datetime | None:
    if value is not None and value.utcoffset() is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value


def _hours(launched_at, terminated_at, start, stop) -> float:
    if terminated_at is not None and terminated_at < start:
        return 0
    if launched_at is None or launched_at > stop:
        return 0
    end = min(stop, terminated_at) if terminated_at is not None else stop
    return (end - max(launched_at, start)).total_seconds() / 3600.0


def _active_instances(context, start, stop, project_id: str | None) -> list:
    """Nova's instance_get_active_by_window_joined over InstanceList.get_by_filters:
    the project's (or every) instance, deleted included, filtered to the window here."""
    filters = {'deleted': True}
    if project_id is not None:
        filters['project_id'] = project_id
    instances = objects.InstanceList.get_by_filters(
        context, filters, sort_keys=['project_id', 'uuid'], sort_dirs=['asc', 'asc'])
    active = [instance for instance in instances
              if instance.launched_at is not None and _aware(instance.launched_at) < stop
              and (instance.terminated_at is None or _aware(instance.terminated_at) > start)]
    return active[:CONF.api.max_limit]


def _usages(context, start, stop, project_id: str | None = None,
            detailed: bool = True) -> list[dict]:
    summaries: dict[str, dict] = {}
    now = timeutils.utcnow().replace(tzinfo=datetime.UTC)
    for instance in _active_instances(context, start, stop, project_id):
        launched_at = _aware(instance.launched_at)
        terminated_at = _aware(instance.terminated_at)
        flavor = instance.flavor if instance.obj_attr_is_set('flavor') else None
        hours = _hours(launched_at, terminated_at, start, stop)
        resources = (InstanceResources.of_flavor(flavor) if flavor
                     else InstanceResources.of_instance(instance))
        state = 'terminated' if terminated_at else instance.vm_state
        uptime = (terminated_at if terminated_at else now) - launched_at
        usage = {
            'hours': hours,
            'flavor': flavor.name if flavor else '',
            'instance_id': instance.uuid,
            'name': instance.display_name,
            'tenant_id': instance.project_id,
            'memory_mb': resources.memory_mb,
            'local_gb': resources.disk_gb,
            'vcpus': resources.vcpus,
            'started_at': util.naive(launched_at),
            'ended_at': util.naive(terminated_at),
            'state': state,
            'uptime': int(uptime.total_seconds()),
        }
        summary = summaries.get(instance.project_id)
        if summary is None:
            summary = summaries[instance.project_id] = {
                'tenant_id': instance.project_id,
                'total_local_gb_usage': 0, 'total_vcpus_usage': 0,
                'total_memory_mb_usage': 0, 'total_hours': 0,
                'start': util.naive(start), 'stop': util.naive(stop)}
            if detailed:
                summary['server_usages'] = []
        summary['total_local_gb_usage'] += resources.disk_gb * hours
        summary['total_vcpus_usage'] += resources.vcpus * hours
        summary['total_memory_mb_usage'] += resources.memory_mb * hours
        summary['total_hours'] += hours
        if detailed:
            summary['server_usages'].append(usage)
    return list(summaries.values())


def index(request: webob.Request) -> webob.Response:
    """Every project's usage (admin); server_usages only with detailed=1."""
    context = util.context(request)
    policy.authorize(context, policies.simple_tenant_usage.LIST)
    start, stop, detailed = _period(request)
    return util.json_response({'tenant_usages': _usages(context, start, stop,
                                                        detailed=detailed)})


def show(request: webob.Request, tenant_id: str) -> webob.Response:
    """One project's usage with its servers; {} when it had none in the window."""
    context = util.context(request)
    policy.authorize(context, policies.simple_tenant_usage.SHOW,
                     {'project_id': tenant_id})
    start, stop, _detailed = _period(request)
    usages = _usages(context, start, stop, project_id=tenant_id)
    return util.json_response({'tenant_usage': usages[0] if usages else {}})
