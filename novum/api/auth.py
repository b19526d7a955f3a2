"""Who is asking: noauth2 (X-Auth-Token "user:project") or Keystone (keystonemiddleware),
plus the request id and last-resort fault middlewares of the pipelines.

`pipeline_factory` picks the pipeline named by [api] auth_strategy in api-paste.ini.
"""

import ipaddress
import socket

import webob
import webob.dec
from oslo_log import log as logging
from oslo_middleware import request_id as oslo_request_id

from novum import conf, exception
from novum import context as novum_context
from novum.api import handler, util

CONF = conf.CONF
LOG = logging.getLogger(__name__)

ENV_CONTEXT = 'novum.context'


class Middleware:
    """Base of the filters: wraps the next app; process() returns a response or None."""

    def __init__(self, application):
        self.application = application

    @classmethod
    def factory(cls, global_conf, **local_conf):
        return cls

    @webob.dec.wsgify
    def __call__(self, request: webob.Request):
        response = self.process(request)
        return response if response is not None else request.get_response(self.application)

    def process(self, request: webob.Request) -> webob.Response | None:
        raise NotImplementedError


def _unauthorized(message: str = 'Authentication required') -> webob.Response:
    response = util.fault_response(401, message)
    response.headers['WWW-Authenticate'] = 'Keystone uri="local"'
    return response


def _request_ids(request: webob.Request) -> dict:
    """This request's id, and the caller's global one (X-OpenStack-Request-ID) if sent."""
    return {'request_id': request.environ.get(oslo_request_id.ENV_REQUEST_ID),
            'global_request_id': request.environ.get(oslo_request_id.GLOBAL_REQ_ID)}


class RequestId(oslo_request_id.RequestId):
    """x-openstack-request-id and Nova's x-compute-request-id on every response."""

    compat_headers = ['x-compute-request-id']


class FaultWrapper(Middleware):
    """An unexpected exception becomes a 500 computeFault instead of a dropped connection."""

    @webob.dec.wsgify
    def __call__(self, request: webob.Request):
        try:
            return request.get_response(self.application)
        except Exception as error:
            # A dependency down in a middleware (e.g. the policy's DB lookups): still
            # handler.fault_for's mapping, a 503, not a 500.
            response = handler.fault_from_exception(request, error)
            if response is not None and response.status_int != 500:
                return response
            LOG.exception('Unexpected error serving %s %s (request %s)', request.method,
                          request.path, request.environ.get(oslo_request_id.ENV_REQUEST_ID))
            return util.fault_response(
                500, 'Unexpected API Error. Please report this at the Novum bug tracker '
                     'and attach the Novum API log if possible.')


class NoAuthMiddleware(Middleware):
    """Development auth: the token is "user:project"; user "admin" is an administrator."""

    def process(self, request: webob.Request) -> webob.Response | None:
        token = request.headers.get('X-Auth-Token')
        if not token:
            return _unauthorized()
        user_id, _sep, project_id = token.partition(':')
        project_id = project_id or user_id
        is_admin = user_id == 'admin'
        request.environ[ENV_CONTEXT] = novum_context.RequestContext(
            user_id=user_id, project_id=project_id, is_admin=is_admin,
            roles=['admin', 'member', 'reader'] if is_admin else ['member', 'reader'],
            auth_token=token, remote_address=request.remote_addr, **_request_ids(request))
        return None


class KeystoneContext(Middleware):
    """Builds the context from the headers keystonemiddleware's auth_token sets."""

    def process(self, request: webob.Request) -> webob.Response | None:
        if request.headers.get('X-Identity-Status', 'Confirmed') != 'Confirmed':
            return _unauthorized()
        user_id = request.headers.get('X-User-Id') or request.headers.get('X-User')
        project_id = request.headers.get('X-Project-Id') or request.headers.get('X-Tenant-Id')
        if not user_id:
            return _unauthorized('Neither X-User-Id nor X-User found in request')
        roles = [role.strip() for role in request.headers.get('X-Roles', '').split(',')
                 if role.strip()]
        request.environ[ENV_CONTEXT] = novum_context.RequestContext(
            user_id=user_id, project_id=project_id, roles=roles,
            user_name=request.headers.get('X-User-Name'),
            project_name=request.headers.get('X-Project-Name'),
            auth_token=request.headers.get('X-Auth-Token'),
            remote_address=request.headers.get('X-Forwarded-For', request.remote_addr),
            **_request_ids(request))
        return None


class InsecureNoAuth(exception.NovumException):
    msg_fmt = ('Refusing to serve auth_strategy = noauth2 on %(host)s: noauth2 lets any '
               'caller claim to be admin. Listen on 127.0.0.1 (osapi_compute_listen), use '
               'auth_strategy = keystone, or set [api] allow_insecure_noauth = true.')


def _is_loopback(host: str) -> bool:
    """True when every address `host` names is a loopback address."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError:
        return False
    return bool(addresses) and all(ipaddress.ip_address(address.split('%')[0]).is_loopback
                                   for address in addresses)


def check_auth_strategy(host: str) -> None:
    """Refuse noauth2 on a non-loopback listen address unless [api] allow_insecure_noauth
    (novum-api checks this before it opens its socket)."""
    if (CONF.api.auth_strategy == 'noauth2' and not CONF.api.allow_insecure_noauth
            and not _is_loopback(host)):
        raise InsecureNoAuth(host=host)


def pipeline_factory(loader, global_conf, **local_conf):
    """The pipeline named by [api] auth_strategy: filters, then the app, from the right."""
    names = local_conf[CONF.api.auth_strategy].split()
    app = loader.get_app(names[-1])
    for name in reversed(names[:-1]):
        app = loader.get_filter(name)(app)
    return app
