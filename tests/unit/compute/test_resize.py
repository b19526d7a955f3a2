"""Resize, cold migration, confirm and revert through the whole pipeline in one process
(compute API -> conductor use_local -> scheduler -> two computes over fake://, SQLite):
the states each step leaves, the Migration record, and both hosts' usage at every
stage, including after each failure and after the periodic recount."""

import time

import pytest

from novum import conf, context, exception, objects
from novum.compute import migration_states, power_state, task_states, vm_states
from tests.unit.compute.test_pipeline import HOSTS, SMALL, TINY

CONF = conf.CONF
IDLE = (0, 0, 0, 0)
TINY_USAGE = (512, 1, 1, 1)      # memory_mb, vcpus, local_gb, running_vms
SMALL_USAGE = (2048, 1, 20, 1)


def request(cloud):
    """A new request of the cloud's user: its own request id, so its action events
    are not filed under the boot's action."""
    return context.RequestContext(user_id=cloud.ctxt.user_id,
                                  project_id=cloud.ctxt.project_id)


def usage(cloud, host: str) -> tuple:
    node = cloud.node(host)
    return node.memory_mb_used, node.vcpus_used, node.local_gb_used, node.running_vms


def usages(cloud) -> dict:
    return {host: usage(cloud, host) for host in HOSTS}


def recount(cloud) -> dict:
    """Run every compute's periodic usage recount, then read the usage back."""
    for manager in cloud.computes.values():
        manager.update_available_resource(cloud.admin)
    return usages(cloud)


def events(cloud, instance, action_name: str) -> list[str]:
    """The events of the instance's action `action_name`, in order."""
    (action,) = [action for action in objects.InstanceActionList.get_by_instance_uuid(
        cloud.admin, instance.uuid) if action.action == action_name]
    return [event.event for event in
            objects.InstanceActionEventList.get_by_action(cloud.admin, action.id)]


def other(host: str) -> str:
    return next(name for name in HOSTS if name != host)


def booted(cloud, **kwargs):
    (instance,), _ = cloud.boot(**kwargs)
    done = cloud.wait(instance)
    assert done.vm_state == vm_states.ACTIVE
    return done


def migration_of(cloud, instance):
    (migration,) = objects.MigrationList.get_by_filters(cloud.admin,
                                                        {'instance_uuid': instance.uuid})
    return migration


def resized(cloud, instance):
    return cloud.wait(instance, until=lambda i: i.vm_state == vm_states.RESIZED or
                      (i.task_state is None and i.vm_state != instance.vm_state) or
                      i.vm_state == vm_states.ERROR)


def settled(cloud, instance):
    """Wait until no task is left on the instance."""
    return cloud.wait(instance, until=lambda i: i is None or i.task_state is None)


def test_resize_then_confirm_holds_both_flavors_until_the_confirm_frees_the_source(cloud):
    instance = booted(cloud)
    source, dest = instance.host, other(instance.host)
    assert usages(cloud) == {source: TINY_USAGE, dest: IDLE}

    cloud.api.resize(request(cloud), instance, SMALL)

    done = resized(cloud, instance)
    assert (done.vm_state, done.task_state, done.power_state) == (
        vm_states.RESIZED, None, power_state.RUNNING)
    assert (done.host, done.node) == (dest, dest)
    assert (done.flavor.flavorid, done.old_flavor.flavorid, done.new_flavor.flavorid) == (
        SMALL, TINY, SMALL)
    migration = migration_of(cloud, done)
    assert (migration.status, migration.migration_type, migration.source_compute,
            migration.dest_compute, migration.dest_node) == (
        migration_states.FINISHED, migration_states.TYPE_RESIZE, source, dest, dest)
    assert (migration.old_instance_type_id, migration.new_instance_type_id) == (
        done.old_flavor.id, done.new_flavor.id)
    # The source keeps the old flavor, the destination holds the new one; the
    # periodic recount agrees instead of undoing either.
    in_flight = {source: TINY_USAGE, dest: SMALL_USAGE}
    assert usages(cloud) == in_flight
    assert recount(cloud) == in_flight
    assert events(cloud, done, 'resize') == [
        'conductor_migrate_server', 'compute_prep_resize', 'compute_resize_instance',
        'compute_finish_resize']

    cloud.api.confirm_resize(request(cloud), done)

    confirmed = settled(cloud, done)
    assert (confirmed.vm_state, confirmed.task_state, confirmed.host) == (
        vm_states.ACTIVE, None, dest)
    assert confirmed.old_flavor is None and confirmed.new_flavor is None
    assert migration_of(cloud, done).status == migration_states.CONFIRMED
    assert usages(cloud) == {source: IDLE, dest: SMALL_USAGE}
    assert recount(cloud) == {source: IDLE, dest: SMALL_USAGE}
    assert events(cloud, done, 'confirmResize') == ['compute_confirm_resize']
    assert cloud.computes[source].driver.list_instance_uuids() == []
    assert cloud.computes[dest].driver.list_instance_uuids() == [done.uuid]


