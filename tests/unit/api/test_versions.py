"""Version discovery and microversion negotiation."""

import pytest

from tests.unit.api import fixtures


def test_root_lists_v20_first_then_v21_with_min_and_max_version(api):
    # Tempest's test_list_api_versions: "The first listed version should be v2.0".
    response = api.get('/')
    assert response.status == 200
    legacy, version = response.body['versions']
    assert (legacy['id'], legacy['status'], legacy['version']) == ('v2.0', 'DEPRECATED', '')
    assert legacy['links'] == [{'rel': 'self', 'href': 'http://127.0.0.1:8774/v2/'}]
    assert version['id'] == 'v2.1'
    assert (version['min_version'], version['version']) == ('2.1', '2.37')
    assert version['links'][0]['href'] == 'http://127.0.0.1:8774/v2.1/'


@pytest.mark.parametrize('version_id', ['v2.0', 'v2.1'])
def test_each_listed_self_link_serves_its_version_document(api, version_id):
    # Tempest's test_get_version_details follows every self link with a token.
    listed = next(v for v in api.get('/').body['versions'] if v['id'] == version_id)
    path = listed['links'][0]['href'].replace('http://127.0.0.1:8774', '')
    document = api.get(path).body['version']
    assert document['id'] == version_id
    assert [link for link in document['links'] if link['rel'] == 'self'] == listed['links']


def test_legacy_v2_serves_the_api_without_microversions(api):
    response = api.get('/v2/flavors', headers={'OpenStack-API-Version': 'compute 2.30'})
    assert response.status == 200
    assert 'OpenStack-API-Version' not in response.headers
    assert 'X-OpenStack-Nova-API-Version' not in response.headers
    flavor = response.body['flavors'][0]
    assert flavor['links'][0]['href'] == f"http://127.0.0.1:8774/v2/flavors/{flavor['id']}"
    assert api.get('/v2/demo/flavors').status == 200
    assert api.as_user(None).get('/v2/flavors').status == 401
    assert api.get('/v2/servers/nope').status == 404


@pytest.mark.parametrize('path', ['/v2.1', '/v2.1/'])
def test_v21_document_with_and_without_trailing_slash(api, path):
    response = api.get(path)
    assert response.status == 200
    assert response.body['version']['id'] == 'v2.1'
    assert response.body['version']['media-types'][0]['type'] == \
        'application/vnd.openstack.compute+json;version=2.1'


def test_version_document_needs_no_token(api):
    assert api.as_user(None).get('/v2.1').status == 200
    assert api.as_user(None).get('/v2.1/').status == 200
    assert api.as_user(None).get('/').status == 200


def test_no_token_is_401_below_v21(api):
    response = api.as_user(None).get('/v2.1/flavors')
    assert response.status == 401
    assert response.body['unauthorized']['code'] == 401


def test_default_version_is_21_and_echoed_in_headers(api):
    response = api.get('/v2.1/flavors')
    assert response.headers['OpenStack-API-Version'] == 'compute 2.1'
    assert response.headers['X-OpenStack-Nova-API-Version'] == '2.1'
    assert 'OpenStack-API-Version' in response.raw.headers.getall('Vary')
    assert 'X-OpenStack-Nova-API-Version' in response.raw.headers.getall('Vary')


def test_latest_means_max(api):
    response = api.at_version('latest').get('/v2.1/flavors')
    assert response.headers['OpenStack-API-Version'] == 'compute 2.37'


def test_legacy_header_is_honoured(api):
    response = api.get('/v2.1/flavors', headers={'X-OpenStack-Nova-API-Version': '2.11'})
    assert response.headers['X-OpenStack-Nova-API-Version'] == '2.11'


def test_new_header_wins_over_legacy(api):
    response = api.get('/v2.1/flavors', headers={'OpenStack-API-Version': 'compute 2.5',
                                                  'X-OpenStack-Nova-API-Version': '2.11'})
    assert response.headers['X-OpenStack-Nova-API-Version'] == '2.5'


