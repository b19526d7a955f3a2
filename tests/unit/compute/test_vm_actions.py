"""Pause, suspend, rescue and the console log through the whole pipeline in one process
(compute API -> compute manager over fake://, FakeDriver), on SQLite."""

import pytest

from novum import exception, objects
from novum.compute import power_state, states, vm_states
from tests.unit.compute import test_pipeline

cloud = test_pipeline.cloud     # the in-process pipeline fixture

# (action, its inverse, the power_state FakeDriver reports in between)
ROUND_TRIPS = [
    (states.PAUSE, states.UNPAUSE, power_state.PAUSED),
    (states.SUSPEND, states.RESUME, power_state.SUSPENDED),
    (states.RESCUE, states.UNRESCUE, power_state.RUNNING),
]


def _run(cloud, action: states.Action, instance):
    getattr(cloud.api, action.name)(cloud.ctxt, instance)
    assert instance.task_state == action.task_state
    return cloud.wait(instance, until=lambda i: i.task_state is None)


@pytest.mark.parametrize('action, inverse, paused_state', ROUND_TRIPS,
                         ids=[trip[0].name for trip in ROUND_TRIPS])
def test_action_and_its_inverse_round_trip(cloud, action, inverse, paused_state):
    instance = cloud.wait(cloud.boot()[0][0])

    done = _run(cloud, action, instance)
    assert (done.vm_state, done.power_state) == (action.vm_state_after, paused_state)
    with pytest.raises(exception.InstanceInvalidState):    # not twice in a row
        getattr(cloud.api, action.name)(cloud.ctxt, done)

    back = _run(cloud, inverse, done)
    assert (back.vm_state, back.power_state) == (vm_states.ACTIVE, power_state.RUNNING)
    actions = {a.action: a for a in objects.InstanceActionList.get_by_instance_uuid(
        cloud.admin, instance.uuid)}
    assert sorted(actions) == sorted(['create', action.instance_action,
                                      inverse.instance_action])
    for recorded in (action, inverse):
        events = objects.InstanceActionEventList.get_by_action(
            cloud.admin, actions[recorded.instance_action].id)
        assert [(e.event, e.result, e.host) for e in events] == [
            (recorded.event, 'Success', back.host)]


def test_rescue_of_a_stopped_server_and_with_an_image_that_does_not_exist(cloud):
    instance = cloud.wait(cloud.boot()[0][0])
    cloud.api.stop(cloud.ctxt, instance)
    stopped = cloud.wait(instance, until=lambda i: i.task_state is None)

    with pytest.raises(exception.UnsupportedRescueImage):
        cloud.api.rescue(cloud.ctxt, stopped,
                         rescue_image_ref='9e6c4a52-0000-4000-8000-000000000000')
    assert cloud.wait(stopped).task_state is None      # refused before any state change
    rescued = _run(cloud, states.RESCUE, stopped)
    assert rescued.vm_state == vm_states.RESCUED


def test_console_output_is_the_drivers_log_tailed_to_length(cloud):
    instance = cloud.wait(cloud.boot()[0][0])

    whole = cloud.api.get_console_output(cloud.ctxt, instance)
    assert whole.startswith(f'FAKE CONSOLE OUTPUT of {instance.uuid} on {instance.host}')
    assert cloud.api.get_console_output(cloud.ctxt, instance, 2) == \
        '\n'.join(whole.split('\n')[-2:])
    assert cloud.api.get_console_output(cloud.ctxt, instance, 0) == ''
    assert cloud.api.get_console_output(cloud.ctxt, instance, -1) == whole


def test_console_output_of_a_server_without_a_host_is_409(cloud):
    instance = objects.Instance(uuid='0b0c4a52-0000-4000-8000-000000000000', host=None)
    with pytest.raises(exception.InstanceNotReady) as error:
        cloud.api.get_console_output(cloud.ctxt, instance)
    assert error.value.code == 409


def test_create_image_walks_the_snapshot_states_and_makes_an_active_private_image(cloud):
    instance = cloud.wait(cloud.boot()[0][0])
    seen = []
    original = cloud.computes[instance.host].driver.snapshot

    def snapshot(context, inst, image):
        seen.append(objects.Instance.get_by_uuid(cloud.admin, inst.uuid).task_state)
        original(context, inst, image)
    cloud.computes[instance.host].driver.snapshot = snapshot

    image = cloud.api.snapshot(cloud.ctxt, instance, 'snap1', {'purpose': 'backup'})
    assert (image.status, instance.task_state) == ('queued', 'image_snapshot_pending')
    done = cloud.wait(instance, until=lambda i: i.task_state is None)
    assert done.vm_state == vm_states.ACTIVE
    assert seen == ['image_uploading']
    uploaded = objects.ImageMeta.get_by_id(cloud.admin, image.id)
    assert (uploaded.status, uploaded.visibility, uploaded.owner) == ('active', 'private', 'p1')
    assert uploaded.properties['image_type'] == 'snapshot'
    assert uploaded.properties['instance_uuid'] == instance.uuid
    assert uploaded.properties['purpose'] == 'backup'
    assert uploaded.size and uploaded.disk_format == 'qcow2'
    actions = {a.action: a for a in objects.InstanceActionList.get_by_instance_uuid(
        cloud.admin, instance.uuid)}
    events = objects.InstanceActionEventList.get_by_action(cloud.admin,
                                                           actions['createImage'].id)
    assert [(e.event, e.result) for e in events] == [('compute_snapshot_instance', 'Success')]


