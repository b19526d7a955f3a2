"""/servers end to end in-process: the API, compute API, conductor (use_local), scheduler."""

import pytest

from tests.unit.api import fixtures


@pytest.fixture
def boot(api, images, scheduler):
    """boot(name, client=api, **server fields) -> the created server id."""
    def boot(name='vm1', client=None, **fields):
        body = {'server': dict({'name': name, 'flavorRef': '1',
                                'imageRef': fixtures.CIRROS_ID}, **fields)}
        response = (client or api).post('/v2.1/servers', body)
        assert response.status == 202, response
        return response.body['server']['id']
    return boot


def test_create_answers_202_with_id_links_location_and_admin_pass(api, images, scheduler):
    response = api.post('/v2.1/servers', {'server': {
        'name': 'vm1', 'flavorRef': '1', 'imageRef': fixtures.CIRROS_ID}})
    assert response.status == 202
    server = response.body['server']
    assert len(server['adminPass']) == 12
    assert server['links'][0] == {
        'rel': 'self', 'href': f"http://127.0.0.1:8774/v2.1/servers/{server['id']}"}
    assert response.headers['Location'] == server['links'][0]['href']
    assert server['security_groups'] == [{'name': 'default'}]
    assert server['OS-DCF:diskConfig'] == 'MANUAL'


def test_show_has_novas_fields_and_echoes_image_and_flavor(api, boot):
    server_id = boot(metadata={'role': 'web'})
    server = api.get(f'/v2.1/servers/{server_id}').body['server']
    assert server['image']['id'] == fixtures.CIRROS_ID
    assert server['flavor']['id'] == '1'
    assert server['metadata'] == {'role': 'web'}
    assert server['tenant_id'] == 'demo' and server['user_id'] == 'demo'
    for key in ('OS-EXT-STS:vm_state', 'OS-EXT-STS:task_state', 'OS-EXT-STS:power_state',
                'OS-EXT-AZ:availability_zone', 'created', 'updated', 'hostId', 'links',
                'addresses', 'accessIPv4', 'accessIPv6', 'key_name', 'config_drive',
                'OS-SRV-USG:launched_at', 'OS-SRV-USG:terminated_at'):
        assert key in server
    # Extended server attributes are for administrators only.
    assert 'OS-EXT-SRV-ATTR:host' not in server


def test_no_host_means_error_with_fault(api, admin_api, boot):
    server_id = boot()
    server = api.get(f'/v2.1/servers/{server_id}').body['server']
    assert server['status'] == 'ERROR'
    assert server['fault']['code'] == 500
    assert 'No valid host' in server['fault']['message']
    assert 'details' not in server['fault']     # a 500's traceback is for admins
    admin_view = admin_api.get(f'/v2.1/servers/{server_id}').body['server']
    assert 'Traceback' in admin_view['fault']['details']
    assert admin_view['OS-EXT-SRV-ATTR:instance_name'].startswith('instance-')


def test_admin_sees_extended_attributes_at_2_3(admin_api, boot):
    server_id = boot()
    server = admin_api.at_version('2.3').get(f'/v2.1/servers/{server_id}').body['server']
    assert server['OS-EXT-SRV-ATTR:reservation_id'].startswith('r-')
    assert server['OS-EXT-SRV-ATTR:launch_index'] == 0


def test_scheduled_server_is_build_on_its_host(api, admin_api, boot):
    fixtures.register_compute('compute1')
    server_id = boot()
    server = admin_api.get(f'/v2.1/servers/{server_id}').body['server']
    assert server['status'] == 'BUILD'
    assert server['OS-EXT-SRV-ATTR:host'] == 'compute1'
    assert server['OS-EXT-AZ:availability_zone'] == 'nova'
    assert api.get(f'/v2.1/servers/{server_id}').body['server']['hostId']


