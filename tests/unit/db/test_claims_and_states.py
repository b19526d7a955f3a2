"""The DB functions the boot pipeline depends on: claims, releases and recounts of compute
node usage, conditional state updates and soft delete.

Written once against the `admin_context` fixture: here on SQLite, and again on MariaDB,
PostgreSQL and SQLite by tests/functional/test_db_backends.py.
"""

import pytest
import sqlalchemy as sa

from novum import exception
from novum.db import api as db
from novum.db import models
from novum.objects.resources import InstanceResources

FLAVOR = {'vcpus': 2, 'memory_mb': 1024, 'root_gb': 10, 'ephemeral_gb': 5}


def _node(ctxt, hostname: str = 'node1', **values) -> models.ComputeNode:
    return db.compute_node_create(ctxt, {
        'host': 'host1', 'hypervisor_hostname': hostname, 'vcpus': 4, 'memory_mb': 4096,
        'local_gb': 100, 'cpu_allocation_ratio': 1.0, 'ram_allocation_ratio': 1.0,
        'disk_allocation_ratio': 1.0, **values})


def _instance(ctxt, **values) -> models.Instance:
    return db.instance_create(ctxt, {'project_id': 'p1', 'vm_state': 'building',
                                     'task_state': 'scheduling', **FLAVOR, **values})


def _usage(ctxt, node_id: int) -> tuple:
    node = db.compute_node_get(ctxt, node_id)
    return node.vcpus_used, node.memory_mb_used, node.local_gb_used, node.running_vms


def _claim(ctxt, node_id: int, uuid: str, resources: InstanceResources):
    return db.compute_node_claim(ctxt, node_id, uuid, resources.vcpus, resources.memory_mb,
                                 resources.disk_gb)


def _release(ctxt, node_id: int, uuid: str, resources: InstanceResources, unplace=False):
    return db.compute_node_release(ctxt, node_id, uuid, resources.vcpus,
                                   resources.memory_mb, resources.disk_gb, unplace=unplace)


def _rows(model, **where) -> list:
    """Rows of `model`'s table, soft-deleted ones included."""
    query = sa.select(model.__table__).filter_by(**where).order_by(model.__table__.c.id)
    with db.get_engine().connect() as conn:
        return conn.execute(query).all()


# Claims ------------------------------------------------------------------------------

def test_claim_takes_the_resources_and_places_the_instance(admin_context):
    node = _node(admin_context)
    instance = _instance(admin_context)

    claimed = _claim(admin_context, node.id, instance.uuid,
                     InstanceResources(vcpus=2, memory_mb=1024, disk_gb=15))

    assert (claimed.vcpus_used, claimed.memory_mb_used, claimed.local_gb_used,
            claimed.running_vms) == (2, 1024, 15, 1)
    placed = db.instance_get_by_uuid(admin_context, instance.uuid)
    assert (placed.host, placed.node) == ('host1', 'node1')
    assert placed.scheduled_at is not None


# Each resource's capacity is 2 physical units times an allocation ratio of 2.5: 5 fit,
# 6 do not, whatever the other two resources (kept well within their capacity).
@pytest.mark.parametrize('resource, capacity_column, ratio_column', [
    ('vcpus', 'vcpus', 'cpu_allocation_ratio'),
    ('memory_mb', 'memory_mb', 'ram_allocation_ratio'),
    ('disk_gb', 'local_gb', 'disk_allocation_ratio'),
])
def test_claim_fits_up_to_capacity_times_allocation_ratio_and_not_beyond(
        admin_context, resource, capacity_column, ratio_column):
    node = _node(admin_context, **{capacity_column: 2, ratio_column: 2.5})
    small = {'vcpus': 1, 'memory_mb': 1, 'disk_gb': 1}
    too_big = _instance(admin_context)
    exact = _instance(admin_context)

    assert _claim(admin_context, node.id, too_big.uuid,
                  InstanceResources(**{**small, resource: 6})) is None
    assert _usage(admin_context, node.id) == (0, 0, 0, 0)
    assert db.instance_get_by_uuid(admin_context, too_big.uuid).host is None

    assert _claim(admin_context, node.id, exact.uuid,
                  InstanceResources(**{**small, resource: 5})) is not None
    assert _claim(admin_context, node.id, too_big.uuid,
                  InstanceResources(**{**small, resource: 1})) is None
    full = {**small, resource: 5}
    assert _usage(admin_context, node.id) == (full['vcpus'], full['memory_mb'],
                                              full['disk_gb'], 1)


