"""/os-keypairs: create (generated or imported), list, show and delete key pairs."""

import base64
import hashlib

import webob
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from novum import exception, objects
from novum.api import microversion, policies, policy, util, validation
from novum.api.schemas import keypairs as schemas


class InvalidKeypair(exception.Invalid):
    msg_fmt = 'Keypair data is invalid: %(reason)s'


def _user_id(request: webob.Request, rule: str) -> str:
    """The key pairs' owner: the caller, or ?user_id= for an administrator (2.10)."""
    context = util.context(request)
    user_id = context.user_id
    if microversion.is_supported(request, '2.10'):
        user_id = request.GET.get('user_id') or user_id
    policy.authorize(context, rule, {'user_id': user_id})
    return user_id


def fingerprint(public_key: str) -> str:
    """The MD5 fingerprint ssh-keygen -l -E md5 prints, as Nova stores it."""
    digest = hashlib.md5(base64.b64decode(public_key.split()[1]),
                         usedforsecurity=False).hexdigest()
    return ':'.join(digest[i:i + 2] for i in range(0, len(digest), 2))


def _check_public_key(public_key: str) -> None:
    try:
        serialization.load_ssh_public_key(public_key.strip().encode())
    except (ValueError, TypeError, IndexError, UnicodeError,
            NotImplementedError) as error:
        raise InvalidKeypair(reason=f'failed to generate fingerprint ({error})') from None


def _generate() -> tuple[str, str]:
    """A new 2048-bit RSA key: (private key PEM, public key in OpenSSH format)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM,
                                serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                           serialization.PublicFormat.OpenSSH).decode()
    return private, public + ' Generated-by-Novum'


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
        keypairs = objects.KeyPairList.get_by_user(util.context(request), user_id,
                                                   limit=limit, marker=marker)
    except exception.KeypairNotFound:
        raise exception.Invalid(f'marker [{marker}] not found') from None
    body = {'keypairs': [{'keypair': _view(request, keypair)} for keypair in keypairs]}
    if limit is not None and len(keypairs) == limit:
        body['keypairs_links'] = util.collection_links(
            request, [{'id': keypairs[-1].name}], 'os-keypairs', limit=1)
    return util.json_response(body)


def show(request: webob.Request, keypair_name: str) -> webob.Response:
    user_id = _user_id(request, policies.keypairs.SHOW)
    keypair = objects.KeyPair.get_by_name(util.context(request), user_id, keypair_name)
    return util.json_response({'keypair': _view(request, keypair, full=True)})


@validation.schema(schemas.create, '2.1', '2.1')
@validation.schema(schemas.create_v22, '2.2', '2.9')
@validation.schema(schemas.create_v210, '2.10')
def create(request: webob.Request, body) -> webob.Response:
    context = util.context(request)
    values = body['keypair']
    user_id = values.get('user_id') or context.user_id
    policy.authorize(context, policies.keypairs.CREATE, {'user_id': user_id})
    limit = objects.Quotas.default_limits()['key_pairs']
    if limit >= 0 and objects.KeyPairList.get_count_by_user(context, user_id) >= limit:
        raise exception.NotAuthorized('Quota exceeded, too many key pairs.')
    private_key = None
    public_key = values.get('public_key')
    if public_key is None:
        private_key, public_key = _generate()
    else:
        _check_public_key(public_key)
    keypair = objects.KeyPair(context, name=values['name'], user_id=user_id,
                              public_key=public_key, fingerprint=fingerprint(public_key),
                              type=values.get('type', 'ssh'))
    keypair.create()
    view = _view(request, keypair)
    view['user_id'] = user_id
    if private_key is not None:
        view['private_key'] = private_key
    status = 201 if microversion.is_supported(request, '2.2') else 200
    return util.json_response({'keypair': view}, status=status)


def delete(request: webob.Request, keypair_name: str) -> webob.Response:
    user_id = _user_id(request, policies.keypairs.DELETE)
    objects.KeyPair.destroy_by_name(util.context(request), user_id, keypair_name)
    return util.empty_response(204 if microversion.is_supported(request, '2.2') else 202)
