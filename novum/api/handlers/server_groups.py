"""/os-server-groups: create, list, show and delete server groups (policies before 2.64).

A group shows its members that are not deleted; project_id and user_id from 2.13.
Servers join a group at boot with the scheduler hint {"group": <id>}.
"""

import webob

from novum import exception
from novum.api import microversion, policies, policy, util, validation
from novum.api.schemas import server_groups as schemas
from novum.compute import server_groups as compute_server_groups


def server_group_api() -> compute_server_groups.ServerGroupAPI:
    return compute_server_groups.ServerGroupAPI()


def _view(request: webob.Request, group) -> dict:
    body = {'id': group.uuid, 'name': group.name, 'policies': [group.policy],
            'members': list(group.members), 'metadata': {}}
    if microversion.is_supported(request, '2.13'):
        body['project_id'] = group.project_id
        body['user_id'] = group.user_id
    return body


def _offset(request: webob.Request) -> int | None:
    if 'offset' not in request.GET:
        return None
    try:
        offset = int(request.GET['offset'])
    except ValueError:
        raise exception.Invalid('offset param must be an integer') from None
    if offset < 0:
        raise exception.Invalid('offset param must be positive')
    return offset


def index(request: webob.Request) -> webob.Response:
    context = util.context(request)
    policy.authorize(context, policies.server_groups.INDEX,
                     {'project_id': context.project_id})
    all_projects = 'all_projects' in request.GET and context.is_admin
    if all_projects:
        policy.authorize(context, policies.server_groups.INDEX_ALL_PROJECTS,
                         {'project_id': context.project_id})
    groups = server_group_api().get_all(context, all_projects, util.limit_param(request),
                                        _offset(request))
    return util.json_response({'server_groups': [_view(request, group)
                                                 for group in groups]})


def show(request: webob.Request, server_group_id: str) -> webob.Response:
    context = util.context(request)
    group = server_group_api().get(context, server_group_id)
    policy.authorize(context, policies.server_groups.SHOW, {'project_id': group.project_id})
    return util.json_response({'server_group': _view(request, group)})


@validation.schema(schemas.create, '2.1', '2.14')
@validation.schema(schemas.create_v215, '2.15')
def create(request: webob.Request, body) -> webob.Response:
    context = util.context(request)
    policy.authorize(context, policies.server_groups.CREATE,
                     {'project_id': context.project_id})
    values = body['server_group']
    group = server_group_api().create(context, values['name'], values['policies'][0])
    return util.json_response({'server_group': _view(request, group)})


def delete(request: webob.Request, server_group_id: str) -> webob.Response:
    context = util.context(request)
    api = server_group_api()
    group = api.get(context, server_group_id)
    policy.authorize(context, policies.server_groups.DELETE, {'project_id': group.project_id})
    api.delete(context, server_group_id)
    return util.empty_response(204)
