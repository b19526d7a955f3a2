"""The claims of a move (novum/db/api/migrations.py): the destination claim recorded on
the Migration without placing the instance, each hold given back once, and a recount
that counts a moving instance through its holds."""

import pytest

from novum import exception
from novum.compute import migration_states
from novum.db import api as db


def _node(ctxt, host: str) -> int:
    return db.compute_node_create(ctxt, {
        'host': host, 'hypervisor_hostname': host, 'vcpus': 4, 'memory_mb': 4096,
        'local_gb': 100, 'cpu_allocation_ratio': 1.0, 'ram_allocation_ratio': 1.0,
        'disk_allocation_ratio': 1.0}).id


def _usage(ctxt, node_id: int) -> tuple:
    node = db.compute_node_get(ctxt, node_id)
    return node.memory_mb_used, node.vcpus_used, node.local_gb_used, node.running_vms


def _recount(ctxt, node_id: int) -> tuple:
    db.compute_node_recount_usage(ctxt, node_id, 0, 0, 0)
    return _usage(ctxt, node_id)


@pytest.fixture
def move(admin_context):
    """An m1.tiny instance placed on src, and its pre-migrating resize to m1.small."""
    ctxt = admin_context
    tiny, small = db.flavor_get_by_flavor_id(ctxt, '1'), db.flavor_get_by_flavor_id(ctxt, '2')
    src, dst = _node(ctxt, 'src'), _node(ctxt, 'dst')
    # Placed as a build places it (claims only place instances waiting for a host), then
    # built.
    instance = db.instance_create(ctxt, {'project_id': 'p1', 'vm_state': 'building',
                                         'task_state': 'scheduling', 'vcpus': 1,
                                         'memory_mb': 512, 'root_gb': 1})
    assert db.compute_node_claim(ctxt, src, instance.uuid, 1, 512, 1) is not None
    instance = db.instance_update(ctxt, instance.uuid, {'vm_state': 'active',
                                                        'task_state': None})
    migration = db.migration_create(ctxt, {
        'instance_uuid': instance.uuid, 'source_compute': 'src', 'source_node': 'src',
        'old_instance_type_id': tiny.id, 'new_instance_type_id': small.id,
        'status': migration_states.PRE_MIGRATING, 'migration_type': 'resize'})
    return ctxt, src, dst, instance, migration


def test_move_claim_holds_the_destination_without_placing_the_instance(move):
    ctxt, src, dst, instance, migration = move

    node = db.compute_node_move_claim(ctxt, dst, migration.id, 1, 2048, 20)

    assert node is not None and node.host == 'dst'
    assert (db.instance_get_by_uuid(ctxt, instance.uuid).host,
            db.migration_get(ctxt, migration.id).dest_node) == ('src', 'dst')
    assert (_usage(ctxt, src), _usage(ctxt, dst)) == ((512, 1, 1, 1), (2048, 1, 20, 1))
    # The recount counts the moving instance through the migration's two holds.
    assert (_recount(ctxt, src), _recount(ctxt, dst)) == ((512, 1, 1, 1), (2048, 1, 20, 1))
    # ... wherever instance.host points meanwhile (resize_instance hands it over).
    db.instance_update(ctxt, instance.uuid, {'host': 'dst', 'node': 'dst'})
    assert (_recount(ctxt, src), _recount(ctxt, dst)) == ((512, 1, 1, 1), (2048, 1, 20, 1))


def test_move_claim_without_room_takes_nothing(move):
    ctxt, _src, dst, _instance, migration = move

    assert db.compute_node_move_claim(ctxt, dst, migration.id, 1, 8192, 20) is None

    assert _usage(ctxt, dst) == (0, 0, 0, 0)
    assert db.migration_get(ctxt, migration.id).dest_node is None


def test_move_claim_of_an_ended_migration_rolls_back(move):
    ctxt, _src, dst, _instance, migration = move
    db.migration_update(ctxt, migration.id, {'status': migration_states.ERROR})

    with pytest.raises(exception.UnexpectedMigrationStatusError):
        db.compute_node_move_claim(ctxt, dst, migration.id, 1, 2048, 20)

    assert _usage(ctxt, dst) == (0, 0, 0, 0)


def test_drop_claim_gives_back_one_side_once(move):
    ctxt, src, dst, instance, migration = move
    db.compute_node_move_claim(ctxt, dst, migration.id, 1, 2048, 20)

    assert db.migration_drop_claim(ctxt, migration.id, migration_states.DEST,
                                   migration_states.ERROR, migration_states.IN_PROGRESS)
    assert not db.migration_drop_claim(ctxt, migration.id, migration_states.DEST,
                                       migration_states.ERROR, migration_states.IN_PROGRESS)

    assert (_usage(ctxt, src), _usage(ctxt, dst)) == ((512, 1, 1, 1), (0, 0, 0, 0))
    assert (_recount(ctxt, src), _recount(ctxt, dst)) == ((512, 1, 1, 1), (0, 0, 0, 0))


def test_drop_claim_moves_the_instance_in_the_same_transaction(move):
    ctxt, src, dst, instance, migration = move
    db.compute_node_move_claim(ctxt, dst, migration.id, 1, 2048, 20)
    db.instance_update(ctxt, instance.uuid, {'host': 'dst', 'node': 'dst',
                                             'memory_mb': 2048, 'root_gb': 20})
    db.migration_update(ctxt, migration.id, {'status': migration_states.REVERTING})

    assert db.migration_drop_claim(ctxt, migration.id, migration_states.DEST,
                                   migration_states.REVERTED, [migration_states.REVERTING],
                                   instance_values={'host': 'src', 'node': 'src',
                                                    'memory_mb': 512, 'root_gb': 1})

    moved = db.instance_get_by_uuid(ctxt, instance.uuid)
    assert (moved.host, moved.memory_mb) == ('src', 512)
    assert (_recount(ctxt, src), _recount(ctxt, dst)) == ((512, 1, 1, 1), (0, 0, 0, 0))


def test_migrations_filters(move):
    ctxt, _src, _dst, instance, migration = move
    for filters, count in (({'host': 'src'}, 1), ({'host': 'dst'}, 0),
                           ({'status': 'pre-migrating'}, 1),
                           ({'status': ['error', 'pre-migrating']}, 1),
                           ({'instance_uuid': instance.uuid}, 1),
                           ({'migration_type': 'migration'}, 0)):
        assert len(db.migration_get_all_by_filters(ctxt, filters)) == count, filters
    assert [m.id for m in db.migration_get_in_progress_by_instance(
        ctxt, instance.uuid)] == [migration.id]