def test_revert_frees_the_destination_and_restores_the_old_flavor_on_the_source(cloud):
    instance = booted(cloud)
    source, dest = instance.host, other(instance.host)
    cloud.api.resize(request(cloud), instance, SMALL)
    done = resized(cloud, instance)
    assert done.vm_state == vm_states.RESIZED

    cloud.api.revert_resize(request(cloud), done)
    assert done.task_state == task_states.RESIZE_REVERTING

    reverted = settled(cloud, done)
    assert (reverted.vm_state, reverted.task_state, reverted.power_state) == (
        vm_states.ACTIVE, None, power_state.RUNNING)
    assert (reverted.host, reverted.node, reverted.flavor.flavorid) == (source, source, TINY)
    assert reverted.old_flavor is None and reverted.new_flavor is None
    assert migration_of(cloud, done).status == migration_states.REVERTED
    assert usages(cloud) == {source: TINY_USAGE, dest: IDLE}
    assert recount(cloud) == {source: TINY_USAGE, dest: IDLE}
    assert cloud.computes[dest].driver.list_instance_uuids() == []
    assert events(cloud, done, 'revertResize') == ['compute_revert_resize',
                                                   'compute_finish_revert_resize']


def test_cold_migrate_keeps_the_flavor_and_moves_to_the_other_host(cloud):
    instance = booted(cloud)
    source, dest = instance.host, other(instance.host)

    cloud.api.resize(request(cloud), instance)     # no flavor: a cold migration

    done = resized(cloud, instance)
    assert (done.vm_state, done.host, done.flavor.flavorid) == (vm_states.RESIZED, dest, TINY)
    assert migration_of(cloud, done).migration_type == migration_states.TYPE_MIGRATION
    assert usages(cloud) == {source: TINY_USAGE, dest: TINY_USAGE}
    assert events(cloud, done, 'migrate')[0] == 'conductor_migrate_server'

    cloud.api.confirm_resize(request(cloud), done)

    assert settled(cloud, done).vm_state == vm_states.ACTIVE
    assert recount(cloud) == {source: IDLE, dest: TINY_USAGE}


def test_resize_of_a_stopped_server_stays_powered_off(cloud):
    instance = booted(cloud)
    cloud.api.stop(request(cloud), instance)
    stopped = settled(cloud, instance)
    assert stopped.vm_state == vm_states.STOPPED

    cloud.api.resize(request(cloud), stopped, SMALL)
    done = resized(cloud, stopped)
    assert (done.vm_state, done.power_state) == (vm_states.RESIZED, power_state.SHUTDOWN)

    cloud.api.confirm_resize(request(cloud), done)
    assert settled(cloud, done).vm_state == vm_states.STOPPED


def test_resize_to_the_same_host_only_when_allowed(cloud):
    CONF.set_override('allow_resize_to_same_host', True)
    instance = booted(cloud)
    host = instance.host
    # Fill the other host so that only the instance's own host has room.
    filler = booted(cloud, flavor='3')      # 4096 MB: the whole of the other host
    assert filler.host == other(host)

    cloud.api.resize(request(cloud), instance, SMALL)

    done = resized(cloud, instance)
    assert (done.vm_state, done.host) == (vm_states.RESIZED, host)
    assert usage(cloud, host) == (512 + 2048, 2, 21, 2)
    assert recount(cloud)[host] == (512 + 2048, 2, 21, 2)
    cloud.api.confirm_resize(request(cloud), done)
    assert settled(cloud, done).vm_state == vm_states.ACTIVE
    assert recount(cloud)[host] == SMALL_USAGE
    assert cloud.computes[host].driver.list_instance_uuids() == [done.uuid]


def test_no_valid_host_keeps_the_server_active_with_a_fault(cloud):
    instance = booted(cloud)
    source = instance.host
    booted(cloud, flavor='3')           # the other host is full

    cloud.api.resize(request(cloud), instance, SMALL)

    failed = settled(cloud, instance)
    assert (failed.vm_state, failed.task_state, failed.host) == (
        vm_states.ACTIVE, None, source)
    assert 'No valid host was found' in failed.fault.message
    assert migration_of(cloud, failed).status == migration_states.ERROR
    assert usage(cloud, source) == TINY_USAGE
    assert recount(cloud)[source] == TINY_USAGE


@pytest.mark.parametrize('step, on', [('migrate_disk_and_power_off', 'source'),
                                      ('finish_migration', 'dest')])
