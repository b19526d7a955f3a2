"""A claim places only an instance still waiting for a host: a second claim of one that
is placed (two recoveries, or a recovery and a slow original) rolls back entirely; and
the scheduler answers NoValidHost without a traceback."""

import oslo_messaging as messaging
import pytest

from novum import exception, objects
from novum.db import api as db
from novum.scheduler import manager as scheduler_manager

FLAVOR = {'vcpus': 1, 'memory_mb': 512, 'root_gb': 1, 'ephemeral_gb': 0}


def _node(ctxt, hostname: str):
    return db.compute_node_create(ctxt, {
        'host': hostname, 'hypervisor_hostname': hostname, 'vcpus': 4, 'memory_mb': 4096,
        'local_gb': 100, 'cpu_allocation_ratio': 1.0, 'ram_allocation_ratio': 1.0,
        'disk_allocation_ratio': 1.0})


def _usage(ctxt, node_id: int) -> tuple:
    node = db.compute_node_get(ctxt, node_id)
    return node.vcpus_used, node.memory_mb_used, node.local_gb_used, node.running_vms


def _claim(ctxt, node_id: int, uuid: str):
    return db.compute_node_claim(ctxt, node_id, uuid, 1, 512, 1)


def test_second_claim_of_a_placed_instance_rolls_back_the_node_usage(admin_context):
    first, second = _node(admin_context, 'h1'), _node(admin_context, 'h2')
    instance = db.instance_create(admin_context, {'vm_state': 'building',
                                                  'task_state': 'scheduling', **FLAVOR})
    assert _claim(admin_context, first.id, instance.uuid) is not None

    with pytest.raises(exception.InstanceNotSchedulable):
        _claim(admin_context, second.id, instance.uuid)
    with pytest.raises(exception.InstanceNotSchedulable):
        _claim(admin_context, first.id, instance.uuid)

    assert _usage(admin_context, first.id) == (1, 512, 1, 1)
    assert _usage(admin_context, second.id) == (0, 0, 0, 0)
    placed = db.instance_get_by_uuid(admin_context, instance.uuid)
    assert (placed.host, placed.node) == ('h1', 'h1')


@pytest.mark.parametrize('states', [('error', None), ('building', 'spawning'),
                                    ('building', 'deleting')])
def test_claim_of_an_instance_no_longer_scheduling_places_nothing(admin_context, states):
    node = _node(admin_context, 'h1')
    instance = db.instance_create(admin_context, {'vm_state': states[0],
                                                  'task_state': states[1], **FLAVOR})

    with pytest.raises(exception.InstanceNotSchedulable):
        _claim(admin_context, node.id, instance.uuid)

    assert _usage(admin_context, node.id) == (0, 0, 0, 0)
    assert db.instance_get_by_uuid(admin_context, instance.uuid).host is None


def test_claim_on_a_full_node_leaves_the_instance_unplaced(admin_context):
    node = db.compute_node_create(admin_context, {
        'host': 'h1', 'hypervisor_hostname': 'h1', 'vcpus': 4, 'memory_mb': 256,
        'local_gb': 100, 'cpu_allocation_ratio': 1.0, 'ram_allocation_ratio': 1.0,
        'disk_allocation_ratio': 1.0})
    instance = db.instance_create(admin_context, {'vm_state': 'building',
                                                  'task_state': 'scheduling', **FLAVOR})

    assert _claim(admin_context, node.id, instance.uuid) is None

    assert db.instance_get_by_uuid(admin_context, instance.uuid).host is None
    assert _usage(admin_context, node.id) == (0, 0, 0, 0)


def test_claim_of_a_deleted_instance_is_instance_not_found(admin_context):
    node = _node(admin_context, 'h1')
    instance = db.instance_create(admin_context, {'vm_state': 'building',
                                                  'task_state': 'scheduling', **FLAVOR})
    db.instance_destroy(admin_context, instance.uuid)

    with pytest.raises(exception.InstanceNotFound):
        _claim(admin_context, node.id, instance.uuid)
    assert _usage(admin_context, node.id) == (0, 0, 0, 0)


def test_no_valid_host_is_an_expected_answer_not_a_scheduler_fault(admin_context):
    # ExpectedException: oslo.messaging sends it back without a traceback in the log.
    spec = objects.RequestSpec(flavor=objects.Flavor.get_by_flavor_id(admin_context, '1'),
                               ignore_hosts=[], scheduler_hints={}, num_instances=1)
    with pytest.raises(messaging.ExpectedException) as raised:
        scheduler_manager.SchedulerManager(host='s').select_destinations(
            admin_context, spec, ['00000000-0000-0000-0000-000000000001'])
    assert raised.value.exc_info[0] is exception.NoValidHost
