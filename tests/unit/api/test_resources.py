"""Flavors, keypairs, services, hypervisors, zones, limits, quotas, images, lookups."""

import pytest

from tests.unit.api import fixtures

# Flavors -------------------------------------------------------------------------------

def test_flavor_detail_fields(api):
    flavor = api.get('/v2.1/flavors/detail').body['flavors'][0]
    assert flavor['id'] == '1' and flavor['name'] == 'm1.tiny'
    assert {'ram', 'disk', 'vcpus', 'swap', 'rxtx_factor', 'OS-FLV-EXT-DATA:ephemeral',
            'OS-FLV-DISABLED:disabled', 'os-flavor-access:is_public', 'links'} <= set(flavor)
    assert flavor['swap'] == ''


def test_flavor_filters_and_paging(api):
    big = api.get('/v2.1/flavors?minRam=8192').body['flavors']
    assert [f['id'] for f in big] == ['4', '5']
    page = api.get('/v2.1/flavors?limit=2').body
    assert [f['id'] for f in page['flavors']] == ['1', '2']
    assert 'marker=2' in page['flavors_links'][0]['href']
    assert [f['id'] for f in api.get('/v2.1/flavors?marker=3').body['flavors']] == ['4', '5']


def test_admin_creates_and_deletes_flavor(admin_api, api):
    response = admin_api.post('/v2.1/flavors', {'flavor': {
        'name': 'custom', 'ram': 256, 'vcpus': 1, 'disk': 0, 'id': 'custom-1'}})
    assert response.status == 200
    assert response.body['flavor']['id'] == 'custom-1'
    assert api.get('/v2.1/flavors/custom-1').body['flavor']['ram'] == 256
    duplicate = admin_api.post('/v2.1/flavors', {'flavor': {
        'name': 'custom', 'ram': 256, 'vcpus': 1, 'disk': 0}})
    assert duplicate.status == 409
    assert admin_api.delete('/v2.1/flavors/custom-1').status == 202
    assert api.get('/v2.1/flavors/custom-1').status == 404


# Keypairs ------------------------------------------------------------------------------

PUBLIC_KEY = ('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDZlInWBJjKeN9dRXOVgrVmB4PtPrgoh2FAewXIAXDHq'
              ' test@novum')


def test_keypair_generate_show_list_delete(api):
    response = api.post('/v2.1/os-keypairs', {'keypair': {'name': 'gen'}})
    assert response.status == 200
    keypair = response.body['keypair']
    assert keypair['private_key'].startswith('-----BEGIN RSA PRIVATE KEY-----')
    assert keypair['public_key'].startswith('ssh-rsa ')
    assert len(keypair['fingerprint'].split(':')) == 16
    shown = api.get('/v2.1/os-keypairs/gen').body['keypair']
    assert shown['user_id'] == 'demo' and shown['fingerprint'] == keypair['fingerprint']
    assert [k['keypair']['name'] for k in api.get('/v2.1/os-keypairs').body['keypairs']] \
        == ['gen']
    assert api.post('/v2.1/os-keypairs', {'keypair': {'name': 'gen'}}).status == 409
    assert api.delete('/v2.1/os-keypairs/gen').status == 202
    assert api.get('/v2.1/os-keypairs/gen').status == 404


def test_keypair_import_at_2_2_has_type_and_201(api):
    client = api.at_version('2.2')
    response = client.post('/v2.1/os-keypairs', {'keypair': {
        'name': 'imported', 'public_key': PUBLIC_KEY}})
    assert response.status == 201
    assert response.body['keypair']['type'] == 'ssh'
    assert 'private_key' not in response.body['keypair']
    assert client.delete('/v2.1/os-keypairs/imported').status == 204


# Services and hypervisors --------------------------------------------------------------