def test_claim_for_a_deleted_instance_rolls_back_and_raises(admin_context):
    node = _node(admin_context)
    instance = _instance(admin_context)
    db.instance_destroy(admin_context, instance.uuid)

    with pytest.raises(exception.InstanceNotFound):
        _claim(admin_context, node.id, instance.uuid, InstanceResources.of_instance(instance))

    assert _usage(admin_context, node.id) == (0, 0, 0, 0)


# Releases ----------------------------------------------------------------------------

def test_release_gives_back_the_claim_once_and_keeps_the_host(admin_context):
    node = _node(admin_context, vcpus_used=1, memory_mb_used=512, local_gb_used=1)
    instance = _instance(admin_context)
    resources = InstanceResources.of_instance(instance)
    _claim(admin_context, node.id, instance.uuid, resources)
    assert _usage(admin_context, node.id) == (3, 1536, 16, 1)

    released = _release(admin_context, node.id, instance.uuid, resources)
    again = _release(admin_context, node.id, instance.uuid, resources)

    assert (released.vcpus_used, released.memory_mb_used, released.local_gb_used,
            released.running_vms) == (1, 512, 1, 0)
    assert _usage(admin_context, node.id) == (1, 512, 1, 0)
    assert again.id == node.id
    after = db.instance_get_by_uuid(admin_context, instance.uuid)
    assert (after.host, after.node) == ('host1', None)


def test_release_with_unplace_also_clears_the_host(admin_context):
    node = _node(admin_context)
    instance = _instance(admin_context)
    resources = InstanceResources.of_instance(instance)
    _claim(admin_context, node.id, instance.uuid, resources)

    _release(admin_context, node.id, instance.uuid, resources, unplace=True)

    after = db.instance_get_by_uuid(admin_context, instance.uuid)
    assert (after.host, after.node) == (None, None)
    assert _usage(admin_context, node.id) == (0, 0, 0, 0)


def test_release_of_an_instance_on_another_node_changes_nothing(admin_context):
    node, other = _node(admin_context), _node(admin_context, 'node2')
    instance = _instance(admin_context)
    resources = InstanceResources.of_instance(instance)
    _claim(admin_context, other.id, instance.uuid, resources)

    _release(admin_context, node.id, instance.uuid, resources)

    assert _usage(admin_context, other.id) == (2, 1024, 15, 1)
    assert db.instance_get_by_uuid(admin_context, instance.uuid).node == 'node2'


def test_claim_by_flavor_and_release_by_instance_agree_when_a_size_is_unset(admin_context):
    node = _node(admin_context)
    instance = _instance(admin_context, ephemeral_gb=None)
    flavor = models.Flavor(**{**FLAVOR, 'ephemeral_gb': 0})

    _claim(admin_context, node.id, instance.uuid, InstanceResources.of_flavor(flavor))
    _release(admin_context, node.id, instance.uuid, InstanceResources.of_instance(instance))

    assert _usage(admin_context, node.id) == (0, 0, 0, 0)


# Recount -----------------------------------------------------------------------------

def test_recount_sets_usage_to_the_placed_instances_plus_the_reserve(admin_context):
    node = _node(admin_context, vcpus_used=40, memory_mb_used=1, local_gb_used=0,
                 running_vms=7)
    _instance(admin_context, host='host1', node='node1')
    unsized = _instance(admin_context, host='host1', node='node1', root_gb=None,
                        ephemeral_gb=4)
    gone = _instance(admin_context, host='host1', node='node1')
    db.instance_destroy(admin_context, gone.uuid)
    _instance(admin_context, host='host1', node='node2')
    _instance(admin_context)

    recounted = db.compute_node_recount_usage(admin_context, node.id, 1, 512, 3)

    assert (recounted.vcpus_used, recounted.memory_mb_used, recounted.local_gb_used,
            recounted.running_vms) == (1 + 4, 512 + 2048, 3 + 15 + 4, 2)
    assert _usage(admin_context, node.id) == (5, 2560, 22, 2)
    # What a release of that instance would give back is what the recount counted.
    assert InstanceResources.of_instance(unsized).disk_gb == 4