@pytest.mark.parametrize('vm_state,task_state,status', [
    ('active', None, 'ACTIVE'), ('active', 'rebooting', 'REBOOT'),
    ('active', 'rebooting_hard', 'HARD_REBOOT'), ('stopped', None, 'SHUTOFF'),
    ('building', 'scheduling', 'BUILD'), ('error', None, 'ERROR'),
])
def test_status_is_mapped_from_vm_and_task_state(api, boot, vm_state, task_state, status):
    server_id = boot()
    fixtures.set_instance_state(server_id, vm_state, host='h1', task_state=task_state)
    assert api.get(f'/v2.1/servers/{server_id}').body['server']['status'] == status


def test_return_reservation_id(api, boot, images):
    response = api.post('/v2.1/servers', {'server': {
        'name': 'many', 'flavorRef': '1', 'imageRef': fixtures.CIRROS_ID,
        'min_count': 2, 'max_count': 3, 'return_reservation_id': True}})
    assert response.status == 202
    reservation_id = response.body['reservation_id']
    servers = api.get('/v2.1/servers/detail').body['servers']
    assert len(servers) == 3
    assert {server['name'] for server in servers} == {'many-1', 'many-2', 'many-3'} or \
        len({server['id'] for server in servers}) == 3
    assert reservation_id.startswith('r-')


def test_networks_none_and_auto_at_2_37(api, images, scheduler):
    client = api.at_version('2.37')
    for networks in ('none', 'auto'):
        response = client.post('/v2.1/servers', {'server': {
            'name': 'n', 'flavorRef': '1', 'imageRef': fixtures.CIRROS_ID,
            'networks': networks}})
        assert response.status == 202, response
    response = client.post('/v2.1/servers', {'server': {
        'name': 'n', 'flavorRef': '1', 'imageRef': fixtures.CIRROS_ID}})
    assert response.status == 400
    assert "'networks' is a required property" in response.body['badRequest']['message']


def test_list_filters_sort_and_pagination(api, boot):
    ids = [boot(name=f'vm{i}') for i in range(5)]
    listing = api.get('/v2.1/servers').body
    assert {server['id'] for server in listing['servers']} == set(ids)
    assert set(listing['servers'][0]) == {'id', 'name', 'links'}
    assert api.get('/v2.1/servers?name=vm3').body['servers'][0]['id'] == ids[3]
    assert api.get('/v2.1/servers?status=ERROR').body['servers']
    assert api.get('/v2.1/servers?status=ACTIVE').body['servers'] == []
    assert api.get('/v2.1/servers?status=NOSUCH').body['servers'] == []
    assert api.get(f'/v2.1/servers?image={fixtures.CIRROS_ID}').body['servers']
    assert api.get('/v2.1/servers?flavor=2').body['servers'] == []
    names = [s['name'] for s in
             api.get('/v2.1/servers?sort_key=display_name&sort_dir=asc').body['servers']]
    assert names == sorted(names)

    page = api.get('/v2.1/servers?limit=2').body
    assert len(page['servers']) == 2
    next_href = page['servers_links'][0]['href']
    assert page['servers_links'][0]['rel'] == 'next'
    assert f"marker={page['servers'][-1]['id']}" in next_href
    seen = [s['id'] for s in page['servers']]
    while 'servers_links' in page:
        marker = page['servers'][-1]['id']
        page = api.get(f'/v2.1/servers?limit=2&marker={marker}').body
        seen += [s['id'] for s in page['servers']]
    assert sorted(seen) == sorted(ids)


def test_changes_since(api, boot):
    boot()
    assert api.get('/v2.1/servers?changes-since=2000-01-01T00:00:00Z').body['servers']
    assert api.get('/v2.1/servers?changes-since=2999-01-01T00:00:00Z').body['servers'] == []
    response = api.get('/v2.1/servers?changes-since=yesterday')
    assert response.status == 400


