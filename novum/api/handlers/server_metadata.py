"""/servers/{id}/metadata: list, show, add, replace, set and delete metadata items."""

import webob

from novum import exception
from novum.api import policies, util, validation
from novum.api.handlers import servers
from novum.api.schemas import server_metadata as schemas


def _update(request: webob.Request, instance, metadata: dict, delete: bool) -> dict:
    try:
        return servers.compute_api().update_instance_metadata(
            util.context(request), instance, metadata, delete=delete)
    except exception.QuotaError as error:
        # Nova answers an over-quota metadata request with 403.
        raise exception.NotAuthorized(error.format_message()) from None


def index(request: webob.Request, server_id: str) -> webob.Response:
    instance = servers.get_authorized_instance(
        request, server_id, policies.server_metadata.INDEX)
    return util.json_response({'metadata': dict(instance.metadata)})


def show(request: webob.Request, server_id: str, key: str) -> webob.Response:
    instance = servers.get_authorized_instance(
        request, server_id, policies.server_metadata.SHOW)
    if key not in instance.metadata:
        raise exception.MetadataItemNotFound()
    return util.json_response({'meta': {key: instance.metadata[key]}})


@validation.schema(schemas.create)
def create(request: webob.Request, server_id: str, body) -> webob.Response:
    instance = servers.get_authorized_instance(
        request, server_id, policies.server_metadata.CREATE)
    metadata = _update(request, instance, body['metadata'], delete=False)
    return util.json_response({'metadata': metadata})


@validation.schema(schemas.update_all)
def update_all(request: webob.Request, server_id: str, body) -> webob.Response:
    instance = servers.get_authorized_instance(
        request, server_id, policies.server_metadata.UPDATE_ALL)
    metadata = _update(request, instance, body['metadata'], delete=True)
    return util.json_response({'metadata': metadata})


@validation.schema(schemas.update)
def update(request: webob.Request, server_id: str, key: str, body) -> webob.Response:
    if key not in body['meta']:
        raise exception.Invalid('Request body and URI mismatch')
    instance = servers.get_authorized_instance(
        request, server_id, policies.server_metadata.UPDATE)
    _update(request, instance, body['meta'], delete=False)
    return util.json_response({'meta': body['meta']})


def delete(request: webob.Request, server_id: str, key: str) -> webob.Response:
    instance = servers.get_authorized_instance(
        request, server_id, policies.server_metadata.DELETE)
    if key not in instance.metadata:
        raise exception.MetadataItemNotFound()
    servers.compute_api().delete_instance_metadata(util.context(request), instance, key)
    return util.empty_response(204)
