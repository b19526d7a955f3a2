"""MariaDB unreachable for a while under real daemons (issue 11, item 6, the DB half):
every API answer during the outage is 2xx or 503 with Retry-After, never 500; boots
accepted before and after it finish ACTIVE once the database is back. And concurrent
boots on the same daemons never exceed the project's quota (item 4).

The daemons reach MariaDB through a TCP proxy of this test's own (dbproxy.TCPProxy),
which cuts every connection and refuses new ones; the shared MariaDB never stops.
"""

import collections
import concurrent.futures
import threading
import time

import pytest
import requests

from tests.functional import clients, dbproxy, fixtures

pytestmark = pytest.mark.functional

CIRROS_ID = '4f5a3e1c-0d2b-4c59-9b7e-2f1c6a8d9e01'
OUTAGE_SECONDS = 12
CLIENTS = 8             # concurrent callers during the outage
BOOT = {'server': {'name': 'vm', 'flavorRef': '1', 'imageRef': CIRROS_ID,
                   'networks': 'none'}}


class API:
    """novum-api over HTTP as a noauth2 user."""

    def __init__(self, url: str, token: str = 'demo:demo'):
        self.url = url
        self.headers = {'X-Auth-Token': token, 'OpenStack-API-Version': 'compute 2.37'}

    def call(self, method: str, path: str, body=None) -> requests.Response:
        return requests.request(method, self.url + path, json=body, headers=self.headers,
                                timeout=60)

    def boot(self) -> requests.Response:
        return self.call('POST', '/servers', BOOT)

    def status(self, server_id: str) -> str | None:
        response = self.call('GET', f'/servers/{server_id}')
        return response.json()['server']['status'] if response.status_code == 200 else None


@pytest.fixture(scope='module')
def cloud(tmp_path_factory):
    """conductor, scheduler, one compute and a noauth2 API on RabbitMQ, whose database
    URL points at a TCP proxy in front of MariaDB."""
    fixtures.require('rabbitmq')
    tmp = tmp_path_factory.mktemp('faults-db')
    db = fixtures.Database('mariadb', tmp)
    proxy = dbproxy.TCPProxy(fixtures.BACKEND_PORTS['mariadb'])
    deployment = fixtures.Deployment(
        tmp, db.url.replace(':3306/', f':{proxy.port}/'), options={
            # Nova's default: an outage shorter than this does not make computes "down".
            'DEFAULT': {'service_down_time': '60', 'rpc_response_timeout': '20'},
            'fake_driver': {'spawn_delay': '1'},
            'quota': {'instances': '-1', 'cores': '-1', 'ram': '-1'},
        })
    try:
        deployment.manage('db', 'sync')
        deployment.manage('image', 'register', 'cirros', '--id', CIRROS_ID)
        for binary in ('novum-conductor', 'novum-scheduler', 'novum-compute'):
            deployment.start(binary, ready_text='started on host', timeout=60)
        url = clients.start_api(deployment, 'noauth2')
        admin = API(url, 'admin:admin')
        clients.wait_for(lambda: any(
            service['binary'] == 'nova-compute' and service['state'] == 'up'
            for service in admin.call('GET', '/os-services').json()['services']),
            timeout=60, what='the compute service up')
        yield API(url), admin, proxy, deployment
    finally:
        proxy.restore()
        clients.stop_deployment(deployment, db)
        proxy.close()


def _wait_active(api: API, server_ids: list, timeout: float = 120) -> dict:
    statuses = {}

    def settled():
        statuses.update({server_id: api.status(server_id) for server_id in server_ids})
        return all(status in ('ACTIVE', 'ERROR') for status in statuses.values())

    clients.wait_for(settled, timeout=timeout, interval=1, what='the boots to settle')
    return statuses


