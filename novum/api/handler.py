"""The route table of the compute API v2.1 and the WSGI app that dispatches it.

ROUTE_DECLARATIONS is the whole API surface: path -> {HTTP method: handler}. A path
known with another method answers 405; an unknown path 404. Every path may also be
prefixed by the project id, as Nova's URLs are (/v2.1/{project_id}/servers).
"""

import re

import oslo_messaging as messaging
import routes
import webob
import webob.exc
from oslo_db import exception as db_exc
from oslo_log import log as logging
from oslo_middleware import request_id as oslo_request_id

from novum import exception
from novum.api import microversion, util
from novum.api.handlers import (
    aggregates,
    availability_zones,
    flavors,
    flavors_extraspecs,
    hypervisors,
    image_service,
    images,
    instance_actions,
    ips,
    keypairs,
    limits,
    migrations,
    quota_sets,
    server_actions,
    server_groups,
    server_metadata,
    server_password,
    server_tags,
    servers,
    services,
    simple_tenant_usage,
    versions,
)

LOG = logging.getLogger(__name__)

ROUTE_DECLARATIONS = {
    '': {'GET': versions.show_version},
    '/': {'GET': versions.show_version},
    '/servers': {'GET': servers.index, 'POST': servers.create},
    '/servers/detail': {'GET': servers.detail},
    '/servers/{server_id}': {'GET': servers.show, 'PUT': servers.update,
                             'DELETE': servers.delete},
    '/servers/{server_id}/action': {'POST': server_actions.action},
    '/servers/{server_id}/metadata': {'GET': server_metadata.index,
                                      'POST': server_metadata.create,
                                      'PUT': server_metadata.update_all},
    '/servers/{server_id}/metadata/{key}': {'GET': server_metadata.show,
                                            'PUT': server_metadata.update,
                                            'DELETE': server_metadata.delete},
    '/servers/{server_id}/ips': {'GET': ips.index},
    '/servers/{server_id}/ips/{network_label}': {'GET': ips.show},
    '/servers/{server_id}/os-server-password': {'GET': server_password.show,
                                                'DELETE': server_password.clear},
    '/servers/{server_id}/os-instance-actions': {'GET': instance_actions.index},
    '/servers/{server_id}/os-instance-actions/{request_id}': {'GET': instance_actions.show},
    '/servers/{server_id}/migrations': {'GET': migrations.server_index},
    '/servers/{server_id}/migrations/{migration_id}': {'GET': migrations.server_show},
    '/flavors': {'GET': flavors.index, 'POST': flavors.create},
    '/flavors/detail': {'GET': flavors.detail},
    '/flavors/{flavor_id}': {'GET': flavors.show, 'DELETE': flavors.delete},
    '/flavors/{flavor_id}/os-extra_specs': {'GET': flavors_extraspecs.index,
                                            'POST': flavors_extraspecs.create},
    '/flavors/{flavor_id}/os-extra_specs/{key}': {'GET': flavors_extraspecs.show,
                                                  'PUT': flavors_extraspecs.update,
                                                  'DELETE': flavors_extraspecs.delete},
    '/os-keypairs': {'GET': keypairs.index, 'POST': keypairs.create},
    '/os-keypairs/{keypair_name}': {'GET': keypairs.show, 'DELETE': keypairs.delete},
    '/os-services': {'GET': services.index},
    '/os-services/{service_id}': {'PUT': services.update, 'DELETE': services.delete},
    '/os-hypervisors': {'GET': hypervisors.index},
    '/os-hypervisors/detail': {'GET': hypervisors.detail},
    '/os-hypervisors/statistics': {'GET': hypervisors.statistics},
    '/os-hypervisors/{hypervisor_id}': {'GET': hypervisors.show},
    '/os-hypervisors/{hypervisor_id}/uptime': {'GET': hypervisors.uptime},
    '/os-hypervisors/{hostname_pattern}/search': {'GET': hypervisors.search},
    '/os-hypervisors/{hostname_pattern}/servers': {'GET': hypervisors.servers},
    '/os-migrations': {'GET': migrations.index},
    '/os-aggregates': {'GET': aggregates.index, 'POST': aggregates.create},
    '/os-aggregates/{aggregate_id}': {'GET': aggregates.show, 'PUT': aggregates.update,
                                      'DELETE': aggregates.delete},
    '/os-aggregates/{aggregate_id}/action': {'POST': aggregates.action},
    '/os-simple-tenant-usage': {'GET': simple_tenant_usage.index},
    '/os-simple-tenant-usage/{tenant_id}': {'GET': simple_tenant_usage.show},
    '/os-availability-zone': {'GET': availability_zones.index},
    '/os-availability-zone/detail': {'GET': availability_zones.detail},
    '/limits': {'GET': limits.index},
    '/os-quota-sets/{project_id}': {'GET': quota_sets.show, 'PUT': quota_sets.update,
                                    'DELETE': quota_sets.delete},
    '/os-quota-class-sets/{quota_class}': {'GET': quota_sets.show_class},
    '/os-quota-sets/{project_id}/defaults': {'GET': quota_sets.defaults},
    '/os-quota-sets/{project_id}/detail': {'GET': quota_sets.detail},
    '/images': {'GET': images.index},
    '/images/detail': {'GET': images.detail},
    '/images/{image_id}': {'GET': images.show},
    # The image lookup novaclient makes through the compute endpoint (Glance v2 shape).
    '/v2/images': {'GET': image_service.index},
    '/v2/images/{image_id}': {'GET': image_service.show},
    '/servers/{server_id}/tags': {'GET': server_tags.index, 'PUT': server_tags.update_all,
                                  'DELETE': server_tags.delete_all},
    '/servers/{server_id}/tags/{tag}': {'GET': server_tags.show, 'PUT': server_tags.update,
                                        'DELETE': server_tags.delete},
    '/os-server-groups': {'GET': server_groups.index, 'POST': server_groups.create},
    '/os-server-groups/{server_group_id}': {'GET': server_groups.show,
                                            'DELETE': server_groups.delete},
}