def test_other_services_in_the_header_are_ignored(api):
    response = api.get('/v2.1/flavors',
                       headers={'OpenStack-API-Version': 'volume 3.5, compute 2.20'})
    assert response.headers['OpenStack-API-Version'] == 'compute 2.20'


@pytest.mark.parametrize('version', ['2.38', '3.0', '2.0', '1.1'])
def test_version_out_of_range_is_406(api, version):
    response = api.at_version(version).get('/v2.1/flavors')
    assert response.status == 406
    assert response.body == {'computeFault': {
        'code': 406,
        'message': f'Version {version} is not supported by the API. Minimum is 2.1 and '
                   f'maximum is 2.37.'}}


@pytest.mark.parametrize('version', ['2', 'abc', '2.01', '2.x', ''])
def test_malformed_version_is_400(api, version):
    response = api.get('/v2.1/flavors', headers={'X-OpenStack-Nova-API-Version': version})
    if version == '':
        assert response.status == 200    # an empty header is no header
        return
    assert response.status == 400
    assert response.body['badRequest']['message'] == (
        f'API Version String {version} is of invalid format. Must be of format '
        f'MajorNum.MinorNum.')


def test_method_missing_at_a_version_is_404(api, images):
    assert api.at_version('2.35').get('/v2.1/images').status == 200
    response = api.at_version('2.36').get('/v2.1/images')
    assert response.status == 404
    assert response.body['itemNotFound']['code'] == 404


def test_unknown_path_is_404_and_wrong_method_405(api):
    assert api.get('/v2.1/no-such-thing').status == 404
    response = api.request('PATCH', '/v2.1/flavors')
    assert response.status == 405
    assert response.body['badMethod']['code'] == 405
    assert response.headers['Allow'] == 'GET, POST'


def test_request_id_headers(api):
    response = api.get('/v2.1/flavors')
    assert response.headers['x-openstack-request-id'].startswith('req-')
    assert response.headers['x-compute-request-id'] == \
        response.headers['x-openstack-request-id']


def test_project_id_in_url_is_accepted_and_kept_in_links(api):
    response = api.get('/v2.1/demo/flavors')
    assert response.status == 200
    assert response.body['flavors'][0]['links'][0]['href'] == \
        'http://127.0.0.1:8774/v2.1/demo/flavors/1'


def test_other_project_id_in_url_is_400(api):
    # Nova's project id token is [0-9a-f-]+ (and Novum takes the caller's own too).
    response = api.get('/v2.1/0123abcd-ef/flavors')
    assert response.status == 400
    assert "doesn't match Context's project_id" in response.body['badRequest']['message']


@pytest.mark.parametrize('path', [
    '/v2.1/other/flavors',                  # not a project id token: no route
    '/v2.1/v2.0/extensions',
    '/v2.1/0123abcd/no-such-thing',         # a project id, but the rest is no route
    '/v2.1/demo/no-such-thing',
    '/v2.1/os-no-such-thing/0123abcd',
])
def test_path_matching_no_route_is_novas_404(api, path):
    response = api.get(path, headers={'Accept': 'application/json'})
    assert response.status == 404
    assert response.body['title'] == 'Not Found'
    assert response.body['message'].startswith('The resource could not be found.')


def test_project_id_prefix_also_before_nested_routes(admin_api):
    response = admin_api.get('/v2.1/admin/flavors/1/os-extra_specs')
    assert response.status == 200
    assert response.body == {'extra_specs': {}}


def test_the_response_request_id_is_the_one_recorded_in_the_server_action(
        api, images, scheduler):
    global_id = 'req-11111111-2222-3333-4444-555555555555'
    response = api.post('/v2.1/servers', {'server': {
        'name': 'g', 'flavorRef': '1', 'imageRef': fixtures.CIRROS_ID}},
        headers={'X-OpenStack-Request-ID': global_id})
    assert response.headers['x-openstack-request-id'] != global_id
    server_id = response.body['server']['id']
    action = api.get(f'/v2.1/servers/{server_id}/os-instance-actions').body[
        'instanceActions'][0]
    assert action['request_id'] == response.headers['x-openstack-request-id']