def test_recount_of_a_missing_node_raises(admin_context):
    with pytest.raises(exception.ComputeNodeNotFound):
        db.compute_node_recount_usage(admin_context, 424242, 0, 0, 0)


# Conditional updates -----------------------------------------------------------------

@pytest.mark.parametrize('column, actual', [('vm_state', 'active'),
                                            ('task_state', 'spawning')])
def test_conditional_update_names_the_column_that_mismatched(admin_context, column, actual):
    instance = _instance(admin_context, **{column: actual})
    expected = {'vm_state': ['building'], 'task_state': ['scheduling', None]}

    with pytest.raises(exception.UnexpectedTaskStateError) as error:
        db.instance_update(admin_context, instance.uuid, {'display_name': 'new'},
                           expected=expected)

    assert type(error.value) is exception.UnexpectedTaskStateError
    assert error.value.kwargs['expected'] == {column: expected[column]}
    assert error.value.kwargs['actual'] == {column: actual}
    assert db.instance_get_by_uuid(admin_context, instance.uuid).display_name is None


def test_conditional_update_matches_null_when_none_is_expected(admin_context):
    instance = _instance(admin_context, task_state=None)

    updated = db.instance_update(admin_context, instance.uuid, {'task_state': 'deleting'},
                                 expected={'task_state': [None, 'spawning']})

    assert updated.task_state == 'deleting'


def test_conditional_update_of_a_deleting_instance_raises_the_deleting_error(admin_context):
    instance = _instance(admin_context, task_state='deleting')

    with pytest.raises(exception.UnexpectedDeletingTaskStateError) as error:
        db.instance_update(admin_context, instance.uuid, {'vm_state': 'error'},
                           expected={'task_state': ['spawning']})

    assert error.value.kwargs['actual'] == {'task_state': 'deleting'}
    assert db.instance_get_by_uuid(admin_context, instance.uuid).vm_state == 'building'


def test_conditional_update_of_a_deleted_instance_raises_not_found(admin_context):
    instance = _instance(admin_context)
    db.instance_destroy(admin_context, instance.uuid)

    with pytest.raises(exception.InstanceNotFound):
        db.instance_update(admin_context, instance.uuid, {'vm_state': 'active'},
                           expected={'task_state': ['scheduling']})


def test_update_states_writes_only_state_columns_when_the_task_state_matches(admin_context):
    instance = _instance(admin_context, task_state='spawning')

    db.instance_update_states(admin_context, instance.uuid,
                              {'vm_state': 'active', 'task_state': None, 'power_state': 1,
                               'display_name': 'ignored'},
                              ['spawning'], launched=True)

    after = db.instance_get_by_uuid(admin_context, instance.uuid)
    assert (after.vm_state, after.task_state, after.power_state, after.display_name) == (
        'active', None, 1, None)
    assert after.launched_at is not None


def test_update_states_refuses_an_unexpected_or_deleting_task_state(admin_context):
    spawning = _instance(admin_context, task_state='spawning')
    deleting = _instance(admin_context, task_state='deleting')

    with pytest.raises(exception.UnexpectedTaskStateError) as error:
        db.instance_update_states(admin_context, spawning.uuid, {'vm_state': 'active'},
                                  ['networking'])
    with pytest.raises(exception.UnexpectedDeletingTaskStateError):
        db.instance_update_states(admin_context, deleting.uuid, {'vm_state': 'active'},
                                  ['spawning'])
    with pytest.raises(exception.InstanceNotFound):
        db.instance_update_states(admin_context, '00000000-0000-0000-0000-000000000000',
                                  {'vm_state': 'active'}, ['spawning'])

    assert type(error.value) is exception.UnexpectedTaskStateError
    assert error.value.kwargs['expected'] == {'task_state': ['networking']}
    assert error.value.kwargs['actual'] == {'task_state': 'spawning'}
    assert [db.instance_get_by_uuid(admin_context, i.uuid).vm_state
            for i in (spawning, deleting)] == ['building', 'building']


