"""/os-aggregates: create, list, show, update and delete host aggregates, and the
add_host, remove_host and set_metadata actions (administrators).

Nova's status codes: a taken name 409, a zone conflict 400 (409 when adding a host),
a non-empty aggregate's delete 400, an unknown host 404.
"""

import webob

from novum import exception
from novum.api import policies, policy, util, validation
from novum.api.schemas import aggregates as schemas
from novum.compute import aggregates as compute_aggregates


def aggregate_api() -> compute_aggregates.AggregateAPI:
    return compute_aggregates.AggregateAPI()


def _id(aggregate_id: str) -> int:
    try:
        return int(aggregate_id)
    except ValueError:
        raise exception.Invalid('id must be an integer') from None


def _view(aggregate, full: bool = True) -> dict:
    body = {
        'id': aggregate.id,
        'name': aggregate.name,
        'availability_zone': aggregate.availability_zone,
        'created_at': util.naive(aggregate.created_at),
        'updated_at': util.naive(aggregate.updated_at),
        'deleted_at': util.naive(aggregate.deleted_at),
        'deleted': bool(aggregate.deleted),
    }
    if full:
        # Nova's create answers without hosts and metadata.
        body['hosts'] = list(aggregate.hosts)
        body['metadata'] = dict(aggregate.metadata)
    return body


def _response(aggregate, full: bool = True) -> webob.Response:
    return util.json_response({'aggregate': _view(aggregate, full)})


def index(request: webob.Request) -> webob.Response:
    context = util.context(request)
    policy.authorize(context, policies.aggregates.INDEX, {})
    return util.json_response({'aggregates': [
        _view(aggregate) for aggregate in aggregate_api().get_aggregate_list(context)]})


@validation.schema(schemas.create)
def create(request: webob.Request, body) -> webob.Response:
    context = util.context(request)
    policy.authorize(context, policies.aggregates.CREATE, {})
    values = body['aggregate']
    aggregate = aggregate_api().create_aggregate(context, values['name'],
                                                 values.get('availability_zone'))
    return _response(aggregate, full=False)


def show(request: webob.Request, aggregate_id: str) -> webob.Response:
    context = util.context(request)
    policy.authorize(context, policies.aggregates.SHOW, {})
    return _response(aggregate_api().get_aggregate(context, _id(aggregate_id)))


@validation.schema(schemas.update)
def update(request: webob.Request, aggregate_id: str, body) -> webob.Response:
    context = util.context(request)
    policy.authorize(context, policies.aggregates.UPDATE, {})
    return _response(aggregate_api().update_aggregate(context, _id(aggregate_id),
                                                      body['aggregate']))


def delete(request: webob.Request, aggregate_id: str) -> webob.Response:
    context = util.context(request)
    policy.authorize(context, policies.aggregates.DELETE, {})
    aggregate_api().delete_aggregate(context, _id(aggregate_id))
    return util.empty_response(200)


def _add_host(context, aggregate_id: int, body: dict):
    validation.validate(body, schemas.add_host)
    policy.authorize(context, policies.aggregates.ADD_HOST, {})
    try:
        return aggregate_api().add_host_to_aggregate(context, aggregate_id,
                                                     body['add_host']['host'])
    except exception.InvalidAggregateAction as error:
        raise exception.Conflict(error.format_message()) from None


def _remove_host(context, aggregate_id: int, body: dict):
    validation.validate(body, schemas.remove_host)
    policy.authorize(context, policies.aggregates.REMOVE_HOST, {})
    host = body['remove_host']['host']
    try:
        return aggregate_api().remove_host_from_aggregate(context, aggregate_id, host)
    except (exception.AggregateHostNotFound, exception.ComputeHostNotFound):
        raise exception.NotFound(
            f'Cannot remove host {host} in aggregate {aggregate_id}') from None


def _set_metadata(context, aggregate_id: int, body: dict):
    validation.validate(body, schemas.set_metadata)
    policy.authorize(context, policies.aggregates.SET_METADATA, {})
    return aggregate_api().update_aggregate_metadata(context, aggregate_id,
                                                     body['set_metadata']['metadata'])


_ACTIONS = {'add_host': _add_host, 'remove_host': _remove_host,
            'set_metadata': _set_metadata}


def action(request: webob.Request, aggregate_id: str, body) -> webob.Response:
    if not isinstance(body, dict) or len(body) != 1 or next(iter(body)) not in _ACTIONS:
        raise exception.Invalid('There is no such action: %s' % (
            ', '.join(body) if isinstance(body, dict) else body))
    handler = _ACTIONS[next(iter(body))]
    return _response(handler(util.context(request), _id(aggregate_id), body))
