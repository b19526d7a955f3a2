"""The route table of the compute API v2.1 and the WSGI app that dispatches it.

ROUTE_DECLARATIONS is the whole API surface: path -> {HTTP method: handler}. A path
known with another method answers 405; an unknown path 404. Every path may also be
prefixed by the project id, as Nova's URLs are (/v2.1/{project_id}/servers).
"""

import re

import routes
import webob
import webob.exc
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
    server_metadata,
    server_password,
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
    '/os-aggregates': {'GET': aggregates.index},
    '/os-aggregates/{aggregate_id}': {'GET': aggregates.show},
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
}

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

    def dispatch(self, request: webob.Request) -> webob.Response:
        version = None
        try:
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
        except exception.NovumException as error:
            if error.code >= 500:
                # A fault of ours, not of the request: its traceback belongs in the log.
                LOG.exception('%s %s failed with %s (request %s)', request.method,
                              request.path, error.code,
                              request.environ.get(oslo_request_id.ENV_REQUEST_ID))
            return util.fault_response(error.code, error.format_message(), version)
        except webob.exc.HTTPException as error:
            return util.fault_response(error.code, error.explanation or error.title, version)
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
