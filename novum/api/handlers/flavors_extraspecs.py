"""/flavors/{flavor_id}/os-extra_specs: read by anyone who sees the flavor, written by admins."""

import webob

from novum import exception
from novum.api import policies, policy, util, validation
from novum.api.schemas import flavors_extraspecs as schemas
from novum.compute import flavors


def _no_such_key(flavor_id: str, key: str) -> exception.NotFound:
    return exception.NotFound(f'Flavor {flavor_id} has no extra specs with key {key}.')


def _check_values(specs: dict) -> None:
    # JSON schema cannot bound the length of a number; Nova checks its string form.
    for value in specs.values():
        if isinstance(value, (int, float)) and not isinstance(value, bool) \
                and len(str(value)) > 255:
            raise exception.Invalid(f'extra_specs value has a length greater than the '
                                    f'maximum of 255: {value}')


def index(request: webob.Request, flavor_id: str) -> webob.Response:
    context = util.context(request)
    policy.authorize(context, policies.flavor_extra_specs.INDEX)
    flavor = flavors.get_visible_flavor(context, flavor_id)
    return util.json_response({'extra_specs': dict(flavor.extra_specs)})


def show(request: webob.Request, flavor_id: str, key: str) -> webob.Response:
    context = util.context(request)
    policy.authorize(context, policies.flavor_extra_specs.SHOW)
    flavor = flavors.get_visible_flavor(context, flavor_id)
    if key not in flavor.extra_specs:
        raise _no_such_key(flavor_id, key)
    return util.json_response({key: flavor.extra_specs[key]})


def create(request: webob.Request, flavor_id: str, body) -> webob.Response:
    """Add or change keys; Nova answers 200 with the request body as sent."""
    context = util.context(request)
    validation.validate(body, schemas.create)
    policy.authorize(context, policies.flavor_extra_specs.CREATE, {})
    _check_values(body['extra_specs'])
    flavors.get_visible_flavor(context, flavor_id).update_extra_specs(body['extra_specs'])
    return util.json_response(body)


def update(request: webob.Request, flavor_id: str, key: str, body) -> webob.Response:
    context = util.context(request)
    validation.validate(body, schemas.update)
    policy.authorize(context, policies.flavor_extra_specs.UPDATE, {})
    _check_values(body)
    if key not in body:
        raise exception.Invalid('Request body and URI mismatch')
    flavors.get_visible_flavor(context, flavor_id).update_extra_specs(body)
    return util.json_response(body)


def delete(request: webob.Request, flavor_id: str, key: str) -> webob.Response:
    """Nova answers 200 with no body."""
    context = util.context(request)
    policy.authorize(context, policies.flavor_extra_specs.DELETE, {})
    flavor = flavors.get_visible_flavor(context, flavor_id)
    if key not in flavor.extra_specs:
        raise _no_such_key(flavor_id, key)
    flavor.update_extra_specs({}, [key])
    return util.empty_response(200)
