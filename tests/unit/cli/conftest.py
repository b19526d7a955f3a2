"""CLI unit tests: the `novum` client against a small in-process HTTP stub shaped like
Nova's compute API (no database, no daemons)."""

import json
import re
import threading
import uuid
from urllib.parse import parse_qs
from wsgiref import simple_server

import pytest

FLAVORS = [
    {'id': '1', 'name': 'm1.tiny', 'ram': 512, 'disk': 1, 'vcpus': 1, 'swap': '',
     'OS-FLV-EXT-DATA:ephemeral': 0, 'rxtx_factor': 1.0, 'os-flavor-access:is_public': True},
    {'id': '2', 'name': 'm1.small', 'ram': 2048, 'disk': 20, 'vcpus': 1, 'swap': '',
     'OS-FLV-EXT-DATA:ephemeral': 0, 'rxtx_factor': 1.0, 'os-flavor-access:is_public': True},
]
IMAGES = [{'id': '155d900f-4e14-4e4c-a73d-069cbf4541e6', 'name': 'cirros', 'status': 'ACTIVE',
           'minRam': 0, 'minDisk': 0}]
# What GET /servers/<id> shows on successive polls after a boot.
BUILD_SEQUENCE = [('BUILD', 'scheduling'), ('BUILD', 'networking'),
                  ('BUILD', 'block_device_mapping'), ('BUILD', 'spawning'), ('ACTIVE', None)]


@pytest.fixture(autouse=True)
def novum_env():
    """Overrides the unit tests' database setup: the CLI needs none."""
    yield


class NovaStub:
    """Answers a few compute API routes like Nova and records every request."""

    def __init__(self):
        self.requests: list[dict] = []
        self.servers: dict[str, dict] = {}
        self.max_version = '2.96'
        self.fail_build = False

    def _error(self, start_response, status: int, kind: str, message: str):
        start_response(f'{status} Error', [('Content-Type', 'application/json'),
                                           ('x-openstack-request-id', 'req-stub-1')])
        return [json.dumps({kind: {'code': status, 'message': message}}).encode()]

    def __call__(self, environ, start_response):
        length = int(environ.get('CONTENT_LENGTH') or 0)
        raw = environ['wsgi.input'].read(length) if length else b''
        request = {
            'method': environ['REQUEST_METHOD'], 'path': environ['PATH_INFO'],
            'query': {k: v[0] for k, v in parse_qs(environ.get('QUERY_STRING', '')).items()},
            'headers': {k[5:].replace('_', '-').lower(): v for k, v in environ.items()
                        if k.startswith('HTTP_')},
            'body': json.loads(raw) if raw else None,
        }
        self.requests.append(request)
        wanted = request['headers'].get('x-openstack-nova-api-version')
        if wanted and tuple(map(int, wanted.split('.'))) > tuple(
                map(int, self.max_version.split('.'))):
            return self._error(start_response, 406, 'computeFault',
                               f'Version {wanted} is not supported by the API. Minimum is '
                               f'2.1 and maximum is {self.max_version}.')
        status, body = self.route(request)
        if status >= 400:
            return self._error(start_response, status, body[0], body[1])
        start_response(f'{status} OK', [('Content-Type', 'application/json'),
                                        ('x-openstack-request-id', 'req-stub-1')])
        return [json.dumps(body).encode()] if body is not None else []

    def route(self, request):  # noqa: C901 - a route table in one place reads best here
        method, path, query = request['method'], request['path'], request['query']
        if path == '/v2.1' or path == '/v2.1/':
            return 200, {'version': {'id': 'v2.1', 'status': 'CURRENT',
                                     'version': self.max_version, 'min_version': '2.1'}}
        if path == '/v2.1/flavors/detail':
            return 200, {'flavors': FLAVORS}
        match = re.fullmatch(r'/v2.1/flavors/([^/]+)', path)
        if match and method == 'GET':
            for flavor in FLAVORS:
                if flavor['id'] == match.group(1):
                    return 200, {'flavor': flavor}
            return 404, ('itemNotFound', f'Flavor {match.group(1)} could not be found.')
        if path == '/v2.1/images/detail':
            return 200, {'images': IMAGES}
        match = re.fullmatch(r'/v2.1/images/([^/]+)', path)
        if match:
            for image in IMAGES:
                if image['id'] == match.group(1):
                    return 200, {'image': image}
            return 404, ('itemNotFound', 'Image not found.')
        if path == '/v2.1/servers' and method == 'POST':
            body = request['body']['server']
            count = body.get('max_count', 1)
            reservation_id = f'r-{uuid.uuid4().hex[:8]}'
            for index in range(1, count + 1):
                server_id = str(uuid.uuid4())
                name = body['name'] if count == 1 else f"{body['name']}-{index}"
                self.servers[server_id] = {'id': server_id, 'name': name, 'polls': 0,
                                           'flavor': {'id': '1'},
                                           'image': {'id': IMAGES[0]['id']},
                                           'reservation_id': reservation_id}
            if body.get('return_reservation_id'):
                return 202, {'reservation_id': reservation_id}
            return 202, {'server': {'id': server_id, 'adminPass': 'secret', 'links': []}}
        if path == '/v2.1/servers/detail':
            name = query.get('name')
            found = [self.show(s) for s in self.servers.values()
                     if (not name or re.search(name, s['name']))
                     and query.get('reservation_id') in (None, s['reservation_id'])]
            return 200, {'servers': found}
        match = re.fullmatch(r'/v2.1/servers/([^/]+)', path)
        if match:
            server = self.servers.get(match.group(1))
            if server is None:
                return 404, ('itemNotFound', f'Instance {match.group(1)} could not be found.')
            if method == 'DELETE':
                del self.servers[server['id']]
                return 204, None
            shown = self.show(server)
            server['polls'] += 1
            return 200, {'server': shown}
        return 404, ('itemNotFound', 'The resource could not be found.')

    def show(self, server: dict) -> dict:
        sequence = BUILD_SEQUENCE
        if self.fail_build:
            sequence = BUILD_SEQUENCE[:2] + [('ERROR', None)]
        status, task_state = sequence[min(server['polls'], len(sequence) - 1)]
        shown = {'id': server['id'], 'name': server['name'], 'status': status,
                 'OS-EXT-STS:task_state': task_state, 'OS-EXT-STS:vm_state': status.lower(),
                 'OS-EXT-STS:power_state': 1 if status == 'ACTIVE' else 0,
                 'flavor': server['flavor'], 'image': server['image'], 'addresses': {},
                 'tenant_id': 'demo', 'links': []}
        if status == 'ERROR':
            shown['fault'] = {'code': 500, 'message': 'No valid host was found. RamFilter '
                                                      'removed 1 of 1 hosts'}
        return shown


class _QuietHandler(simple_server.WSGIRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def nova_stub(monkeypatch):
    stub = NovaStub()
    server = simple_server.make_server('127.0.0.1', 0, stub, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    for name in ('OS_AUTH_URL', 'OS_TOKEN', 'OS_USERNAME', 'OS_PROJECT_NAME', 'OS_PROJECT_ID',
                 'OS_COMPUTE_API_VERSION', 'OS_ENDPOINT', 'OS_AUTH_TYPE'):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv('OS_COMPUTE_API', f'http://127.0.0.1:{server.server_port}/v2.1')
    yield stub
    server.shutdown()
    server.server_close()
