"""/servers/{id}/tags (2.26): list, check, add, replace and delete a server's tags."""

import webob

from novum import exception
from novum.api import microversion, policies, util, validation
from novum.api.handlers import servers
from novum.api.schemas import server_tags as schemas
from novum.compute import tags as compute_tags


def tag_api() -> compute_tags.TagAPI:
    return compute_tags.TagAPI()


def _instance(request: webob.Request, server_id: str, rule: str):
    microversion.require(request, '2.26')
    return servers.get_authorized_instance(request, server_id, rule)


def index(request: webob.Request, server_id: str) -> webob.Response:
    instance = _instance(request, server_id, policies.server_tags.INDEX)
    return util.json_response({'tags': tag_api().get_all(util.context(request), instance)})


def show(request: webob.Request, server_id: str, tag: str) -> webob.Response:
    instance = _instance(request, server_id, policies.server_tags.SHOW)
    if not tag_api().exists(util.context(request), instance, tag):
        raise exception.InstanceTagNotFound(instance_id=server_id, tag=tag)
    return util.empty_response(204)


@validation.schema(schemas.update)
def update(request: webob.Request, server_id: str, tag: str, body) -> webob.Response:
    instance = _instance(request, server_id, policies.server_tags.UPDATE)
    try:
        validation.validate(tag, schemas.tag)
    except exception.ValidationError as error:
        raise exception.Invalid(
            f"Tag '{tag}' is invalid. It must be a non empty string without characters "
            f"'/' and ','. Validation error message: {error.format_message()}") from None
    if not tag_api().add(util.context(request), instance, tag):
        return util.empty_response(204)
    response = util.empty_response(201)
    response.headers['Location'] = (util.links(request, 'servers', server_id)[0]['href']
                                    + f'/tags/{tag}')
    return response


@validation.schema(schemas.update_all)
def update_all(request: webob.Request, server_id: str, body) -> webob.Response:
    instance = _instance(request, server_id, policies.server_tags.UPDATE_ALL)
    tags = tag_api().set_all(util.context(request), instance, body['tags'])
    return util.json_response({'tags': tags})


def delete(request: webob.Request, server_id: str, tag: str) -> webob.Response:
    instance = _instance(request, server_id, policies.server_tags.DELETE)
    tag_api().delete(util.context(request), instance, tag)
    return util.empty_response(204)


def delete_all(request: webob.Request, server_id: str) -> webob.Response:
    instance = _instance(request, server_id, policies.server_tags.DELETE_ALL)
    tag_api().delete_all(util.context(request), instance)
    return util.empty_response(204)
