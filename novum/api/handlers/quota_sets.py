"""/os-quota-sets/{project_id}: show, defaults, detail; update and reset (admin only);
/os-quota-class-sets/{class}: the defaults every project starts from (show, admin only)."""

import webob
from oslo_utils import strutils

from novum import conf, exception, objects
from novum.api import microversion, policies, policy, util, validation
from novum.api.schemas import parameter_types
from novum.api.schemas import quota_sets as schemas
from novum.objects import quotas as quotas_obj

CONF = conf.CONF


def _unstored_limits() -> dict:
    """The quota set's resources Novum does not store per project: their [quota] options.
    The personality (injected file) ones are checked when a server is created."""
    return {
        'floating_ips': CONF.quota.floating_ips, 'fixed_ips': CONF.quota.fixed_ips,
        'security_groups': CONF.quota.security_groups,
        'security_group_rules': CONF.quota.security_group_rules,
        'injected_files': CONF.quota.injected_files,
        'injected_file_content_bytes': CONF.quota.injected_file_content_bytes,
        'injected_file_path_bytes': CONF.quota.injected_file_path_length,
    }


def _resources(request: webob.Request) -> tuple:
    if microversion.is_supported(request, '2.36'):
        return tuple(name for name in schemas.RESOURCES_V21
                     if name not in schemas.NETWORK_RESOURCES)
    return schemas.RESOURCES_V21


def _quota_set(request: webob.Request, limits: dict) -> dict:
    unstored = _unstored_limits()
    return {name: limits.get(name, unstored.get(name, -1)) for name in _resources(request)}


def _get(request: webob.Request, project_id: str, rule: str):
    context = util.context(request)
    policy.authorize(context, rule, {'project_id': project_id})
    return objects.Quotas.get_for_project(context, project_id)


def show(request: webob.Request, project_id: str) -> webob.Response:
    quotas = _get(request, project_id, policies.quota_sets.SHOW)
    return util.json_response({'quota_set': dict(_quota_set(request, quotas.limits),
                                                 id=project_id)})


def defaults(request: webob.Request, project_id: str) -> webob.Response:
    policy.authorize(util.context(request), policies.quota_sets.DEFAULTS, {})
    limits = objects.Quotas.default_limits()
    return util.json_response({'quota_set': dict(_quota_set(request, limits), id=project_id)})


def detail(request: webob.Request, project_id: str) -> webob.Response:
    quotas = _get(request, project_id, policies.quota_sets.DETAIL)
    body = {name: {'limit': limit, 'in_use': quotas.usage.get(name, 0), 'reserved': 0}
            for name, limit in _quota_set(request, quotas.limits).items()}
    return util.json_response({'quota_set': dict(body, id=project_id)})


@validation.schema(schemas.update, '2.1', '2.35')
@validation.schema(schemas.update_v236, '2.36')
def update(request: webob.Request, project_id: str, body) -> webob.Response:
    if len(project_id) > parameter_types.MAX_STRING:
        raise exception.Invalid(f'Project id longer than {parameter_types.MAX_STRING} '
                                f'characters: {project_id[:32]}...')
    quotas = _get(request, project_id, policies.quota_sets.UPDATE)
    values = dict(body['quota_set'])
    force = strutils.bool_from_string(values.pop('force', False))
    limits = {}
    for name, value in values.items():
        value = int(value)
        used = quotas.usage.get(name, 0)
        if not force and value != -1 and value < used:
            raise exception.Invalid(
                f'Quota limit {value} for {name} must be greater than or equal to already '
                f'used and reserved {used}.')
        if name in quotas_obj.RESOURCES:
            limits[name] = value
    if limits:
        quotas = objects.Quotas.update_limits(util.context(request), project_id, limits)
    return util.json_response({'quota_set': _quota_set(request, quotas.limits)})


def delete(request: webob.Request, project_id: str) -> webob.Response:
    context = util.context(request)
    policy.authorize(context, policies.quota_sets.DELETE,
                     {'project_id': project_id})
    objects.Quotas.reset_limits(context, project_id)
    return util.empty_response(202)


# Nova's quota class sets show no server group quotas before 2.50.
_CLASS_EXCLUDED = ('server_groups', 'server_group_members')


def show_class(request: webob.Request, quota_class: str) -> webob.Response:
    """The default quota class: Novum's [quota] defaults. Nova answers the defaults for
    any class name, overridden by what was stored for that class; Novum stores no class
    quotas (updating them is not supported), so every class shows the defaults."""
    policy.authorize(util.context(request), policies.quota_class_sets.SHOW, {})
    limits = objects.Quotas.default_limits()
    unstored = _unstored_limits()
    body = {name: limits.get(name, unstored.get(name, -1))
            for name in schemas.RESOURCES_V21 if name not in _CLASS_EXCLUDED}
    return util.json_response({'quota_class_set': dict(body, id=quota_class)})
