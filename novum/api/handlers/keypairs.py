"""/os-keypairs: create (generated or imported), list, show and delete key pairs."""

import webob

from novum import exception
from novum.api import microversion, policies, policy, util, validation
from novum.api.schemas import keypairs as schemas
from novum.compute import keypairs


def keypair_api() -> keypairs.KeypairAPI:
    return keypairs.KeypairAPI()


def _user_id(request: webob.Request, rule: str) -> str:
    """The key pairs' owner: the caller, or ?user_id= for an administrator (2.10)."""
    context = util.context(request)
    user_id = context.user_id
    if microversion.is_supported(request, '2.10'):
        user_id = request.GET.get('user_id') or user_id
    policy.authorize(context, rule, {'user_id': user_id})
    return user_id


def _view(request: webob.Request, keypair, full: bool = False) -> dict:
    body = {'name': keypair.name, 'public_key': keypair.public_key,
            'fingerprint': keypair.fingerprint}
    if microversion.is_supported(request, '2.2'):
        body['type'] = keypair.type
    if full:
        body.update(user_id=keypair.user_id, id=keypair.id, deleted=False,
                    deleted_at=None, updated_at=None,
                    created_at=util.naive(keypair.created_at))
    return body


def index(request: webob.Request) -> webob.Response:
    user_id = _user_id(request, policies.keypairs.INDEX)
    limit = util.limit_param(request) if microversion.is_supported(request, '2.35') else None
    marker = util.marker_param(request) if microversion.is_supported(request, '2.35') \
        else None
    try:
        found = keypair_api().get_key_pairs(util.context(request), user_id, limit=limit,
                                            marker=marker)
    except exception.KeypairNotFound:
        raise exception.Invalid(f'marker [{marker}] not found') from None
    body = {'keypairs': [{'keypair': _view(request, keypair)} for keypair in found]}
    if limit is not None and len(found) == limit:
        body['keypairs_links'] = util.collection_links(
            request, [{'id': found[-1].name}], 'os-keypairs', limit=1)
    return util.json_response(body)


def show(request: webob.Request, keypair_name: str) -> webob.Response:
    user_id = _user_id(request, policies.keypairs.SHOW)
    keypair = keypair_api().get_key_pair(util.context(request), user_id, keypair_name)
    return util.json_response({'keypair': _view(request, keypair, full=True)})


@validation.schema(schemas.create, '2.1', '2.1')
@validation.schema(schemas.create_v22, '2.2', '2.9')
@validation.schema(schemas.create_v210, '2.10')
def create(request: webob.Request, body) -> webob.Response:
    context = util.context(request)
    values = body['keypair']
    user_id = values.get('user_id') or context.user_id
    policy.authorize(context, policies.keypairs.CREATE, {'user_id': user_id})
    private_key = None
    key_type = values.get('type', 'ssh')
    if values.get('public_key') is None:
        keypair, private_key = keypair_api().create_key_pair(context, user_id, values['name'],
                                                             key_type)
    else:
        keypair = keypair_api().import_key_pair(context, user_id, values['name'],
                                                values['public_key'], key_type)
    view = _view(request, keypair)
    view['user_id'] = user_id
    if private_key is not None:
        view['private_key'] = private_key
    status = 201 if microversion.is_supported(request, '2.2') else 200
    return util.json_response({'keypair': view}, status=status)


def delete(request: webob.Request, keypair_name: str) -> webob.Response:
    user_id = _user_id(request, policies.keypairs.DELETE)
    keypair_api().delete_key_pair(util.context(request), user_id, keypair_name)
    return util.empty_response(204 if microversion.is_supported(request, '2.2') else 202)