def test_update_states_starts_and_finishes_an_event_of_the_request(admin_context):
    instance = _instance(admin_context, task_state='spawning')
    action = db.action_start(admin_context, {'instance_uuid': instance.uuid,
                                             'request_id': admin_context.request_id,
                                             'action': 'create'})

    db.instance_update_states(admin_context, instance.uuid, {'task_state': 'spawning'},
                              ['spawning'], event_start='compute_spawn', host='host1')
    [started] = db.action_events_get(admin_context, action.id)
    assert (started.event, started.host, started.result) == ('compute_spawn', 'host1', None)
    assert started.start_time is not None and started.finish_time is None

    db.instance_update_states(admin_context, instance.uuid,
                              {'vm_state': 'active', 'task_state': None}, ['spawning'],
                              event_finish='compute_spawn')
    [finished] = db.action_events_get(admin_context, action.id)
    assert (finished.id, finished.result) == (started.id, 'Success')
    assert finished.finish_time is not None


def test_update_states_without_an_action_still_updates(admin_context):
    instance = _instance(admin_context, task_state='spawning')

    db.instance_update_states(admin_context, instance.uuid, {'task_state': None},
                              ['spawning'], event_start='compute_spawn')

    assert db.instance_get_by_uuid(admin_context, instance.uuid).task_state is None


# Soft delete -------------------------------------------------------------------------

def test_destroy_soft_deletes_the_instance_and_its_metadata(admin_context):
    instance = _instance(admin_context, task_state='deleting', metadata={'a': '1', 'b': '2'})
    kept = _instance(admin_context, metadata={'a': '1'})

    destroyed = db.instance_destroy(admin_context, instance.uuid)

    assert (destroyed.deleted, destroyed.vm_state, destroyed.task_state) == (
        destroyed.id, 'deleted', None)
    assert destroyed.deleted_at is not None and destroyed.terminated_at is not None
    with pytest.raises(exception.InstanceNotFound):
        db.instance_get_by_uuid(admin_context, instance.uuid)
    [row] = _rows(models.Instance, uuid=instance.uuid)
    assert (row.deleted, row.vm_state) == (row.id, 'deleted')
    metadata = _rows(models.InstanceMetadata, instance_uuid=instance.uuid)
    assert [(m.key, m.deleted == m.id, m.deleted_at is not None) for m in metadata] == [
        ('a', True, True), ('b', True, True)]
    assert [m.deleted for m in _rows(models.InstanceMetadata, instance_uuid=kept.uuid)] == [0]
    with pytest.raises(exception.InstanceNotFound):
        db.instance_destroy(admin_context, instance.uuid)


def test_destroy_unplaced_spares_an_instance_a_claim_placed(admin_context):
    node = _node(admin_context)
    placed, unplaced = _instance(admin_context), _instance(admin_context)
    _claim(admin_context, node.id, placed.uuid, InstanceResources.of_instance(placed))

    assert db.instance_destroy_unplaced(admin_context, placed.uuid) is None
    destroyed = db.instance_destroy_unplaced(admin_context, unplaced.uuid)

    assert db.instance_get_by_uuid(admin_context, placed.uuid).deleted == 0
    assert (destroyed.deleted, destroyed.vm_state) == (destroyed.id, 'deleted')


def test_soft_deleted_rows_free_their_unique_name_for_a_new_row(admin_context):
    values = {'name': 'k', 'user_id': 'u', 'public_key': 'ssh-rsa A'}
    first = db.key_pair_create(admin_context, values)

    db.key_pair_destroy(admin_context, 'u', 'k')
    second = db.key_pair_create(admin_context, values)

    assert [(row.id, row.deleted) for row in _rows(models.KeyPair, name='k')] == [
        (first.id, first.id), (second.id, 0)]
    with pytest.raises(exception.KeypairNotFound):
        db.key_pair_destroy(admin_context, 'u', 'missing')