# A dependency that is down (conductor or broker unreachable, database unreachable or
# deadlocked after the conductor's retries): 503, try again after RETRY_AFTER seconds.
RETRY_AFTER = 5
_DB_UNAVAILABLE = (db_exc.DBConnectionError, db_exc.DBDeadlock, db_exc.CantStartEngineError,
                   db_exc.BackendNotAvailable)
# Data the database refused (the schemas should have): the request's fault, 400.
_BAD_DATA = (db_exc.DBDataError, db_exc.DBInvalidUnicodeParameter, db_exc.DBReferenceError,
             db_exc.DBConstraintError)
_CONFLICT = (db_exc.DBDuplicateEntry,)


def _is(error: Exception, classes: tuple) -> bool:
    """`error` is one of `classes`, raised here or in the conductor: exceptions from
    outside novum.exception arrive as a RemoteError naming their class (rpc.py)."""
    if isinstance(error, messaging.RemoteError):
        return error.exc_type in {cls.__name__ for cls in classes}
    return isinstance(error, classes)


def _db_detail(error: Exception) -> str:
    """What the database said, without the SQL statement oslo.db appends."""
    if isinstance(error, messaging.RemoteError):
        text = error.value or ''
    else:
        text = str(getattr(error, 'inner_exception', None) or error)
    return text.split('\n[SQL:', 1)[0].strip()


def fault_for(error: Exception) -> tuple[int, str, dict] | None:
    """(code, message, headers) of the fault that answers `error`; None if it is none
    of the known kinds (a bug: 500). The one exception -> HTTP mapping of the API."""
    if isinstance(error, exception.NovumException):
        code, message = error.code, error.format_message()
    elif isinstance(error, webob.exc.HTTPException):
        code, message = error.code, error.explanation or error.title
    elif _is(error, _DB_UNAVAILABLE):
        code, message = 503, 'The database is temporarily unavailable, please retry later.'
    elif _is(error, _BAD_DATA):
        code, message = 400, f'Invalid input for the database: {_db_detail(error)}'
    elif _is(error, _CONFLICT):
        code, message = 409, 'The resource already exists or was changed concurrently.'
    elif (isinstance(error, messaging.MessagingException)
          and not isinstance(error, messaging.RemoteError)):
        code, message = 503, ('The message bus or novum-conductor is temporarily '
                              'unavailable, please retry later.')
    else:
        return None
    return code, message, {'Retry-After': str(RETRY_AFTER)} if code == 503 else {}


def fault_from_exception(request: webob.Request, error: Exception,
                         version=None) -> webob.Response | None:
    """The fault response for `error`, or None for a bug (the caller logs it, 500)."""
    fault = fault_for(error)
    if fault is None:
        return None
    code, message, headers = fault
    if code == 503:
        # A dependency's fault, not the request's: into the log, without a traceback.
        LOG.warning('%s %s answered 503: %s (request %s)', request.method, request.path,
                    error, request.environ.get(oslo_request_id.ENV_REQUEST_ID))
    response = util.fault_response(code, message, version)
    response.headers.update(headers)
    return response