def test_a_failed_step_errors_out_and_leaves_exactly_one_claim(cloud, step, on):
    instance = booted(cloud, metadata={'novum_fake_fail': step})
    source, dest = instance.host, other(instance.host)

    cloud.api.resize(request(cloud), instance, SMALL)

    failed = cloud.wait(instance, until=lambda i: i.vm_state == vm_states.ERROR)
    assert (failed.vm_state, failed.task_state) == (vm_states.ERROR, None)
    assert f'Fake {step} failure' in failed.fault.message
    assert migration_of(cloud, failed).status == migration_states.ERROR
    if on == 'source':      # still on the source with its old flavor; dest freed
        expected = {source: TINY_USAGE, dest: IDLE}
        assert (failed.host, failed.flavor.flavorid) == (source, TINY)
    else:                   # on the destination with the new flavor; source freed
        expected = {source: IDLE, dest: SMALL_USAGE}
        assert (failed.host, failed.flavor.flavorid) == (dest, SMALL)
    assert usages(cloud) == expected
    assert recount(cloud) == expected

    cloud.api.delete(cloud.ctxt, failed)     # and it can still be deleted cleanly
    assert cloud.wait(failed, until=lambda i: i is None) is None
    assert recount(cloud) == {source: IDLE, dest: IDLE}


def test_prep_resize_failure_gives_back_the_destination_claim(cloud, monkeypatch):
    instance = booted(cloud)
    source, dest = instance.host, other(instance.host)

    def refuse(*args, **kwargs):
        raise exception.InstanceFaultRollback(
            exception.UnableToMigrateToSelf(instance_id=instance.uuid, host=dest))
    # prep_resize's only outbound step is the cast to the source: make it refuse.
    monkeypatch.setattr(cloud.computes[dest].compute_rpcapi, 'resize_instance', refuse)

    cloud.api.resize(request(cloud), instance, SMALL)

    rolled_back = settled(cloud, instance)
    assert (rolled_back.vm_state, rolled_back.task_state, rolled_back.host) == (
        vm_states.ACTIVE, None, source)
    assert migration_of(cloud, instance).status == migration_states.ERROR
    assert usages(cloud) == {source: TINY_USAGE, dest: IDLE}


def test_resize_rules_same_flavor_states_and_quota(cloud):
    instance = booted(cloud)

    with pytest.raises(exception.CannotResizeToSameFlavor):
        cloud.api.resize(request(cloud), instance, TINY)
    with pytest.raises(exception.InstanceInvalidState):
        cloud.api.confirm_resize(request(cloud), instance)
    with pytest.raises(exception.InstanceInvalidState):
        cloud.api.revert_resize(request(cloud), instance)
    objects.Quotas.update_limits(cloud.admin, 'p1', {'ram': 1024})
    with pytest.raises(exception.TooManyInstances):     # +1536 MB over a 1024 MB quota
        cloud.api.resize(request(cloud), instance, SMALL)
    assert objects.MigrationList.get_by_filters(cloud.admin, {}).objects == []

    (building,), _ = cloud.boot(name='new', image_id=cloud.image(novum_fake_spawn_delay=5))
    with pytest.raises(exception.InstanceInvalidState):
        cloud.api.resize(request(cloud), building, SMALL)


def test_a_second_confirm_loses_and_frees_nothing_twice(cloud):
    instance = booted(cloud)
    source, dest = instance.host, other(instance.host)
    cloud.api.resize(request(cloud), instance, SMALL)
    done = resized(cloud, instance)
    stale = objects.Instance.get_by_uuid(cloud.admin, done.uuid)

    cloud.api.confirm_resize(request(cloud), done)
    with pytest.raises((exception.UnexpectedTaskStateError, exception.InstanceInvalidState,
                        exception.MigrationNotFound)):
        cloud.api.confirm_resize(request(cloud), stale)

    assert settled(cloud, done).vm_state == vm_states.ACTIVE
    assert usages(cloud) == {source: IDLE, dest: SMALL_USAGE}


def test_resize_confirm_window_confirms_on_the_destination(cloud):
    CONF.set_override('resize_confirm_window', 1)
    instance = booted(cloud)
    source, dest = instance.host, other(instance.host)
    cloud.api.resize(request(cloud), instance, SMALL)
    done = resized(cloud, instance)

    cloud.computes[dest]._poll_unconfirmed_resizes(cloud.admin)    # too early
    assert migration_of(cloud, done).status == migration_states.FINISHED
    time.sleep(1.1)
    cloud.computes[dest]._poll_unconfirmed_resizes(cloud.admin)

    assert settled(cloud, done).vm_state == vm_states.ACTIVE
    assert migration_of(cloud, done).status == migration_states.CONFIRMED
    assert usages(cloud) == {source: IDLE, dest: SMALL_USAGE}


def test_deleting_a_resized_server_frees_both_hosts(cloud):
    instance = booted(cloud)
    source, dest = instance.host, other(instance.host)
    cloud.api.resize(request(cloud), instance, SMALL)
    done = resized(cloud, instance)
    assert usages(cloud) == {source: TINY_USAGE, dest: SMALL_USAGE}

    cloud.api.delete(request(cloud), done)

    assert cloud.wait(done, until=lambda i: i is None) is None
    cloud.wait(done, until=lambda _i: migration_of(cloud, done).status ==
               migration_states.CONFIRMED)
    assert migration_of(cloud, done).status == migration_states.CONFIRMED
    assert usages(cloud) == {source: IDLE, dest: IDLE}
    assert recount(cloud) == {source: IDLE, dest: IDLE}
