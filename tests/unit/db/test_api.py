"""novum.db.api on SQLite: soft delete, conditional updates, paging, and the access guard."""

import pytest

from novum import exception
from novum.db import api as db


def _instance(ctxt, **values):
    return db.instance_create(ctxt, {'project_id': 'p1', 'vm_state': 'building', **values})


def test_default_flavors_are_seeded(admin_context):
    flavors = {f.name: (f.flavorid, f.memory_mb, f.vcpus, f.root_gb)
               for f in db.flavor_get_all(admin_context)}
    assert flavors == {'m1.tiny': ('1', 512, 1, 1), 'm1.small': ('2', 2048, 1, 20),
                       'm1.medium': ('3', 4096, 2, 40), 'm1.large': ('4', 8192, 4, 80),
                       'm1.xlarge': ('5', 16384, 8, 160)}


def test_instance_metadata_is_replaced_by_update(admin_context):
    instance = _instance(admin_context, metadata={'a': '1', 'b': '2'})
    updated = db.instance_update(admin_context, instance.uuid, {'metadata': {'b': '3', 'c': '4'}})
    assert {m.key: m.value for m in updated.metadata_items} == {'b': '3', 'c': '4'}


def test_conditional_update_refuses_an_unexpected_task_state(admin_context):
    instance = _instance(admin_context, task_state='scheduling')
    db.instance_update(admin_context, instance.uuid, {'task_state': 'spawning'},
                       expected={'task_state': ['scheduling']})
    with pytest.raises(exception.UnexpectedTaskStateError) as error:
        db.instance_update(admin_context, instance.uuid, {'task_state': 'networking'},
                           expected={'task_state': ['scheduling']})
    assert 'spawning' in str(error.value)
    assert db.instance_get_by_uuid(admin_context, instance.uuid).task_state == 'spawning'


def test_soft_deleted_instances_are_hidden_but_kept(admin_context):
    instance = _instance(admin_context)
    db.instance_destroy(admin_context, instance.uuid)
    with pytest.raises(exception.InstanceNotFound):
        db.instance_get_by_uuid(admin_context, instance.uuid)
    deleted = db.instance_get_all_by_filters(admin_context, {'deleted': True})
    assert [(i.uuid, i.vm_state) for i in deleted] == [(instance.uuid, 'deleted')]
    assert deleted[0].deleted == deleted[0].id


def test_instances_page_by_marker_in_sort_order(admin_context):
    uuids = [_instance(admin_context, display_name=f'vm{i}').uuid for i in range(5)]
    first = db.instance_get_all_by_filters(admin_context, {'project_id': 'p1'}, limit=2,
                                           sort_keys=['display_name'], sort_dirs=['asc'])
    rest = db.instance_get_all_by_filters(admin_context, {'project_id': 'p1'},
                                          marker=first[-1].uuid,
                                          sort_keys=['display_name'], sort_dirs=['asc'])
    assert [i.uuid for i in first + rest] == uuids


def test_usage_counts_instances_cores_and_ram_per_project(admin_context):
    _instance(admin_context, vcpus=2, memory_mb=512)
    _instance(admin_context, vcpus=1, memory_mb=256)
    _instance(admin_context, project_id='other', vcpus=8, memory_mb=8192)
    assert db.instance_count_by_project(admin_context, 'p1') == {
        'instances': 2, 'cores': 3, 'ram': 768}


def test_duplicates_raise_conflicts(admin_context):
    db.key_pair_create(admin_context, {'name': 'k', 'user_id': 'u', 'public_key': 'ssh-rsa A'})
    with pytest.raises(exception.KeyPairExists):
        db.key_pair_create(admin_context, {'name': 'k', 'user_id': 'u', 'public_key': 'x'})
    with pytest.raises(exception.FlavorExists):
        db.flavor_create(admin_context, {'flavorid': '99', 'name': 'm1.tiny', 'memory_mb': 1,
                                         'vcpus': 1})


def test_heartbeat_counts_reports(admin_context):
    service = db.service_create(admin_context, {'host': 'h', 'binary': 'novum-compute'})
    db.service_heartbeat(admin_context, service.id)
    beat = db.service_heartbeat(admin_context, service.id)
    assert beat.report_count == 2 and beat.last_seen_up is not None


def test_blocked_db_access_names_the_binary_and_the_caller(admin_context):
    db.block_db_access('novum-compute')
    with pytest.raises(exception.DBNotAllowed) as error:
        db.instance_get_by_uuid(admin_context, 'x')
    assert str(error.value) == ('novum-compute attempted direct database access '
                                '(instance_get_by_uuid), which is not allowed: only '
                                'novum-conductor opens the database.')
    with pytest.raises(exception.DBNotAllowed):
        db.get_engine()


def test_error_state_and_its_fault_are_written_together_or_not_at_all(admin_context):
    uuid = _instance(admin_context, task_state='spawning').uuid
    error = {'vm_state': 'error', 'task_state': None}
    fault = {'code': 500, 'message': 'boom'}

    with pytest.raises(exception.UnexpectedTaskStateError):
        db.instance_update_with_fault(admin_context, uuid, error, fault,
                                      expected={'task_state': ['scheduling']})
    assert db.instance_fault_get_by_instance_uuids(admin_context, [uuid])[uuid] == []
    assert db.instance_get_by_uuid(admin_context, uuid).vm_state == 'building'

    db.instance_update_with_fault(admin_context, uuid, error, fault,
                                  expected={'task_state': ['spawning']})
    [written] = db.instance_fault_get_by_instance_uuids(admin_context, [uuid])[uuid]
    assert (written.code, written.message) == (500, 'boom')
    assert db.instance_get_by_uuid(admin_context, uuid).vm_state == 'error'