def test_services_list_and_disable_enable(admin_api):
    service, _node = fixtures.register_compute('c1')
    services = admin_api.get('/v2.1/os-services').body['services']
    assert services == [{
        'id': service.id, 'binary': 'nova-compute', 'host': 'c1', 'zone': 'nova',
        'status': 'enabled', 'state': 'up', 'updated_at': services[0]['updated_at'],
        'disabled_reason': None}]
    response = admin_api.put('/v2.1/os-services/disable-log-reason', {
        'host': 'c1', 'binary': 'novum-compute', 'disabled_reason': 'maintenance'})
    # The daemon's name is accepted; the answer speaks Nova's.
    assert response.body == {'service': {'host': 'c1', 'binary': 'nova-compute',
                                         'status': 'disabled',
                                         'disabled_reason': 'maintenance'}}
    listed = admin_api.get('/v2.1/os-services?host=c1').body['services'][0]
    assert (listed['status'], listed['disabled_reason']) == ('disabled', 'maintenance')
    assert admin_api.put('/v2.1/os-services/enable', {
        'host': 'c1', 'binary': 'novum-compute'}).body['service']['status'] == 'enabled'
    assert admin_api.get('/v2.1/os-services?binary=novum-scheduler').body['services'] == []


def test_service_update_errors(admin_api):
    fixtures.register_compute('c1')
    assert admin_api.put('/v2.1/os-services/disable', {
        'host': 'nohost', 'binary': 'novum-compute'}).status == 404
    assert admin_api.put('/v2.1/os-services/explode', {
        'host': 'c1', 'binary': 'novum-compute'}).status == 404
    assert admin_api.put('/v2.1/os-services/disable', {
        'host': 'c1', 'binary': 'novum-conductor'}).status == 400
    # force-down exists from 2.11 on (before, forced_down is not even a valid field).
    assert admin_api.put('/v2.1/os-services/force-down', {
        'host': 'c1', 'binary': 'novum-compute'}).status == 404
    assert admin_api.put('/v2.1/os-services/force-down', {
        'host': 'c1', 'binary': 'novum-compute', 'forced_down': True}).status == 400
    response = admin_api.at_version('2.11').put('/v2.1/os-services/force-down', {
        'host': 'c1', 'binary': 'novum-compute', 'forced_down': True})
    assert response.body == {'service': {'host': 'c1', 'binary': 'nova-compute',
                                         'forced_down': True}}
    listed = admin_api.at_version('2.11').get('/v2.1/os-services').body['services'][0]
    assert (listed['state'], listed['forced_down']) == ('down', True)


def test_hypervisors(admin_api):
    _service, node = fixtures.register_compute('c1', vcpus=4, memory_mb=8192, local_gb=100)
    fixtures.register_compute('c2')
    listing = admin_api.get('/v2.1/os-hypervisors').body['hypervisors']
    assert listing[0] == {'id': node.id, 'hypervisor_hostname': 'c1', 'state': 'up',
                          'status': 'enabled'}
    detail = admin_api.get(f'/v2.1/os-hypervisors/{node.id}').body['hypervisor']
    assert (detail['vcpus'], detail['memory_mb'], detail['local_gb']) == (4, 8192, 100)
    assert detail['service']['host'] == 'c1'
    stats = admin_api.get('/v2.1/os-hypervisors/statistics').body['hypervisor_statistics']
    assert stats['count'] == 2 and stats['vcpus'] == 12
    assert admin_api.get('/v2.1/os-hypervisors/9999').status == 404
    found = admin_api.get('/v2.1/os-hypervisors/c2/search').body['hypervisors']
    assert [h['hypervisor_hostname'] for h in found] == ['c2']
    assert admin_api.get('/v2.1/os-hypervisors/zzz/search').status == 404
    assert admin_api.get('/v2.1/os-hypervisors/c1/servers').status == 200


def test_aggregates_start_empty_and_are_for_administrators(admin_api, api):
    # openstackclient's `hypervisor show` lists them.
    assert admin_api.get('/v2.1/os-aggregates').body == {'aggregates': []}
    response = admin_api.get('/v2.1/os-aggregates/1')
    assert response.status == 404
    assert response.body['itemNotFound']['message'] == 'Aggregate 1 could not be found.'
    assert api.get('/v2.1/os-aggregates').status == 403
    assert api.post('/v2.1/os-aggregates', {'aggregate': {'name': 'a'}}).status == 403


