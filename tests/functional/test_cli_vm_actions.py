"""pause/unpause, suspend/resume, rescue/unrescue and console-log through the `novum` CLI,
as a separate process against real daemons on RabbitMQ and MariaDB; each state a client
sees through the API, and each action recorded."""

import pytest

from tests.functional import test_cli

pytestmark = pytest.mark.functional


@pytest.fixture(scope='module')
def cloud(tmp_path_factory):
    cloud = test_cli.Cloud(tmp_path_factory.mktemp('cli-vm-actions'))
    try:
        cloud.start()
        yield cloud
    finally:
        cloud.stop()


@pytest.mark.parametrize('action, status, inverse', [
    ('pause', 'PAUSED', 'unpause'), ('suspend', 'SUSPENDED', 'resume'),
    ('rescue', 'RESCUE', 'unrescue')])
def test_action_and_inverse_with_wait(cloud, action, status, inverse):
    name = f'{action}-vm'
    server = cloud.boot(name)
    cloud.run(action, '--wait', '--poll-interval', '0.1', name)
    shown = cloud.json('show', name)
    assert (shown['status'], shown['OS-EXT-STS:task_state']) == (status, None)
    with_refusal = cloud.run(action, name, check=False)     # not from that state
    assert with_refusal.returncode == 1
    assert f"Cannot '{action}' instance {server['id']}" in with_refusal.stderr
    cloud.run(inverse, '--wait', '--poll-interval', '0.1', name)
    assert cloud.json('show', name)['status'] == 'ACTIVE'
    actions = {a['Action'] for a in cloud.json('instance-action-list', name)}
    assert {'create', action, inverse} <= actions
    cloud.run('delete', '--wait', name)


def test_rescue_prints_the_password_it_was_given(cloud):
    cloud.boot('rescue-pw')
    answer = cloud.json('rescue', '--password', 'S3cret-pw', '--wait', 'rescue-pw')
    assert answer == {'adminPass': 'S3cret-pw'}
    cloud.run('unrescue', '--wait', 'rescue-pw')
    cloud.run('delete', '--wait', 'rescue-pw')


def test_console_log_is_asked_of_the_compute_and_tailed(cloud):
    server = cloud.boot('console-vm')
    whole = cloud.run('console-log', 'console-vm').stdout.rstrip('\n').split('\n')
    assert whole[0] == f"FAKE CONSOLE OUTPUT of {server['id']} on {cloud.host}"
    assert cloud.run('console-log', '--length', '2', 'console-vm').stdout.rstrip(
        '\n').split('\n') == whole[-2:]
    cloud.run('delete', '--wait', 'console-vm')


def test_image_create_poll_makes_an_active_snapshot_the_owner_can_boot(cloud):
    server = cloud.boot('snap-src')
    image = cloud.json('image-create', '--poll', '--metadata', 'purpose=test', 'snap-src',
                       'snap-of-src')
    assert (image['name'], image['status'], image['metadata']['image_type'],
            image['metadata']['instance_uuid'], image['metadata']['purpose']) == (
        'snap-of-src', 'ACTIVE', 'snapshot', server['id'], 'test')
    assert cloud.json('show', 'snap-src')['status'] == 'ACTIVE'
    booted = cloud.json('boot', '--flavor', 'm1.tiny', '--image', image['id'], '--wait',
                        '--poll-interval', '0.1', 'from-snap')
    assert booted['status'] == 'ACTIVE'
    assert cloud.run('image-list', user='other').stdout.count('snap-of-src') == 0
    for name in ('from-snap', 'snap-src'):
        cloud.run('delete', '--wait', name)


def test_rebuild_poll_reimages_the_server_in_place(cloud):
    server = cloud.boot('rebuild-vm')
    hypervisors_before = cloud.json('hypervisor-list', user='admin')
    rebuilt = cloud.json('rebuild', '--poll', '--poll-interval', '0.1', '--name',
                         'rebuilt-vm', '--meta', 'k=v', '--rebuild-password', 'Pw-123456',
                         'rebuild-vm', 'cirros')
    assert (rebuilt['id'], rebuilt['name'], rebuilt['status'], rebuilt['metadata'],
            rebuilt['adminPass']) == (server['id'], 'rebuilt-vm', 'ACTIVE', {'k': 'v'},
                                      'Pw-123456')
    assert cloud.json('show', server['id'], user='admin')['OS-EXT-SRV-ATTR:host'] == \
        cloud.host
    actions = [a['Action'] for a in cloud.json('instance-action-list', 'rebuilt-vm')]
    assert 'rebuild' in actions
    assert cloud.json('hypervisor-list', user='admin') == hypervisors_before
    cloud.run('delete', '--wait', 'rebuilt-vm')
