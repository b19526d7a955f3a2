"""The `novum` CLI against an HTTP stub of the compute API: requests as novaclient sends
them, tables and JSON, --wait with its progress, and one-line errors with exit code 1."""

import json
import socket

from novum.cli import main


def run(capsys, *argv):
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_requests_carry_noauth_token_and_microversion_headers_like_novaclient(
        nova_stub, capsys):
    code, _out, _err = run(capsys, 'list')
    assert code == 0
    request = nova_stub.requests[-1]
    assert request['path'] == '/v2.1/servers/detail'
    assert request['headers']['x-auth-token'] == 'demo:demo'
    assert request['headers']['x-openstack-nova-api-version'] == '2.37'
    assert request['headers']['openstack-api-version'] == 'compute 2.37'
    assert request['headers']['accept'] == 'application/json'


def test_noauth_token_comes_from_os_username_and_project(nova_stub, capsys, monkeypatch):
    monkeypatch.setenv('OS_USERNAME', 'admin')
    monkeypatch.setenv('OS_PROJECT_NAME', 'ops')
    assert run(capsys, 'list')[0] == 0
    assert nova_stub.requests[-1]['headers']['x-auth-token'] == 'admin:ops'
    assert run(capsys, '--os-token', 'alice:p1', 'list')[0] == 0
    assert nova_stub.requests[-1]['headers']['x-auth-token'] == 'alice:p1'


def test_list_filters_become_query_parameters(nova_stub, capsys):
    code, out, _err = run(capsys, 'list', '--all-tenants', '--status', 'ACTIVE',
                          '--name', 'vm')
    assert code == 0
    assert nova_stub.requests[-1]['query'] == {'all_tenants': '1', 'status': 'ACTIVE',
                                               'name': 'vm'}
    assert 'Tenant ID' in out


def test_boot_wait_shows_each_build_step_and_ends_active(nova_stub, capsys):
    code, out, err = run(capsys, 'boot', '--flavor', 'm1.tiny', '--image', 'cirros',
                         '--meta', 'role=web', '--wait', '--poll-interval', '0.01', 'vm1')
    assert code == 0, err
    post = next(r for r in nova_stub.requests if r['method'] == 'POST')
    assert post['body'] == {'server': {'name': 'vm1', 'flavorRef': '1',
                                       'imageRef': '155d900f-4e14-4e4c-a73d-069cbf4541e6',
                                       'metadata': {'role': 'web'}, 'networks': 'none'}}
    steps = [line.split()[-1] for line in err.splitlines()]
    assert steps == ['scheduling', 'networking', 'block_device_mapping', 'spawning', 'ACTIVE']
    assert '100% ACTIVE' in err.splitlines()[-1]
    assert '| status ' in out and 'ACTIVE' in out
    assert 'm1.tiny (1)' in out and 'cirros (155d900f' in out
    # The image was looked up through the image proxy, which ends at microversion 2.35.
    image_request = next(r for r in nova_stub.requests if r['path'].startswith('/v2.1/images'))
    assert image_request['headers']['x-openstack-nova-api-version'] == '2.35'
    assert image_request['headers']['openstack-api-version'] == 'compute 2.35'


def test_boot_wait_reports_the_fault_of_a_server_in_error(nova_stub, capsys):
    nova_stub.fail_build = True
    code, _out, err = run(capsys, 'boot', '--flavor', '1', '--image', 'cirros', '--wait',
                          '--poll-interval', '0.01', 'vm1')
    assert code == 1
    last = err.strip().splitlines()[-1]
    assert last.startswith('ERROR (ResourceInErrorState): Server vm1 (')
    assert last.endswith('is in ERROR state: No valid host was found. RamFilter removed 1 '
                         'of 1 hosts')


def test_unknown_flavor_is_one_line_error_exit_1(nova_stub, capsys):
    code, out, err = run(capsys, 'boot', '--flavor', 'm9.huge', '--image', 'cirros', 'vm1')
    assert code == 1
    assert out == ''
    assert err == "ERROR (CommandError): No flavor with a name or ID of 'm9.huge' exists.\n"
    assert not any(r['method'] == 'POST' for r in nova_stub.requests)


def test_api_error_message_code_and_request_id_in_one_line(nova_stub, capsys):
    missing = '6f1b2a9e-0000-4000-8000-000000000000'
    code, _out, err = run(capsys, 'flavor-show', '--format', 'json', 'nope')
    assert code == 1
    assert err == "ERROR (CommandError): No flavor with a name or ID of 'nope' exists.\n"
    code, _out, err = run(capsys, 'delete', missing)
    assert code == 1
    assert err == (f"ERROR (CommandError): Delete for server {missing} failed: No server "
                   f"with a name or ID of '{missing}' exists.\n")


