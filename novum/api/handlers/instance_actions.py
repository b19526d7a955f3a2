"""/servers/{id}/os-instance-actions: what was done to a server, with events for admins."""

import webob

from novum import exception, objects
from novum.api import microversion, policies, policy, util
from novum.api.handlers import servers


def _action(action) -> dict:
    return {
        'action': action.action,
        'instance_uuid': action.instance_uuid,
        'request_id': action.request_id,
        'user_id': action.user_id,
        'project_id': action.project_id,
        'start_time': util.naive(action.start_time),
        'message': action.message,
    }


def _event(event, show_traceback: bool) -> dict:
    body = {'event': event.event, 'start_time': util.naive(event.start_time),
            'finish_time': util.naive(event.finish_time), 'result': event.result}
    if show_traceback:
        body['traceback'] = event.traceback
    return body


def _read_deleted(request: webob.Request) -> bool:
    """From 2.21 the actions of a deleted server stay readable, as in Nova."""
    return microversion.is_supported(request, '2.21')


def index(request: webob.Request, server_id: str) -> webob.Response:
    context = util.context(request)
    instance = servers.get_authorized_instance(request, server_id,
                                               policies.instance_actions.LIST,
                                               read_deleted=_read_deleted(request))
    actions = objects.InstanceActionList.get_by_instance_uuid(context, instance.uuid)
    return util.json_response({'instanceActions': [_action(action) for action in actions]})


def show(request: webob.Request, server_id: str, request_id: str) -> webob.Response:
    context = util.context(request)
    instance = servers.get_authorized_instance(request, server_id,
                                               policies.instance_actions.SHOW,
                                               read_deleted=_read_deleted(request))
    try:
        action = objects.InstanceAction.get_by_request_id(context, instance.uuid, request_id)
    except exception.NotFound:
        raise exception.NotFound(f'Action {request_id} not found') from None
    body = _action(action)
    if policy.authorize(context, policies.instance_actions.EVENTS,
                        {'project_id': instance.project_id}, fatal=False):
        events = objects.InstanceActionEventList.get_by_action(context, action.id)
        body['events'] = [_event(event, show_traceback=True) for event in events]
    return util.json_response({'instanceAction': body})
