"""A compute resumes the builds it was running when it died, and a repeated build cast
for an instance another build owns leaves that build alone."""

from oslo_utils import uuidutils

from novum import objects
from novum.compute import manager as compute_manager
from novum.compute import power_state, task_states, vm_states
from novum.conductor import build_recovery
from novum.objects.resources import InstanceResources
from tests.unit.compute.test_pipeline import HOSTS, TINY, cloud  # noqa: F401


def _placed_instance(cloud, host: str, task_state: str):     # noqa: F811
    instance = objects.Instance(
        cloud.ctxt, uuid=uuidutils.generate_uuid(), project_id='p1', user_id='u1',
        vm_state=vm_states.BUILDING, task_state=task_states.SCHEDULING,
        image_ref=cloud.images['plain'],
        flavor=objects.Flavor.get_by_flavor_id(cloud.admin, TINY))
    instance.create()
    resources = InstanceResources.of_flavor(instance.flavor)
    objects.ComputeNode.claim(cloud.admin, cloud.node(host).id, instance.uuid,
                              resources.vcpus, resources.memory_mb, resources.disk_gb)
    if task_state != task_states.SCHEDULING:
        objects.Instance.update_states(cloud.admin, instance.uuid, {'task_state': task_state},
                                       [task_states.SCHEDULING])
    return instance


def test_restarted_compute_builds_again_what_it_was_building(cloud):  # noqa: F811
    host = HOSTS[0]
    stopped = [_placed_instance(cloud, host, state) for state in (
        task_states.SCHEDULING, task_states.NETWORKING, task_states.SPAWNING)]
    restarted = compute_manager.ComputeManager(host=host)   # its driver knows nothing

    restarted.init_host()

    done = [cloud.wait(i) for i in stopped]
    assert [(i.vm_state, i.host) for i in done] == [(vm_states.ACTIVE, host)] * 3
    assert all(restarted.driver.get_info(i).state == power_state.RUNNING for i in done)
    assert cloud.node(host).running_vms == 3


def test_repeated_build_cast_does_not_destroy_the_build_that_owns_it(cloud):  # noqa: F811
    host = HOSTS[0]
    compute = cloud.computes[host]
    owned = _placed_instance(cloud, host, task_states.SPAWNING)
    compute.driver._instances[owned.uuid] = power_state.RUNNING     # spawning, elsewhere
    stale = objects.Instance.get_by_uuid(cloud.admin, owned.uuid)
    stale.task_state = task_states.SCHEDULING
    stale.obj_reset_changes()

    compute._build_and_run_instance(cloud.ctxt, stale,
                                    build_recovery.request_spec_of(cloud.admin, [stale]), [])

    assert owned.uuid in compute.driver.list_instance_uuids()
    assert cloud.wait(owned, timeout=0).task_state == task_states.SPAWNING


def test_repeated_cast_while_queued_here_is_ignored(cloud):  # noqa: F811
    compute = cloud.computes[HOSTS[0]]
    compute._building.add('some-uuid')
    instance = objects.Instance(uuid='some-uuid')

    compute.build_and_run_instance(cloud.ctxt, instance, None, [])     # no thread started

    assert compute._building == {'some-uuid'}