def test_hypervisor_detail_shows_the_host_ip_the_compute_recorded(admin_api):
    # Nova's compute records CONF.my_ip there; the API shows what the node has.
    _service, node = fixtures.register_compute('c1')
    assert admin_api.get('/v2.1/os-hypervisors/detail').body['hypervisors'][0][
        'host_ip'] is None
    node.host_ip = '192.0.2.10'
    node.save()
    assert admin_api.get('/v2.1/os-hypervisors/detail').body['hypervisors'][0][
        'host_ip'] == '192.0.2.10'
    assert admin_api.get(f'/v2.1/os-hypervisors/{node.id}').body['hypervisor'][
        'host_ip'] == '192.0.2.10'


# Zones, limits, quotas -----------------------------------------------------------------

def test_availability_zones(api, admin_api):
    fixtures.register_compute('c1')
    assert api.get('/v2.1/os-availability-zone').body == {'availabilityZoneInfo': [
        {'zoneName': 'nova', 'zoneState': {'available': True}, 'hosts': None}]}
    detail = admin_api.get('/v2.1/os-availability-zone/detail').body['availabilityZoneInfo']
    nova = next(zone for zone in detail if zone['zoneName'] == 'nova')
    assert nova['hosts']['c1']['nova-compute']['available'] is True


def test_limits_show_quota_and_usage(api, images, scheduler):
    api.post('/v2.1/servers', {'server': {'name': 'x', 'flavorRef': '2',
                                          'imageRef': fixtures.CIRROS_ID}})
    absolute = api.get('/v2.1/limits').body['limits']['absolute']
    assert absolute['maxTotalInstances'] == 10
    assert (absolute['totalInstancesUsed'], absolute['totalRAMUsed']) == (1, 2048)
    assert 'maxSecurityGroups' in absolute
    assert 'maxSecurityGroups' not in \
        api.at_version('2.36').get('/v2.1/limits').body['limits']['absolute']


def test_quota_sets_show_update_reset(api, admin_api):
    shown = api.get('/v2.1/os-quota-sets/demo').body['quota_set']
    assert shown['id'] == 'demo' and shown['instances'] == 10 and 'injected_files' in shown
    updated = admin_api.put('/v2.1/os-quota-sets/demo', {
        'quota_set': {'instances': 20, 'cores': 40, 'force': True}}).body['quota_set']
    assert (updated['instances'], updated['cores']) == (20, 40) and 'id' not in updated
    assert api.get('/v2.1/os-quota-sets/demo').body['quota_set']['instances'] == 20
    assert api.get('/v2.1/os-quota-sets/demo/defaults').body['quota_set']['instances'] == 10
    detail = api.get('/v2.1/os-quota-sets/demo/detail').body['quota_set']
    assert detail['instances'] == {'limit': 20, 'in_use': 0, 'reserved': 0}
    assert admin_api.delete('/v2.1/os-quota-sets/demo').status == 202
    assert api.get('/v2.1/os-quota-sets/demo').body['quota_set']['instances'] == 10
    assert 'floating_ips' not in \
        api.at_version('2.36').get('/v2.1/os-quota-sets/demo').body['quota_set']


# Images and the lookups the real clients make ------------------------------------------

def test_image_proxy(api, images):
    listing = api.get('/v2.1/images').body['images']
    assert [image['name'] for image in listing] == ['cirros', 'ubuntu']
    image = api.get(f'/v2.1/images/{fixtures.CIRROS_ID}').body['image']
    assert (image['status'], image['progress'], image['minDisk']) == ('ACTIVE', 100, 0)
    assert api.get('/v2.1/images/8a5b4dd1-3a5b-4a4c-9d8a-3d1c0e8d5d2a').status == 404


