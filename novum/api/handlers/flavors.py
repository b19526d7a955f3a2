"""/flavors: list, detail and show for everyone; create and delete for administrators."""

import webob
from oslo_utils import strutils, uuidutils

from novum import exception, objects
from novum.api import policies, policy, util, validation
from novum.api.schemas import flavors as schemas
from novum.compute import flavors

_SORT_KEYS = ('created_at', 'description', 'disabled', 'ephemeral_gb', 'flavorid', 'id',
              'is_public', 'memory_mb', 'name', 'root_gb', 'rxtx_factor', 'swap',
              'updated_at', 'vcpus')
# API names of the sort keys that differ from the column.
_SORT_ALIASES = {'ram': 'memory_mb', 'disk': 'root_gb'}


def _basic(request: webob.Request, flavor) -> dict:
    return {'id': flavor.flavorid, 'name': flavor.name,
            'links': util.links(request, 'flavors', flavor.flavorid)}


def _detail(request: webob.Request, flavor) -> dict:
    body = _basic(request, flavor)
    body.update({
        'ram': flavor.memory_mb,
        'disk': flavor.root_gb,
        'vcpus': flavor.vcpus,
        'swap': flavor.swap or '',
        'rxtx_factor': flavor.rxtx_factor,
        'OS-FLV-EXT-DATA:ephemeral': flavor.ephemeral_gb,
        'OS-FLV-DISABLED:disabled': flavor.disabled,
        'os-flavor-access:is_public': flavor.is_public,
    })
    return body


def _int_filter(request: webob.Request, name: str) -> int | None:
    if name not in request.GET:
        return None
    try:
        return util.db_int(request.GET[name])
    except ValueError:
        raise exception.Invalid(f'Invalid {name} filter [{request.GET[name]}]') from None


def _filters(request: webob.Request) -> dict:
    context = util.context(request)
    filters = {}
    min_ram, min_disk = _int_filter(request, 'minRam'), _int_filter(request, 'minDisk')
    if min_ram is not None:
        filters['min_memory_mb'] = min_ram
    if min_disk is not None:
        filters['min_root_gb'] = min_disk
    # Non-admins see public flavors; admins choose with is_public (default: public,
    # "none": all).
    is_public = request.GET.get('is_public', 'true')
    if not context.is_admin:
        filters['is_public'] = True
    elif is_public.lower() != 'none':
        try:
            filters['is_public'] = strutils.bool_from_string(is_public, strict=True)
        except ValueError:
            raise exception.Invalid(f'Invalid is_public filter [{is_public}]') from None
    return filters


def _list(request: webob.Request, view) -> webob.Response:
    policy.authorize(util.context(request), policies.flavors.BASE)
    sort_key = request.GET.get('sort_key', 'flavorid')
    sort_key = _SORT_ALIASES.get(sort_key, sort_key)
    sort_dir = request.GET.get('sort_dir', 'asc')
    if sort_key not in _SORT_KEYS or sort_dir not in ('asc', 'desc'):
        raise exception.Invalid(f'Invalid sort_key or sort_dir: {sort_key} {sort_dir}')
    limit = util.effective_limit(request)
    marker = util.marker_param(request)
    try:
        flavors = objects.FlavorList.get_all(util.context(request), filters=_filters(request),
                                             sort_key=sort_key, sort_dir=sort_dir,
                                             limit=limit, marker=marker)
    except exception.FlavorNotFound:
        raise exception.Invalid(f'marker [{marker}] not found') from None
    items = [view(request, flavor) for flavor in flavors]
    body = {'flavors': items}
    links = util.collection_links(request, items, 'flavors', limit=limit)
    if links:
        body['flavors_links'] = links
    return util.json_response(body)


def index(request: webob.Request) -> webob.Response:
    return _list(request, _basic)


def detail(request: webob.Request) -> webob.Response:
    return _list(request, _detail)


def show(request: webob.Request, flavor_id: str) -> webob.Response:
    context = util.context(request)
    policy.authorize(context, policies.flavors.BASE)
    flavor = flavors.get_visible_flavor(context, flavor_id)
    return util.json_response({'flavor': _detail(request, flavor)})


def create(request: webob.Request, body) -> webob.Response:
    context = util.context(request)
    validation.validate(body, schemas.create)
    policy.authorize(context, policies.flavor_manage.CREATE, {})
    values = body['flavor']
    flavorid = values.get('id')
    flavorid = uuidutils.generate_uuid() if flavorid in (None, 'auto') else str(flavorid)
    is_public = strutils.bool_from_string(values.get('os-flavor-access:is_public', True),
                                          default=True)
    flavor = objects.Flavor(
        context, flavorid=flavorid, name=values['name'].strip(),
        memory_mb=int(values['ram']), vcpus=int(values['vcpus']),
        root_gb=int(values['disk']),
        ephemeral_gb=int(values.get('OS-FLV-EXT-DATA:ephemeral', 0)),
        swap=int(values.get('swap', 0)), rxtx_factor=float(values.get('rxtx_factor', 1.0)),
        is_public=is_public, disabled=False)
    flavor.create()
    return util.json_response({'flavor': _detail(request, flavor)})


def delete(request: webob.Request, flavor_id: str) -> webob.Response:
    context = util.context(request)
    policy.authorize(context, policies.flavor_manage.DELETE, {})
    objects.Flavor.get_by_flavor_id(context, flavor_id).destroy()
    return util.empty_response(202)
