"""The DB functions of server tags, aggregates and server groups, above all the group
claim: written once against `admin_context`, here on SQLite and again on MariaDB,
PostgreSQL and SQLite by tests/functional/test_db_backends.py."""

import threading

import pytest

from novum import context, exception
from novum.db import api as db


def _instance(ctxt, **values):
    return db.instance_create(ctxt, {'project_id': 'p1', 'vm_state': 'building',
                                     'task_state': 'scheduling', 'vcpus': 1,
                                     'memory_mb': 512, 'root_gb': 1, **values})


def _node(ctxt, host: str):
    return db.compute_node_create(ctxt, {
        'host': host, 'hypervisor_hostname': host, 'vcpus': 64, 'memory_mb': 65536,
        'local_gb': 1000, 'cpu_allocation_ratio': 1.0, 'ram_allocation_ratio': 1.0,
        'disk_allocation_ratio': 1.0})


def test_tags_set_add_delete_and_the_four_filters(admin_context):
    uuids = [_instance(admin_context).uuid for _ in range(3)]
    db.instance_tag_set(admin_context, uuids[0], ['a', 'b'])
    assert db.instance_tag_add(admin_context, uuids[1], 'a')
    assert not db.instance_tag_add(admin_context, uuids[1], 'a')
    assert db.instance_tag_set(admin_context, uuids[0], ['b', 'c']) == ['b', 'c']

    def names(filters):
        return {row.uuid for row in db.instance_get_all_by_filters(admin_context, filters)}

    assert names({'tags': ['b', 'c']}) == {uuids[0]}
    assert names({'tags-any': ['a', 'c']}) == {uuids[0], uuids[1]}
    assert names({'not-tags': ['b', 'c']}) == {uuids[1], uuids[2]}
    assert names({'not-tags-any': ['a', 'b']}) == {uuids[2]}
    db.instance_tag_delete(admin_context, uuids[0], 'b')
    with pytest.raises(exception.InstanceTagNotFound):
        db.instance_tag_delete(admin_context, uuids[0], 'b')
    db.instance_tag_delete_all(admin_context, uuids[0])
    assert db.instance_tag_get_by_instance_uuid(admin_context, uuids[0]) == []


def test_aggregates_hosts_metadata_and_lookups(admin_context):
    first = db.aggregate_create(admin_context, {'name': 'a1'}, {'availability_zone': 'z1'})
    second = db.aggregate_create(admin_context, {'name': 'a2'})
    with pytest.raises(exception.AggregateNameExists):
        db.aggregate_create(admin_context, {'name': 'a1'})
    db.aggregate_host_add(admin_context, first.id, 'h1')
    db.aggregate_host_add(admin_context, second.id, 'h1')
    with pytest.raises(exception.AggregateHostExists):
        db.aggregate_host_add(admin_context, first.id, 'h1')
    assert [a.name for a in db.aggregate_get_by_host(admin_context, 'h1')] == ['a1', 'a2']
    assert [a.name for a in db.aggregate_get_by_metadata_key(
        admin_context, 'availability_zone', ['h1'])] == ['a1']
    updated = db.aggregate_metadata_update(admin_context, first.id,
                                           {'availability_zone': None, 'k': 'v'})
    assert {row.key: row.value for row in updated.metadata_rows} == {'k': 'v'}
    db.aggregate_host_delete(admin_context, second.id, 'h1')
    with pytest.raises(exception.AggregateHostNotFound):
        db.aggregate_host_delete(admin_context, second.id, 'h1')
    db.aggregate_delete(admin_context, second.id)
    assert db.aggregate_create(admin_context, {'name': 'a2'}).name == 'a2'


def test_group_claims_racing_on_one_host_never_pass_max_server_per_host(admin_context):
    db.serialize_sqlite_transactions()      # SQLite has one writer; a no-op elsewhere
    node = _node(admin_context, 'h1')
    group = db.instance_group_create(admin_context, {
        'name': 'g', 'policy': 'anti-affinity', 'rules': {'max_server_per_host': 3},
        'project_id': 'p1'})
    uuids = [_instance(admin_context).uuid for _ in range(8)]
    db.instance_group_members_add(admin_context, group.uuid, uuids)
    outcomes = []

    def claim(uuid: str) -> None:
        ctxt = context.get_admin_context()
        try:
            claimed = db.instance_group_claim(ctxt, group.uuid, node.id, uuid, 1, 512, 1)
            outcomes.append('claimed' if claimed is not None else 'full')
        except exception.ServerGroupHostRefused:
            outcomes.append('refused')
        except Exception as error:      # noqa: BLE001 (the assertion shows it)
            outcomes.append(repr(error))

    threads = [threading.Thread(target=claim, args=(uuid,)) for uuid in uuids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ['claimed'] * 3 + ['refused'] * 5, outcomes
    assert db.compute_node_get(admin_context, node.id).running_vms == 3
    placed = [host for _uuid, host in db.instance_group_members_get(admin_context, group.id)
              if host]
    assert placed == ['h1'] * 3


def test_affinity_claims_follow_the_first_member_and_deleted_members_do_not_count(
        admin_context):
    nodes = [_node(admin_context, host) for host in ('h1', 'h2')]
    group = db.instance_group_create(admin_context, {'name': 'g', 'policy': 'affinity',
                                                     'project_id': 'p1'})
    uuids = [_instance(admin_context).uuid for _ in range(3)]
    db.instance_group_members_add(admin_context, group.uuid, uuids)
    assert db.instance_group_claim(admin_context, group.uuid, nodes[1].id, uuids[0],
                                   1, 512, 1) is not None
    with pytest.raises(exception.ServerGroupHostRefused):
        db.instance_group_claim(admin_context, group.uuid, nodes[0].id, uuids[1], 1, 512, 1)
    db.instance_destroy(admin_context, uuids[0])
    assert db.instance_group_claim(admin_context, group.uuid, nodes[0].id, uuids[1],
                                   1, 512, 1) is not None
    assert [uuid for uuid, _host in db.instance_group_members_get(
        admin_context, group.id)] == uuids[1:]
