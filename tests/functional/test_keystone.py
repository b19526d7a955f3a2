"""novum-api behind a real Keystone: project-scoped tokens accepted and scoped, bad ones 401."""

import types

import pytest
import requests
import webob
from keystonemiddleware import auth_token

from tests.functional import clients
from tests.functional import keystone as keystone_fixture
from tests.functional.clients import Clients, wait_for
from tests.functional.keystone import keystone  # noqa: F401

pytestmark = pytest.mark.functional

PROJECT = 'P'
USER = 'alice'
PASSWORD = 'alice-secret'


@pytest.fixture(scope='module')
def project_user(keystone):  # noqa: F811
    """(project_id, user_id) of a member of project P."""
    return keystone.create_project_user(PROJECT, USER, PASSWORD, roles=('member',))


def _echo_identity(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [f"{environ.get('HTTP_X_PROJECT_ID')} {environ.get('HTTP_X_ROLES')}".encode()]


def test_keystone_token_is_validated_by_auth_token_and_scoped(keystone, project_user):  # noqa: F811
    project_id, _ = project_user
    token, token_project = keystone.issue_token(USER, PASSWORD, PROJECT)
    assert token_project == project_id
    app = auth_token.filter_factory({}, **keystone.authtoken_options())(_echo_identity)

    response = webob.Request.blank('/', headers={'X-Auth-Token': token}).get_response(app)

    assert response.status_int == 200
    seen_project, roles = response.text.split()
    assert seen_project == project_id
    assert 'member' in roles.split(',')


def test_bad_token_is_rejected_by_auth_token(keystone):  # noqa: F811
    app = auth_token.filter_factory({}, **keystone.authtoken_options())(_echo_identity)

    response = webob.Request.blank('/', headers={'X-Auth-Token': 'not-a-token'}).get_response(app)

    assert response.status_int == 401
    assert keystone.auth_url in response.headers['WWW-Authenticate']


CIRROS_ID = '7c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e05'
COMPUTE_HOST = 'compute-ks'


@pytest.fixture(scope='module')
def cloud(tmp_path_factory, keystone, project_user):  # noqa: F811
    """The daemons and a novum-api with auth_strategy = keystone, listed in Keystone's
    catalog as `compute`; clients for the member of project P."""
    tmp = tmp_path_factory.mktemp('clients-keystone')
    db, deployment = clients.start_deployment(tmp, {'cirros': CIRROS_ID}, COMPUTE_HOST)
    try:
        api_url = clients.start_api(deployment, 'keystone',
                                    {'keystone_authtoken': keystone.authtoken_options()})
        keystone.register_service('compute', 'nova', api_url)
        # novum-api serves a Glance-shaped view of its image catalog at /image.
        keystone.register_service('image', 'glance', api_url.rsplit('/v2.1', 1)[0] + '/image')
        member = Clients(tmp, clients.keystone_cloud(keystone.auth_url, USER, PASSWORD,
                                                     PROJECT), name='member')
        admin = Clients(tmp, clients.keystone_cloud(keystone.auth_url, 'admin',
                                                    keystone_fixture.ADMIN_PASSWORD, 'admin'),
                        name='admin')
        clients.wait_for_compute(admin.sdk(), COMPUTE_HOST)
        yield types.SimpleNamespace(api_url=api_url, member=member, admin=admin,
                                    project_id=project_user[0], auth_url=keystone.auth_url)
    finally:
        clients.stop_deployment(deployment, db)


def test_openstack_cli_with_keystone_token_is_scoped_to_its_project(cloud):
    member = cloud.member

    created = member.openstack('server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros',
                               '--nic', 'none', '--wait', 'ks-vm')

    try:
        assert created['status'] == 'ACTIVE'
        assert created['project_id'] == cloud.project_id
        # The same user configured by an openrc's OS_* variables instead of clouds.yaml.
        shown = clients.openstack_with_env(
            clients.keystone_env(cloud.auth_url, USER, PASSWORD, PROJECT),
            'server', 'show', 'ks-vm')
        assert (shown['id'], shown['project_id']) == (created['id'], cloud.project_id)
        # novaclient, configured the same way, finds it through the catalog too.
        nova_listed = clients.parse_table(clients.nova_with_env(
            clients.keystone_env(cloud.auth_url, USER, PASSWORD, PROJECT), 'list'))
        assert [(r['ID'], r['Name']) for r in nova_listed] == [(created['id'], 'ks-vm')]
        listed = member.openstack('server', 'list')
        assert [(s['ID'], s['Name']) for s in listed] == [(created['id'], 'ks-vm')]
        assert 'm1.tiny' in [f['Name'] for f in member.openstack('flavor', 'list')]
        # The admin of another project sees the server only across all projects.
        assert cloud.admin.openstack('server', 'list') == []
        everyone = cloud.admin.openstack('server', 'list', '--all-projects')
        assert [s['ID'] for s in everyone] == [created['id']]
    finally:
        member.openstack_text('server', 'delete', '--wait', created['id'])


def test_nova_boot_and_delete_with_keystone(cloud):
    os_env = clients.keystone_env(cloud.auth_url, USER, PASSWORD, PROJECT)
    conn = cloud.member.sdk()

    booted = dict((row['Property'], row['Value']) for row in clients.parse_table(
        clients.nova_with_env(os_env, 'boot', '--flavor', 'm1.tiny', '--image', 'cirros',
                              '--nic', 'none', 'ks-nova-vm')))

    server_id = booted['id']
    wait_for(lambda: clients.server_status(conn, server_id) == 'ACTIVE', timeout=60,
             what='ks-nova-vm ACTIVE')
    assert conn.compute.get_server(server_id).project_id == cloud.project_id
    clients.nova_with_env(os_env, 'delete', server_id)
    wait_for(lambda: clients.server_status(conn, server_id) is None, timeout=60,
             what='ks-nova-vm deleted')


def test_keystone_token_reaches_the_api_as_its_user_and_project(cloud, keystone,  # noqa: F811
                                                               project_user):
    token, _ = keystone.issue_token(USER, PASSWORD, PROJECT)
    headers = {'X-Auth-Token': token, 'OpenStack-API-Version': 'compute 2.10'}

    response = requests.post(f'{cloud.api_url}/os-keypairs', headers=headers, timeout=10,
                             json={'keypair': {'name': 'ks-key'}})

    assert response.status_code == 201, response.text
    assert response.json()['keypair']['user_id'] == project_user[1]
    shown = requests.get(f'{cloud.api_url}/os-keypairs/ks-key', headers=headers, timeout=10)
    assert shown.json()['keypair']['user_id'] == project_user[1]
    deleted = requests.delete(f'{cloud.api_url}/os-keypairs/ks-key', headers=headers, timeout=10)
    assert deleted.status_code == 204


@pytest.mark.parametrize('headers', [{'X-Auth-Token': 'not-a-token'}, {}],
                         ids=['bad-token', 'no-token'])
def test_api_rejects_request_without_valid_token_with_401(cloud, headers):
    response = requests.get(f'{cloud.api_url}/servers', headers=headers, timeout=10)

    assert response.status_code == 401
    assert 'WWW-Authenticate' in response.headers


def test_openstack_availability_zone_list_with_a_catalog(cloud):
    # The catalog lists no volume or network service, so the client asks only compute.
    zones = cloud.member.openstack('availability', 'zone', 'list')

    assert [(z['Zone Name'], z['Zone Status']) for z in zones] == [('nova', 'available')]


def test_keystone_roles_decide_admin_only_calls(cloud):
    """The admin role in the token opens the admin-only APIs; the member role does not."""
    services = cloud.admin.openstack('compute', 'service', 'list')
    hypervisors = cloud.admin.openstack('hypervisor', 'list')

    assert (COMPUTE_HOST, 'nova-compute', 'up') in [
        (s['Host'], s['Binary'], s['State']) for s in services]
    assert [h['Hypervisor Hostname'] for h in hypervisors] == [COMPUTE_HOST]
    denied = cloud.member.openstack_result('hypervisor', 'list')
    assert denied.returncode != 0
    assert '403' in denied.stderr
