"""The server tag, server group and aggregate commands send what novaclient sends."""

from novum.cli import main


def run(capsys, *argv):
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _answer(nova_stub, answers: dict):
    """Answer (method, path) from `answers`, anything else as the stub does."""
    route = nova_stub.route
    nova_stub.route = lambda request: answers.get(
        (request['method'], request['path'])) or route(request)


def test_boot_hint_becomes_os_scheduler_hints(nova_stub, capsys):
    code, _out, err = run(capsys, 'boot', '--flavor', 'm1.tiny', '--image', 'cirros',
                          '--hint', 'group=b5d0c4a5-6a0e-4a3f-9d55-0f6c1e0d2b11', 'vm1')
    assert code == 0, err
    post = next(r for r in nova_stub.requests if r['method'] == 'POST')
    assert post['body']['os:scheduler_hints'] == {
        'group': 'b5d0c4a5-6a0e-4a3f-9d55-0f6c1e0d2b11'}


def test_server_tag_add_puts_each_tag_at_2_26(nova_stub, capsys):
    run(capsys, 'boot', '--flavor', 'm1.tiny', '--image', 'cirros', 'vm1')
    server_id = next(iter(nova_stub.servers))
    _answer(nova_stub, {('PUT', f'/v2.1/servers/{server_id}/tags/{tag}'): (201, None)
                        for tag in ('a', 'b')})
    code, _out, err = run(capsys, 'server-tag-add', server_id, 'a', 'b')
    assert code == 0, err
    puts = [r for r in nova_stub.requests if r['method'] == 'PUT']
    assert [r['path'].rsplit('/', 1)[-1] for r in puts] == ['a', 'b']
    assert {r['headers']['x-openstack-nova-api-version'] for r in puts} == {'2.37'}


def test_server_group_create_and_aggregate_set_metadata_bodies(nova_stub, capsys):
    group = {'id': 'g1', 'name': 'web', 'policies': ['soft-anti-affinity'], 'members': []}
    aggregate = {'id': 3, 'name': 'rack', 'availability_zone': None, 'hosts': [],
                 'metadata': {}}
    _answer(nova_stub, {('POST', '/v2.1/os-server-groups'): (200, {'server_group': group}),
                        ('GET', '/v2.1/os-aggregates/3'): (200, {'aggregate': aggregate}),
                        ('POST', '/v2.1/os-aggregates/3/action'): (200, {
                            'aggregate': aggregate})})
    code, out, err = run(capsys, 'server-group-create', 'web', 'soft-anti-affinity')
    assert code == 0, err
    assert 'soft-anti-affinity' in out
    assert nova_stub.requests[-1]['body'] == {'server_group': {
        'name': 'web', 'policies': ['soft-anti-affinity']}}
    code, _out, err = run(capsys, 'aggregate-set-metadata', '3', 'ssd=true', 'gpu')
    assert code == 0, err
    assert nova_stub.requests[-1]['body'] == {'set_metadata': {
        'metadata': {'ssd': 'true', 'gpu': None}}}