# Nova connects every route also under /{project_id:[0-9a-f-]+}; Novum also takes the
# caller's own project id there when it is a name (noauth2 projects like "demo").
_PROJECT_ID = re.compile(r'^[0-9a-f-]+$')


def make_mapper(declarations: dict) -> routes.Mapper:
    """A Routes mapper whose matches name their declaration in `route`."""
    mapper = routes.Mapper()
    for path in declarations:
        mapper.connect(path or '/', route=path)
    return mapper


class APIRouter:
    """The versioned compute app: microversion, route, call, turn errors into faults.

    legacy_v2 is the app of /v2, as Nova's legacy_v2_compatible pipeline: microversion
    headers are ignored (every request is 2.1) and none are sent back.
    """

    def __init__(self, declarations: dict | None = None, versioned: bool = True,
                 legacy_v2: bool = False):
        self.declarations = declarations or ROUTE_DECLARATIONS
        self.mapper = make_mapper(self.declarations)
        self.versioned = versioned
        self.legacy_v2 = legacy_v2

    @classmethod
    def factory(cls, global_conf, **local_conf) -> 'APIRouter':
        return cls()

    @classmethod
    def legacy_v2_factory(cls, global_conf, **local_conf) -> 'APIRouter':
        return cls(legacy_v2=True)

    @classmethod
    def image_factory(cls, global_conf, **local_conf) -> 'APIRouter':
        """The Glance-v2-shaped image lookup app (unversioned, mounted at /image)."""
        return cls(image_service.ROUTES, versioned=False)

    @classmethod
    def image_versions_factory(cls, global_conf, **local_conf) -> 'APIRouter':
        return cls({'': {'GET': image_service.versions}}, versioned=False)

    def __call__(self, environ, start_response):
        request = webob.Request(environ)
        return self.dispatch(request)(environ, start_response)

    @staticmethod
    def _check_url(request: webob.Request) -> None:
        """400 for a path or query that is not valid UTF-8 text a database can store."""
        try:
            path, params = request.path_info, request.GET.items()
        except UnicodeDecodeError:
            raise exception.Invalid('The request URL is not valid UTF-8') from None
        util.check_text(path, 'the request URL')
        for name, value in params:
            util.check_text(name, 'query parameter names')
            util.check_text(value, f'query parameter {name}')

    def dispatch(self, request: webob.Request) -> webob.Response:
        version = None
        try:
            self._check_url(request)
            if self.legacy_v2:
                request.environ['novum.api_version'] = microversion.MIN_VERSION
            elif self.versioned:
                version = microversion.from_request(request)
                request.environ['novum.api_version'] = version
            match = self._match(request)
            if match is None:
                # Nova's router answers webob's own 404 (JSON when asked for, else text)
                # before any controller, so without a fault body or version headers.
                return webob.exc.HTTPNotFound()
            methods = self.declarations[match.pop('route')]
            handler = methods.get(request.method)
            if handler is None:
                response = util.fault_response(405, 'The method is not allowed for this '
                                                    'resource.', version)
                response.headers['Allow'] = ', '.join(sorted(methods))
                return response
            if request.method in ('POST', 'PUT'):
                match['body'] = util.read_body(request)
            response = handler(request, **match)
        except Exception as error:
            response = fault_from_exception(request, error, version)
            if response is None:
                raise       # a bug: FaultWrapper logs it and answers 500
            if response.status_int == 500:
                LOG.exception('%s %s failed with 500 (request %s)', request.method,
                              request.path,
                              request.environ.get(oslo_request_id.ENV_REQUEST_ID))
            return response
        if version is not None:
            microversion.add_headers(response, version)
        return response

    def _match(self, request: webob.Request) -> dict | None:
        """The route of the path, tried first as /{project_id}/<route> as Nova does.

        A project id prefix counts only when the rest is a route; then it must be the
        caller's project (400). A path that is no route either way is None (404).
        """
        path = request.path_info
        segments = path.split('/')
        context = request.environ.get('novum.context')
        own_project = context.project_id if context is not None else None
        if len(segments) >= 3 and (_PROJECT_ID.match(segments[1])
                                   or segments[1] == own_project):
            match = self.mapper.match('/' + '/'.join(segments[2:]))
            if match is not None:
                project_id = segments[1]
                if context is not None and project_id != own_project:
                    raise exception.Invalid(
                        f"Malformed request URL: URL's project_id '{project_id}' doesn't "
                        f"match Context's project_id '{own_project}'")
                request.environ['novum.url_project_id'] = project_id
                return match
        return self.mapper.match(path or '/')
