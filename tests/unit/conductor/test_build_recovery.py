"""Recovery of abandoned builds, the conductor's build timeout and its faults, retried
select_destinations, and the conductor client's timeouts; in one process (use_local,
fake://, SQLite) with the boot pipeline of tests/unit/compute/test_pipeline.py."""

import time

import oslo_messaging as messaging
import pytest
from oslo_utils import uuidutils

from novum import conf, exception, objects
from novum.compute import task_states, vm_states
from novum.conductor import build_recovery
from novum.conductor import manager as conductor_manager
from novum.conductor import rpcapi as conductor_rpcapi
from novum.objects.resources import InstanceResources
from tests.unit.compute.test_pipeline import HOSTS, TINY, cloud  # noqa: F401

CONF = conf.CONF


def _lost_instance(cloud, **values):     # noqa: F811
    """An accepted instance whose build_instances cast was lost (created, never sent)."""
    instance = objects.Instance(
        cloud.ctxt, uuid=uuidutils.generate_uuid(), project_id='p1', user_id='u1',
        vm_state=vm_states.BUILDING, task_state=task_states.SCHEDULING,
        image_ref=cloud.images['plain'], reservation_id='r-lost',
        flavor=objects.Flavor.get_by_flavor_id(cloud.admin, TINY), **values)
    instance.create()
    return instance


def _place(cloud, instance, host: str) -> None:     # noqa: F811
    resources = InstanceResources.of_flavor(instance.flavor)
    assert objects.ComputeNode.claim(cloud.admin, cloud.node(host).id, instance.uuid,
                                     resources.vcpus, resources.memory_mb,
                                     resources.disk_gb) is not None


def test_unplaced_build_idle_past_the_interval_is_scheduled_again(cloud):  # noqa: F811
    CONF.set_override('build_recovery_interval', 1, group='conductor')
    lost = [_lost_instance(cloud) for _ in range(2)]
    recovery = conductor_manager.ConductorManager().build_recovery
    recovery.recover(cloud.admin)
    assert {cloud.wait(i, timeout=0).host for i in lost} == {None}    # not idle long yet
    time.sleep(1.1)

    recovery.recover(cloud.admin)

    done = [cloud.wait(i) for i in lost]
    assert [i.vm_state for i in done] == [vm_states.ACTIVE] * 2
    assert sum(cloud.node(host).running_vms for host in HOSTS) == 2


def test_placed_build_never_started_is_sent_to_its_compute_again(cloud):  # noqa: F811
    CONF.set_override('build_recovery_interval', 1, group='conductor')
    lost = _lost_instance(cloud)
    _place(cloud, lost, HOSTS[0])
    time.sleep(1.1)

    conductor_manager.ConductorManager().build_recovery.recover(cloud.admin)

    done = cloud.wait(lost)
    assert (done.vm_state, done.host) == (vm_states.ACTIVE, HOSTS[0])
    assert cloud.node(HOSTS[0]).running_vms == 1        # counted once


def test_only_one_of_two_recoveries_takes_over_a_build(cloud):  # noqa: F811
    lost = _lost_instance(cloud)
    mine = objects.Instance.get_by_uuid(cloud.admin, lost.uuid)
    theirs = objects.Instance.get_by_uuid(cloud.admin, lost.uuid)

    assert [mine.take_over_build(), theirs.take_over_build()] == [True, False]


def test_two_schedulings_of_one_instance_place_and_count_it_once(cloud):  # noqa: F811
    lost = _lost_instance(cloud)
    spec = build_recovery.request_spec_of(cloud.admin, [lost])
    build = conductor_manager.ComputeTaskManager()

    build.build_instances(cloud.admin, [lost], spec)
    build.build_instances(cloud.admin, [objects.Instance.get_by_uuid(cloud.admin,
                                                                     lost.uuid)], spec)

    assert cloud.wait(lost).vm_state == vm_states.ACTIVE
    assert sum(cloud.node(host).running_vms for host in HOSTS) == 1


def test_build_timeout_fault_names_the_daemon_that_never_answered(cloud):  # noqa: F811
    CONF.set_override('instance_build_timeout', 1)
    unplaced = _lost_instance(cloud)
    never_started = _lost_instance(cloud)
    _place(cloud, never_started, HOSTS[0])
    mid_build = _lost_instance(cloud)
    _place(cloud, mid_build, HOSTS[1])
    objects.Instance.update_states(cloud.admin, mid_build.uuid,
                                   {'task_state': task_states.NETWORKING},
                                   [task_states.SCHEDULING])
    time.sleep(1.1)

    build_recovery.BuildRecovery.check_build_timeouts(cloud.admin)

    faults = {i.uuid: cloud.wait(i, timeout=0) for i in (unplaced, never_started, mid_build)}
    assert {i.vm_state for i in faults.values()} == {vm_states.ERROR}
    assert ('novum-scheduler never placed it (or novum-conductor never got the build '
            'request)') in faults[unplaced.uuid].fault.message
    assert (f'novum-compute on {HOSTS[0]} never started it' in
            faults[never_started.uuid].fault.message)
    assert (f'novum-compute on {HOSTS[1]} never finished it (task_state networking)' in
            faults[mid_build.uuid].fault.message)
    assert all('did not become active within 1 seconds' in i.fault.message
               for i in faults.values())


class _GoneScheduler:
    def __init__(self):
        self.calls = 0

    def select_destinations(self, context, spec_obj, instance_uuids):
        self.calls += 1
        raise messaging.MessagingTimeout('no scheduler')


def test_unanswered_select_destinations_is_retried_then_left_to_recovery(
        cloud, monkeypatch):  # noqa: F811
    CONF.set_override('select_destinations_retries', 2, group='conductor')
    monkeypatch.setattr(conductor_manager.time, 'sleep', lambda seconds: None)
    lost = _lost_instance(cloud)
    build = conductor_manager.ComputeTaskManager()
    build.scheduler_rpcapi = _GoneScheduler()

    build.build_instances(cloud.admin, [lost],
                          build_recovery.request_spec_of(cloud.admin, [lost]))

    assert build.scheduler_rpcapi.calls == 3
    left = cloud.wait(lost, timeout=0)
    assert (left.vm_state, left.task_state, left.host) == (
        vm_states.BUILDING, task_states.SCHEDULING, None)


def test_conductor_client_timeout_is_kept_unless_a_call_gives_its_own(admin_context):
    # Nobody serves the conductor topic here: each call waits for its timeout.
    client = conductor_rpcapi.ConductorAPI(timeout=1)
    started = time.monotonic()
    with pytest.raises(exception.ConductorTimeout, match='within 1 seconds'):
        client.ping(admin_context, 'x')
    assert time.monotonic() - started < 5       # not rpc_response_timeout (60 s)

    slow = conductor_rpcapi.ConductorAPI(timeout=30)
    started = time.monotonic()
    with pytest.raises(exception.ConductorTimeout):
        slow.ping(admin_context, 'x', timeout=1)
    assert time.monotonic() - started < 5