def test_admin_filters_by_host_and_all_tenants(api, admin_api, boot):
    server_id = boot()
    fixtures.set_instance_state(server_id, 'active', host='h7')
    assert admin_api.get('/v2.1/servers').body['servers'] == []   # admin's own project
    everyone = admin_api.get('/v2.1/servers/detail?all_tenants=True').body['servers']
    assert [s['id'] for s in everyone] == [server_id]
    by_host = admin_api.get('/v2.1/servers/detail?all_tenants=1&host=h7').body['servers']
    assert [s['id'] for s in by_host] == [server_id]
    assert admin_api.get('/v2.1/servers?all_tenants=1&host=h8').body['servers'] == []
    # A non-admin's host filter is ignored, as Nova ignores it.
    assert api.get('/v2.1/servers?host=h8').body['servers']


def test_update_name_and_description(api, boot):
    server_id = boot()
    response = api.put(f'/v2.1/servers/{server_id}', {'server': {'name': 'renamed'}})
    assert response.status == 200
    assert response.body['server']['name'] == 'renamed'
    response = api.at_version('2.19').put(f'/v2.1/servers/{server_id}', {
        'server': {'description': 'a web server'}})
    assert response.body['server']['description'] == 'a web server'
    assert api.get(f'/v2.1/servers/{server_id}').body['server']['name'] == 'renamed'


def test_delete_is_204_then_404(api, boot):
    server_id = boot()
    assert api.delete(f'/v2.1/servers/{server_id}').status == 204
    response = api.get(f'/v2.1/servers/{server_id}')
    assert response.status == 404
    assert response.body['itemNotFound']['code'] == 404


def test_reboot_stop_start_set_task_states(api, boot):
    server_id = boot()
    fixtures.set_instance_state(server_id, 'active', host='h1')
    assert api.post(f'/v2.1/servers/{server_id}/action',
                    {'reboot': {'type': 'HARD'}}).status == 202
    assert api.get(f'/v2.1/servers/{server_id}').body['server']['status'] == 'HARD_REBOOT'
    fixtures.set_instance_state(server_id, 'active')
    assert api.post(f'/v2.1/servers/{server_id}/action', {'os-stop': None}).status == 202
    server = api.get(f'/v2.1/servers/{server_id}').body['server']
    assert server['OS-EXT-STS:task_state'] == 'powering-off'
    fixtures.set_instance_state(server_id, 'stopped', power_state=4)
    assert api.post(f'/v2.1/servers/{server_id}/action', {'os-start': None}).status == 202
    actions = api.get(f'/v2.1/servers/{server_id}/os-instance-actions').body
    assert {'create', 'reboot', 'stop', 'start'} <= {
        action['action'] for action in actions['instanceActions']}


def test_start_an_active_server_is_409(api, boot):
    server_id = boot()
    fixtures.set_instance_state(server_id, 'active', host='h1')
    response = api.post(f'/v2.1/servers/{server_id}/action', {'os-start': None})
    assert response.status == 409
    assert response.body['conflictingRequest']['code'] == 409


def test_server_metadata_crud(api, boot):
    server_id = boot(metadata={'a': '1'})
    fixtures.set_instance_state(server_id, 'active', host='h1')
    base = f'/v2.1/servers/{server_id}/metadata'
    assert api.get(base).body == {'metadata': {'a': '1'}}
    assert api.post(base, {'metadata': {'b': '2'}}).body == {'metadata': {'a': '1', 'b': '2'}}
    assert api.put(f'{base}/c', {'meta': {'c': '3'}}).body == {'meta': {'c': '3'}}
    assert api.get(f'{base}/c').body == {'meta': {'c': '3'}}
    assert api.put(base, {'metadata': {'z': '9'}}).body == {'metadata': {'z': '9'}}
    assert api.delete(f'{base}/z').status == 204
    assert api.get(f'{base}/z').status == 404
    assert api.put(f'{base}/c', {'meta': {'d': '3'}}).status == 400


def test_metadata_over_quota_is_403(api, boot, novum_env):
    novum_env.set_override('metadata_items', 2, group='quota')
    server_id = boot(metadata={'a': '1'})
    fixtures.set_instance_state(server_id, 'active', host='h1')
    response = api.post(f'/v2.1/servers/{server_id}/metadata',
                        {'metadata': {'b': '2', 'c': '3'}})
    assert response.status == 403
    assert response.body['forbidden']['code'] == 403