def _load(api: API, admin: API, server_id: str, stop: threading.Event,
          start: int) -> list:
    """Requests of every kind, one after the other from the `start`th, until `stop`:
    (status, seconds, what, Retry-After, boot id)."""
    calls = [('GET', '/servers'), ('GET', '/servers/detail'), ('GET', f'/servers/{server_id}'),
             ('POST', '/servers'), ('GET', '/flavors/detail'), ('GET', '/os-keypairs'),
             ('GET', '/limits'), ('GET', f'/servers/{server_id}/metadata'),
             ('GET', '/os-hypervisors/detail'), ('GET', '/os-services'),
             ('PUT', f'/servers/{server_id}/metadata/k')]
    answers = []
    index = start
    while not stop.is_set():
        method, path = calls[index % len(calls)]
        index += 1
        client = admin if path.startswith('/os-') else api
        body = {'meta': {'k': str(index)}} if method == 'PUT' else None
        started = time.monotonic()
        response = client.boot() if method == 'POST' else client.call(method, path, body)
        booted = response.json()['server']['id'] if response.status_code == 202 else None
        answers.append((response.status_code, time.monotonic() - started,
                        f'{method} {path}', response.headers.get('Retry-After'), booted))
    return answers


def test_database_outage_answers_503_and_every_accepted_boot_finishes(cloud):
    api, admin, proxy, _deployment = cloud
    before = [api.boot() for _ in range(3)]
    assert [response.status_code for response in before] == [202] * 3
    before_ids = [response.json()['server']['id'] for response in before]
    assert set(_wait_active(api, before_ids).values()) == {'ACTIVE'}

    proxy.cut()
    stop = threading.Event()
    with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
        loads = [pool.submit(_load, api, admin, before_ids[0], stop, start)
                 for start in range(CLIENTS)]
        time.sleep(OUTAGE_SECONDS)
        proxy.restore()
        restored = time.monotonic()
        stop.set()
        answers = [answer for load in loads for answer in load.result()]
    settled_calls = time.monotonic() - restored

    statuses = collections.Counter(status for status, *_rest in answers)
    kinds = len({what for _s, _t, what, *_r in answers})
    print(f'DB cut {OUTAGE_SECONDS} s: {len(answers)} answers to {kinds} kinds of request '
          f'{sorted(statuses.items())}, '
          f'slowest {max(seconds for _s, seconds, *_r in answers):.1f} s, '
          f'in-flight calls done {settled_calls:.1f} s after restore')
    assert not [answer for answer in answers if answer[0] not in (200, 202, 503)], answers
    assert statuses[503] > 0, 'the outage was never seen'
    assert all(retry == str(5) for status, _s, _w, retry, _b in answers if status == 503)

    # Once it is back: boots are accepted again (the first calls may still see 503
    # while the conductor's pool reconnects), and every accepted boot becomes ACTIVE.
    after_ids = []
    deadline = time.monotonic() + 60
    while len(after_ids) < 3 and time.monotonic() < deadline:
        response = api.boot()
        assert response.status_code in (202, 503), response.text
        if response.status_code == 202:
            after_ids.append(response.json()['server']['id'])
    assert len(after_ids) == 3
    accepted_during = [booted for *_rest, booted in answers if booted]
    final = _wait_active(api, before_ids + accepted_during + after_ids)
    print(f'accepted: {len(before_ids)} before, {len(accepted_during)} during, '
          f'{len(after_ids)} after the outage; final {collections.Counter(final.values())}')
    assert set(final.values()) == {'ACTIVE'}, final


@pytest.mark.parametrize('concurrency,quota', [(30, 10)])
def test_concurrent_boots_on_real_daemons_never_exceed_the_quota(cloud, concurrency,
                                                                 quota):
    api, admin, _proxy, _deployment = cloud
    project = f'race{quota}'
    client = API(api.url, f'racer:{project}')
    assert admin.call('PUT', f'/os-quota-sets/{project}', {'quota_set': {
        'instances': quota}}).status_code == 200
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        responses = list(pool.map(lambda _i: client.boot(), range(concurrency)))
    statuses = collections.Counter(response.status_code for response in responses)
    accepted = [response.json()['server']['id'] for response in responses
                if response.status_code == 202]
    listed = client.call('GET', '/servers').json()['servers']
    final = _wait_active(client, accepted)
    print(f'{concurrency} concurrent boots at quota {quota}: {sorted(statuses.items())}, '
          f'{len(listed)} servers, final {collections.Counter(final.values())}')
    assert set(statuses) <= {202, 403}
    assert len(accepted) == len(listed) <= quota
    # Every accepted boot finishes. How many are accepted is not guaranteed: with
    # Nova's recheck, concurrent requests that all count the project over the quota
    # all take theirs back (none accepted happens under load; see the note).
    assert all(state == 'ACTIVE' for state in final.values()), final