def test_failed_snapshot_deletes_the_image_and_keeps_the_instance_usable(cloud):
    instance = cloud.wait(cloud.boot()[0][0])

    def broken(context, inst, image):
        raise RuntimeError('disk read error')
    cloud.computes[instance.host].driver.snapshot = broken

    image = cloud.api.snapshot(cloud.ctxt, instance, 'snap2')
    done = cloud.wait(instance, until=lambda i: i.task_state is None)
    assert (done.vm_state, done.task_state) == (vm_states.ACTIVE, None)
    with pytest.raises(exception.ImageNotFound):
        objects.ImageMeta.get_by_id(cloud.admin, image.id)


def test_snapshot_refused_by_state_leaves_no_image(cloud):
    instance = cloud.wait(cloud.boot()[0][0])
    cloud.api.pause(cloud.ctxt, instance)   # task_state pausing: not None
    before = len(objects.ImageMetaList.get_all(cloud.admin))
    with pytest.raises(exception.InstanceInvalidState):
        cloud.api.snapshot(cloud.ctxt, instance, 'snap3')
    assert len(objects.ImageMetaList.get_all(cloud.admin)) == before


def test_rebuild_walks_its_states_and_takes_the_new_image(cloud):
    instance = cloud.wait(cloud.boot()[0][0])
    new_image = cloud.image(purpose='rebuilt')
    seen = []
    original = cloud.computes[instance.host].driver.spawn

    def spawn(context, inst, image):
        seen.append(objects.Instance.get_by_uuid(cloud.admin, inst.uuid).task_state)
        original(context, inst, image)
    cloud.computes[instance.host].driver.spawn = spawn

    cloud.api.rebuild(cloud.ctxt, instance, new_image, 'pw',
                      {'display_name': 'renamed', 'metadata': {'a': 'b'}})
    assert instance.task_state == 'rebuilding'
    done = cloud.wait(instance, until=lambda i: i.task_state is None)
    assert (done.vm_state, done.power_state, done.image_ref, done.display_name,
            done.metadata) == (vm_states.ACTIVE, power_state.RUNNING, new_image, 'renamed',
                               {'a': 'b'})
    assert seen == ['rebuild_spawning']
    assert done.host == instance.host
    node = cloud.node(done.host)
    assert (node.memory_mb_used, node.running_vms) == (512, 1)     # nothing claimed twice


def test_rebuild_of_a_stopped_server_ends_stopped(cloud):
    instance = cloud.wait(cloud.boot()[0][0])
    cloud.api.stop(cloud.ctxt, instance)
    stopped = cloud.wait(instance, until=lambda i: i.task_state is None)
    cloud.api.rebuild(cloud.ctxt, stopped, stopped.image_ref, None)
    done = cloud.wait(stopped, until=lambda i: i.task_state is None)
    assert (done.vm_state, done.power_state) == (vm_states.STOPPED, power_state.SHUTDOWN)


def test_rebuild_to_an_image_the_host_refuses_restores_the_image_and_faults(cloud):
    instance = cloud.wait(cloud.boot()[0][0])
    alien = cloud.image(img_hv_type='xen')      # FakeDriver's hosts are not xen
    cloud.api.rebuild(cloud.ctxt, instance, alien, None)
    done = cloud.wait(instance, until=lambda i: i.task_state is None)
    assert (done.vm_state, done.image_ref) == (vm_states.ERROR, cloud.images['plain'])
    assert 'ImagePropertiesFilter removed 1 of 1 hosts' in done.fault.message


def test_rebuild_whose_spawn_fails_ends_in_error_with_a_fault(cloud):
    instance = cloud.wait(cloud.boot()[0][0])
    failing = cloud.image(novum_fake_spawn_fail='true')
    cloud.api.rebuild(cloud.ctxt, instance, failing, None)
    done = cloud.wait(instance, until=lambda i: i.task_state is None)
    assert done.vm_state == vm_states.ERROR
    assert 'Fake spawn failure' in done.fault.message
