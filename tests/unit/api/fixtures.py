"""An API app over a use_local SQLite database, called in-process with webob.

`api_client` (see conftest.py) builds the whole paste pipeline (noauth2) on the
database the unit conftest migrated; requests go through Request.blank, so a test
exercises routing, auth, validation, policy, objects and the DB, with no sockets.
"""

import json
import uuid

import webob

from novum import conf, context, objects
from novum.api import policy
from novum.api import wsgi as api_wsgi

CONF = conf.CONF

CIRROS_ID = '155d900f-4e14-4e4c-a73d-069cbf4541e6'
UBUNTU_ID = 'a2459075-d96c-40d5-893e-577ff92e721c'


class Response:
    """What a test looks at: status, headers and the decoded JSON body."""

    def __init__(self, response: webob.Response):
        self.raw = response
        self.status = response.status_int
        self.headers = response.headers
        self.text = response.text if response.body else ''
        try:
            self.body = json.loads(response.body) if response.body else None
        except ValueError:
            self.body = None

    def __repr__(self) -> str:
        return f'<Response {self.status} {self.text[:300]}>'


class APIClient:
    """Calls the loaded paste app as a given "user:project" (noauth2)."""

    def __init__(self, app, token: str = 'demo:demo', version: str | None = None):
        self.app = app
        self.token = token
        self.version = version

    def as_user(self, token: str, version: str | None = None) -> 'APIClient':
        return APIClient(self.app, token, version or self.version)

    def at_version(self, version: str | None) -> 'APIClient':
        return APIClient(self.app, self.token, version)

    def request(self, method: str, path: str, body=None, raw_body: bytes | None = None,
                headers: dict | None = None) -> Response:
        request = webob.Request.blank(path, method=method)
        request.host = '127.0.0.1:8774'
        if self.token is not None:
            request.headers['X-Auth-Token'] = self.token
        if self.version is not None:
            request.headers['OpenStack-API-Version'] = f'compute {self.version}'
        if raw_body is not None:
            request.body = raw_body
            request.content_type = 'application/json'
        elif body is not None:
            request.body = json.dumps(body).encode()
            request.content_type = 'application/json'
        for name, value in (headers or {}).items():
            request.headers[name] = value
        return Response(request.get_response(self.app))

    def get(self, path: str, **kwargs) -> Response:
        return self.request('GET', path, **kwargs)

    def post(self, path: str, body=None, **kwargs) -> Response:
        return self.request('POST', path, body, **kwargs)

    def put(self, path: str, body=None, **kwargs) -> Response:
        return self.request('PUT', path, body, **kwargs)

    def delete(self, path: str, **kwargs) -> Response:
        return self.request('DELETE', path, **kwargs)


def load_api_app():
    """The whole API (compute, image lookup, identity document) with noauth2, use_local."""
    CONF.set_override('auth_strategy', 'noauth2', group='api')
    CONF.set_override('use_local', True, group='conductor')
    policy.reset()
    return api_wsgi.load_app()


def register_image(name: str, image_id: str | None = None, **values) -> 'objects.ImageMeta':
    image = objects.ImageMeta(context.get_admin_context(), id=image_id or str(uuid.uuid4()),
                              name=name, status='active', visibility='public',
                              disk_format='qcow2', container_format='bare', size=1024,
                              min_disk=0, min_ram=0, properties={}, **values)
    image.create()
    return image


def register_compute(host: str, vcpus: int = 8, memory_mb: int = 16384,
                     local_gb: int = 200) -> tuple:
    """A compute service that just reported, and its compute node."""
    admin = context.get_admin_context()
    service = objects.Service(admin, host=host, binary='novum-compute', topic='compute')
    service.create()
    service.heartbeat()
    node = objects.ComputeNode(admin, service_id=service.id, host=host,
                               hypervisor_hostname=host, vcpus=vcpus, memory_mb=memory_mb,
                               local_gb=local_gb, uuid=str(uuid.uuid4()))
    node.create()
    return service, node


class InProcessScheduler:
    """novum-scheduler's manager served on the fake:// transport in this process, so a
    boot through the API schedules for real (and fails with NoValidHost without hosts)."""

    def __init__(self):
        import oslo_messaging as messaging

        from novum import rpc
        from novum.objects import base as objects_base
        from novum.scheduler import manager

        target = messaging.Target(topic=CONF.scheduler.topic, server=CONF.host)
        self.server = rpc.get_server(target, [manager.SchedulerManager(host=CONF.host)],
                                     objects_base.NovumObjectSerializer())
        self.server.start()

    def stop(self) -> None:
        self.server.stop()
        self.server.wait()


def set_instance_state(server_id: str, vm_state: str, host: str | None = None,
                       task_state: str | None = None, power_state: int = 1):
    """Move an instance as its compute would (the unit tests run no compute)."""
    instance = objects.Instance.get_by_uuid(context.get_admin_context(), server_id)
    instance.vm_state = vm_state
    instance.task_state = task_state
    instance.power_state = power_state
    if vm_state in ('active', 'stopped') and instance.launched_at is None:
        instance.launched_at = instance.created_at
    if host is not None:
        instance.host = host
        instance.node = host
    instance.save()
    return instance