def test_instance_action_show_events_for_admin_only(api, admin_api, boot):
    server_id = boot()
    actions = api.get(f'/v2.1/servers/{server_id}/os-instance-actions').body[
        'instanceActions']
    request_id = actions[0]['request_id']
    path = f'/v2.1/servers/{server_id}/os-instance-actions/{request_id}'
    assert 'events' not in api.get(path).body['instanceAction']
    assert 'events' in admin_api.get(path).body['instanceAction']
    assert api.get(f'/v2.1/servers/{server_id}/os-instance-actions/req-nope').status == 404


def test_quota_full_is_403(api, images, scheduler, novum_env):
    novum_env.set_override('instances', 1, group='quota')
    body = {'server': {'name': 'q', 'flavorRef': '1', 'imageRef': fixtures.CIRROS_ID}}
    assert api.post('/v2.1/servers', body).status == 202
    response = api.post('/v2.1/servers', body)
    assert response.status == 403
    assert 'Quota exceeded' in response.body['forbidden']['message']


def test_admin_resets_state_and_a_user_may_not(api, admin_api, boot):
    server_id = boot()
    body = {'os-resetState': {'state': 'active'}}
    assert api.post(f'/v2.1/servers/{server_id}/action', body).status == 403
    assert admin_api.post(f'/v2.1/servers/{server_id}/action', body).status == 202
    assert api.get(f'/v2.1/servers/{server_id}').body['server']['status'] == 'ACTIVE'
    bad = admin_api.post(f'/v2.1/servers/{server_id}/action',
                         {'os-resetState': {'state': 'paused'}})
    assert bad.status == 400


def test_name_filter_is_a_regular_expression(api, boot):
    boot(name='web-1')
    boot(name='db-1')
    assert [s['name'] for s in api.get('/v2.1/servers?name=^w.b').body['servers']] == ['web-1']
    assert len(api.get('/v2.1/servers?name=-1').body['servers']) == 2
    assert api.get('/v2.1/servers?name=[').status == 400


def test_next_link_follows_the_database_page_when_a_filter_thins_it(api, boot):
    for i in range(3):
        boot(name=f'a{i}')
    boot(name='zz', flavorRef='2')
    page = api.get('/v2.1/servers?flavor=2&limit=2&sort_key=display_name&sort_dir=asc').body
    # The first two by name are flavor 1: an empty page, but a next link all the same.
    assert page['servers'] == []
    assert 'servers_links' in page


def test_access_ips_are_stored_shown_and_updated(api, boot):
    server_id = boot(accessIPv4='192.0.2.10', accessIPv6='2001:db8::10')
    server = api.get(f'/v2.1/servers/{server_id}').body['server']
    assert (server['accessIPv4'], server['accessIPv6']) == ('192.0.2.10', '2001:db8::10')

    updated = api.put(f'/v2.1/servers/{server_id}', {'server': {'accessIPv4': '192.0.2.11'}})

    assert updated.status == 200
    assert updated.body['server']['accessIPv4'] == '192.0.2.11'
    server = api.get(f'/v2.1/servers/{server_id}').body['server']
    assert (server['accessIPv4'], server['accessIPv6']) == ('192.0.2.11', '2001:db8::10')


def test_a_private_flavor_is_invalid_for_a_non_admin_boot(api, admin_api, images, scheduler):
    created = admin_api.post('/v2.1/flavors', {'flavor': {
        'name': 'private1', 'id': '77', 'ram': 512, 'vcpus': 1, 'disk': 1,
        'os-flavor-access:is_public': False}})
    assert created.status == 200, created
    body = {'server': {'name': 'vm1', 'flavorRef': '77', 'imageRef': fixtures.CIRROS_ID}}

    refused = api.post('/v2.1/servers', body)

    assert refused.status == 400
    assert refused.body == {'badRequest': {'code': 400,
                                           'message': 'Invalid flavorRef provided.'}}
    assert admin_api.post('/v2.1/servers', body).status == 202