def test_http_errors_print_nova_message_with_status_and_request_id(nova_stub, capsys):
    code, _out, err = run(capsys, 'hypervisor-stats')
    assert code == 1
    assert err == ('ERROR (NotFound): The resource could not be found. (HTTP 404) '
                   '(Request-ID: req-stub-1)\n')


def test_api_down_is_connection_refused_exit_1(capsys, monkeypatch):
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        port = sock.getsockname()[1]
    monkeypatch.delenv('OS_AUTH_URL', raising=False)
    monkeypatch.setenv('OS_COMPUTE_API', f'http://127.0.0.1:{port}/v2.1')
    code, _out, err = run(capsys, 'list')
    assert code == 1
    assert err == (f'ERROR (ConnectionRefused): Unable to establish connection to '
                   f'http://127.0.0.1:{port}/v2.1/servers/detail: Connection refused\n')


def test_older_api_gets_the_version_it_declares(nova_stub, capsys):
    nova_stub.max_version = '2.25'
    code, _out, err = run(capsys, 'list')
    assert code == 0, err
    versions = [r['headers'].get('x-openstack-nova-api-version') for r in nova_stub.requests]
    assert versions == ['2.37', None, '2.25']
    assert 'openstack-api-version' not in nova_stub.requests[-1]['headers']


def test_json_format_is_parseable(nova_stub, capsys):
    code, out, _err = run(capsys, 'flavor-list', '--format', 'json')
    assert code == 0
    flavors = json.loads(out)
    assert [f['Name'] for f in flavors] == ['m1.tiny', 'm1.small']
    assert flavors[0]['Swap'] == 0
    code, out, _err = run(capsys, 'image-list', '--format', 'json')
    assert json.loads(out)[0]['Name'] == 'cirros'


def test_show_and_delete_by_name(nova_stub, capsys):
    assert run(capsys, 'boot', '--flavor', 'm1.tiny', '--image', 'cirros', 'web1')[0] == 0
    code, out, _err = run(capsys, 'show', '--format', 'json', 'web1')
    assert code == 0
    server = json.loads(out)
    assert server['name'] == 'web1'
    code, out, _err = run(capsys, 'delete', '--wait', '--poll-interval', '0.01', 'web1')
    assert code == 0
    assert out.splitlines() == ['Request to delete server web1 has been accepted.',
                                'Server web1 deleted.']
    assert nova_stub.servers == {}


def test_auto_version_uses_the_highest_both_speak(nova_stub, capsys):
    nova_stub.max_version = '2.30'
    assert run(capsys, '--os-compute-api-version', 'auto', 'list')[0] == 0
    assert nova_stub.requests[0]['path'] == '/v2.1'
    assert nova_stub.requests[-1]['headers']['openstack-api-version'] == 'compute 2.30'
    nova_stub.requests.clear()
    nova_stub.max_version = '2.96'
    assert run(capsys, '--os-compute-api-version', 'auto', 'list')[0] == 0
    assert nova_stub.requests[-1]['headers']['openstack-api-version'] == 'compute 2.37'


def test_bad_version_is_a_command_error(nova_stub, capsys):
    code, _out, err = run(capsys, '--os-compute-api-version', 'two', 'list')
    assert code == 1
    assert err == ("ERROR (CommandError): Invalid compute API version 'two': use "
                   "MAJOR.MINOR (e.g. 2.37) or 'auto'.\n")


def test_admin_token_auth_type_sends_the_token_even_with_os_auth_url(
        nova_stub, capsys, monkeypatch):
    # novaclient's noauth recipe: admin_token with OS_AUTH_URL set never calls Keystone.
    monkeypatch.setenv('OS_AUTH_URL', 'http://127.0.0.1:1/v3')
    monkeypatch.setenv('OS_AUTH_TYPE', 'admin_token')
    monkeypatch.setenv('OS_TOKEN', 'admin:admin')
    assert run(capsys, 'list')[0] == 0
    assert nova_stub.requests[-1]['headers']['x-auth-token'] == 'admin:admin'


def test_boot_min_max_count_waits_for_every_server_of_the_reservation(nova_stub, capsys):
    code, out, err = run(capsys, 'boot', '--flavor', '1', '--image', 'cirros',
                         '--min-count', '2', '--wait', '--poll-interval', '0.01',
                         '--format', 'json', 'pair')
    assert code == 0, err
    post = next(r for r in nova_stub.requests if r['method'] == 'POST')
    server = post['body']['server']
    assert (server['min_count'], server['max_count'], server['return_reservation_id']) == (
        2, 2, True)
    assert sorted((s['Name'], s['Status']) for s in json.loads(out)) == [
        ('pair-1', 'ACTIVE'), ('pair-2', 'ACTIVE')]
    assert {line.split()[0] for line in err.splitlines()} == {'pair-1', 'pair-2'}