@pytest.mark.parametrize('prefix', ['/image', '/v2.1'])
def test_glance_v2_lookup_by_name_and_id(api, images, prefix):
    found = api.get(f'{prefix}/v2/images?name=ubuntu').body
    assert [image['id'] for image in found['images']] == [fixtures.UBUNTU_ID]
    assert api.get(f'{prefix}/v2/images?name=nope').body['images'] == []
    shown = api.get(f'{prefix}/v2/images/{fixtures.CIRROS_ID}').body
    assert (shown['name'], shown['status']) == ('cirros', 'active')
    assert api.get(f'{prefix}/v2/images/cirros').status == 404
    found = api.get(f'{prefix}/v2/images?id=in:{fixtures.CIRROS_ID},{fixtures.UBUNTU_ID}')
    assert len(found.body['images']) == 2


def test_image_service_version_document(api):
    body = api.as_user(None).get('/image').body
    assert body['versions'][0]['links'][0]['href'] == 'http://127.0.0.1:8774/image/v2/'


def test_identity_v3_version_document_without_token(api):
    response = api.as_user(None).get('/identity/v3')
    assert response.status == 200
    assert response.body['version']['id'].startswith('v3.')
    assert response.body['version']['links'][0]['href'] == \
        'http://127.0.0.1:8774/identity/v3/'
    assert api.as_user(None).get('/identity').body['versions']['values'][0]['status'] == \
        'stable'


def test_identity_project_lookup_under_noauth2(api):
    # What openstackclient does for --project NAME (usage show, quota show).
    project = api.get('/identity/v3/projects/demo').body['project']
    assert (project['id'], project['name'], project['domain_id']) == ('demo', 'demo', 'default')
    assert [p['id'] for p in api.get('/identity/v3/projects?name=p1').body['projects']] == \
        ['p1']
    assert api.get('/identity/v3/projects').body['projects'] == []
    assert api.get('/identity/v3/projects/a/b').status == 404


def test_services_show_and_accept_novas_binary_names(admin_api):
    # Tempest and the clients ask for nova-compute and expect it back.
    fixtures.register_compute('c1')
    services = admin_api.get('/v2.1/os-services?binary=nova-compute').body['services']
    assert [service['binary'] for service in services] == ['nova-compute']
    # The daemons' own names are accepted too.
    assert [s['binary'] for s in admin_api.get(
        '/v2.1/os-services?binary=novum-compute').body['services']] == ['nova-compute']
    response = admin_api.put('/v2.1/os-services/disable',
                             {'host': 'c1', 'binary': 'nova-compute'})
    assert response.body == {'service': {'host': 'c1', 'binary': 'nova-compute',
                                         'status': 'disabled'}}
    refused = admin_api.put('/v2.1/os-services/disable',
                            {'host': 'c1', 'binary': 'nova-scheduler'})
    assert refused.status == 400
    assert 'Only nova-compute services can be updated' in refused.body['badRequest']['message']


def test_hypervisor_uptime(admin_api):
    _service, node = fixtures.register_compute('c1')
    body = admin_api.get(f'/v2.1/os-hypervisors/{node.id}/uptime').body['hypervisor']
    assert ' up 0 days, ' in body['uptime']
    assert body['hypervisor_hostname'] == 'c1'


def test_admin_sees_private_flavors_with_is_public_none(admin_api, api):
    admin_api.post('/v2.1/flavors', {'flavor': {
        'name': 'private', 'ram': 64, 'vcpus': 1, 'disk': 0, 'id': 'p1',
        'os-flavor-access:is_public': False}})
    assert 'p1' not in [f['id'] for f in admin_api.get('/v2.1/flavors').body['flavors']]
    assert 'p1' in [f['id'] for f in
                    admin_api.get('/v2.1/flavors?is_public=none').body['flavors']]
    assert 'p1' not in [f['id'] for f in
                        api.get('/v2.1/flavors?is_public=none').body['flavors']]
    assert admin_api.get('/v2.1/flavors?is_public=maybe').status == 400
