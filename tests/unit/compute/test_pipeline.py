"""The boot pipeline in one process: compute API -> conductor (use_local) -> scheduler
and two computes served over the fake:// transport, on SQLite. Real objects, real
managers, real RPC servers; only the hypervisor is FakeDriver."""

import time

import oslo_messaging as messaging
import pytest
from oslo_utils import uuidutils

from novum import conf, context, exception, objects, rpc
from novum.compute import api as compute_api
from novum.compute import manager as compute_manager
from novum.compute import power_state, task_states, vm_states
from novum.conductor import manager as conductor_manager
from novum.db import api as db_api
from novum.objects import base as objects_base
from novum.scheduler import manager as scheduler_manager

CONF = conf.CONF
HOSTS = ('unit-a', 'unit-b')
TINY, SMALL = '1', '2'     # 512 MB / 1 GB disk, 2048 MB / 20 GB disk


class Cloud:
    def __init__(self, admin):
        self.admin = admin
        self.ctxt = context.RequestContext(user_id='u1', project_id='p1')
        self.api = compute_api.API()
        self.computes: dict[str, compute_manager.ComputeManager] = {}
        self.servers = []
        self.images = {}

    def image(self, **properties) -> str:
        image = objects.ImageMeta(self.admin, id=uuidutils.generate_uuid(), name='img',
                                  status='active', properties=properties)
        image.create()
        return image.id

    def boot(self, image_id: str | None = None, flavor: str = TINY, **kwargs):
        request = compute_api.BootRequest(name=kwargs.pop('name', 'vm'), flavor_id=flavor,
                                          image_id=image_id or self.images['plain'], **kwargs)
        return self.api.create(self.ctxt, request)

    def wait(self, instance, until=lambda i: i.vm_state != vm_states.BUILDING,
             timeout: float = 20.0):
        deadline = time.monotonic() + timeout
        while True:
            try:
                current = objects.Instance.get_by_uuid(self.admin, instance.uuid,
                                                       expected_attrs=['fault'])
            except exception.InstanceNotFound:
                current = None
            if until(current) or time.monotonic() > deadline:
                return current
            time.sleep(0.02)

    def node(self, host: str):
        return objects.ComputeNode.get_by_host_and_nodename(self.admin, host, host)

    def events(self, instance) -> list:
        action = objects.InstanceActionList.get_by_instance_uuid(self.admin, instance.uuid)[-1]
        return [(e.event, e.result, e.host) for e in
                objects.InstanceActionEventList.get_by_action(self.admin, action.id)]


@pytest.fixture
def cloud(novum_env, admin_context):
    CONF.set_override('use_local', True, group='conductor')
    CONF.set_override('host_state_refresh_interval', 0, group='scheduler')
    CONF.set_override('memory_mb', 4096, group='fake_driver')
    CONF.set_override('reserved_host_memory_mb', 0)
    CONF.set_override('ram_allocation_ratio', 1.0)
    objects_base.NovumObject.indirection_api = None
    db_api.serialize_sqlite_transactions()     # threads share one SQLite file here
    cloud = Cloud(admin_context)
    serializer = objects_base.NovumObjectSerializer()
    servers = [rpc.get_server(messaging.Target(topic=CONF.scheduler.topic, server='sched'),
                              [scheduler_manager.SchedulerManager(host='sched')], serializer)]
    for host in HOSTS:
        service = objects.Service(admin_context, host=host, binary='novum-compute',
                                  topic='compute')
        service.create()
        service.heartbeat()
        manager = compute_manager.ComputeManager(host=host)
        manager.init_host()
        cloud.computes[host] = manager
        servers.append(rpc.get_server(messaging.Target(topic='compute', server=host),
                                      [manager], serializer))
    for server in servers:
        server.start()
    cloud.images['plain'] = cloud.image()
    yield cloud
    for manager in cloud.computes.values():
        manager.cleanup_host()
    for server in servers:
        server.stop()
        server.wait()


def test_boot_ends_active_with_its_claim_and_events(cloud):
    (instance,), reservation_id = cloud.boot(name='web', metadata={'role': 'web'})

    assert reservation_id.startswith('r-')
    assert (instance.vm_state, instance.task_state) == (vm_states.BUILDING,
                                                        task_states.SCHEDULING)
    done = cloud.wait(instance)
    assert (done.vm_state, done.task_state, done.power_state) == (
        vm_states.ACTIVE, None, power_state.RUNNING)
    assert done.host in HOSTS and done.node == done.host and done.launched_at
    assert done.display_name == 'web' and done.metadata == {'role': 'web'}
    node = cloud.node(done.host)
    assert (node.memory_mb_used, node.vcpus_used, node.local_gb_used, node.running_vms) == (
        512, 1, 1, 1)
    assert cloud.events(done) == [('compute_build_and_run_instance', 'Success', done.host)]


def test_multi_create_names_instances_and_spreads_them(cloud):
    instances, reservation_id = cloud.boot(name='batch', min_count=2, max_count=4)

    assert [i.display_name for i in instances] == [f'batch-{n}' for n in range(1, 5)]
    assert [i.launch_index for i in instances] == [0, 1, 2, 3]
    assert {i.reservation_id for i in instances} == {reservation_id}
    done = [cloud.wait(i) for i in instances]
    assert [i.vm_state for i in done] == [vm_states.ACTIVE] * 4
    assert sorted(i.host for i in done) == sorted(HOSTS * 2)


def test_no_valid_host_fault_says_which_filter_removed_the_hosts(cloud):
    placed = [cloud.boot(flavor=SMALL)[0][0] for _ in range(4)]   # 2 x 2048 MB per host
    assert {cloud.wait(i).vm_state for i in placed} == {vm_states.ACTIVE}

    (instance,), _ = cloud.boot(flavor=SMALL)

    failed = cloud.wait(instance)
    assert (failed.vm_state, failed.task_state, failed.host) == (vm_states.ERROR, None, None)
    assert 'No valid host was found' in failed.fault.message
    assert 'RamFilter removed 2 of 2 hosts' in failed.fault.message
    for host in HOSTS:
        assert cloud.node(host).memory_mb_used == 4096


def test_spawn_failure_is_rescheduled_to_the_alternate(cloud):
    # A first instance fills one host a little, so the weighers pick the other first.
    filled = cloud.wait(cloud.boot(flavor=SMALL)[0][0]).host
    emptier = next(host for host in HOSTS if host != filled)
    image_id = cloud.image(novum_fake_spawn_fail_hosts=emptier)

    (instance,), _ = cloud.boot(image_id)

    done = cloud.wait(instance)
    assert (done.vm_state, done.host) == (vm_states.ACTIVE, filled)
    assert cloud.events(done) == [
        ('compute_build_and_run_instance', 'Error', emptier),
        ('compute_build_and_run_instance', 'Success', filled)]
    assert cloud.node(emptier).running_vms == 0


def test_spawn_failing_on_every_host_ends_in_error_with_max_retries_fault(cloud):
    (instance,), _ = cloud.boot(cloud.image(novum_fake_spawn_fail='true'))

    failed = cloud.wait(instance)
    assert (failed.vm_state, failed.host) == (vm_states.ERROR, None)
    assert 'Exceeded maximum number of retries' in failed.fault.message
    for host in HOSTS:
        assert cloud.node(host).running_vms == 0


def test_delete_frees_the_claim(cloud):
    done = cloud.wait(cloud.boot()[0][0])

    cloud.api.delete(cloud.ctxt, done)

    assert cloud.wait(done, until=lambda i: i is None) is None
    node = cloud.node(done.host)
    assert (node.memory_mb_used, node.running_vms) == (0, 0)


def test_delete_before_scheduling_is_done_by_the_conductor(cloud):
    instance = objects.Instance(cloud.ctxt, uuid=uuidutils.generate_uuid(),
                                project_id='p1', vm_state=vm_states.BUILDING,
                                task_state=task_states.SCHEDULING,
                                flavor=objects.Flavor.get_by_flavor_id(cloud.admin, TINY))
    instance.create()

    cloud.api.delete(cloud.ctxt, instance)

    with pytest.raises(exception.InstanceNotFound):
        objects.Instance.get_by_uuid(cloud.admin, instance.uuid)


def test_stop_start_and_reboot_transitions(cloud):
    instance = cloud.wait(cloud.boot()[0][0])
    with pytest.raises(exception.InstanceInvalidState):
        cloud.api.start(cloud.ctxt, instance)

    cloud.api.stop(cloud.ctxt, instance)
    assert instance.task_state == task_states.POWERING_OFF
    with pytest.raises(exception.InstanceInvalidState):   # one action at a time
        cloud.api.reboot(cloud.ctxt, instance, 'SOFT')
    stopped = cloud.wait(instance, until=lambda i: i.task_state is None)
    assert (stopped.vm_state, stopped.power_state) == (vm_states.STOPPED,
                                                       power_state.SHUTDOWN)
    with pytest.raises(exception.InstanceInvalidState):
        cloud.api.reboot(cloud.ctxt, stopped, 'SOFT')

    cloud.api.start(cloud.ctxt, stopped)
    started = cloud.wait(stopped, until=lambda i: i.task_state is None)
    assert (started.vm_state, started.power_state) == (vm_states.ACTIVE, power_state.RUNNING)

    cloud.api.reboot(cloud.ctxt, started, 'HARD')
    assert started.task_state == task_states.REBOOTING_HARD
    rebooted = cloud.wait(started, until=lambda i: i.task_state is None)
    assert rebooted.vm_state == vm_states.ACTIVE
    actions = [a.action for a in objects.InstanceActionList.get_by_instance_uuid(
        cloud.admin, instance.uuid)]
    assert sorted(actions) == ['create', 'reboot', 'start', 'stop']


def test_instance_stuck_in_build_goes_to_error_after_instance_build_timeout(cloud):
    CONF.set_override('instance_build_timeout', 1)
    (instance,), _ = cloud.boot(cloud.image(novum_fake_spawn_delay='30'))
    spawning = cloud.wait(instance, until=lambda i: i.task_state == task_states.SPAWNING)
    time.sleep(1.1)

    conductor_manager.ConductorManager()._check_instance_build_time(cloud.admin)

    failed = cloud.wait(instance)
    assert (failed.vm_state, failed.task_state) == (vm_states.ERROR, None)
    assert 'did not become active within 1 seconds' in failed.fault.message
    assert (f'novum-compute on {spawning.host} never finished it (task_state spawning)'
            in failed.fault.message)


def test_periodic_recount_corrects_drifted_usage(cloud):
    done = cloud.wait(cloud.boot()[0][0])
    node = cloud.node(done.host)
    node.memory_mb_used = 3000
    node.save()

    cloud.computes[done.host].update_available_resource(cloud.admin)

    assert cloud.node(done.host).memory_mb_used == 512


def test_compute_node_reports_my_ip_as_host_ip(cloud):
    assert cloud.node(HOSTS[0]).host_ip == '127.0.0.1'
    CONF.set_override('my_ip', '127.0.0.7')

    cloud.computes[HOSTS[0]].update_available_resource(cloud.admin)

    assert cloud.node(HOSTS[0]).host_ip == '127.0.0.7'


def test_create_checks_quota_and_inputs(cloud):
    objects.Quotas.update_limits(cloud.admin, 'p1', {'instances': 2})
    with pytest.raises(exception.TooManyInstances):
        cloud.boot(min_count=3, max_count=3)
    instances, _ = cloud.boot(min_count=1, max_count=5)    # trimmed to what quota allows
    assert len(instances) == 2
    with pytest.raises(exception.Invalid):
        cloud.boot(min_count=2, max_count=1)
    with pytest.raises(exception.FlavorNotFound):
        cloud.boot(flavor='nope')
    with pytest.raises(exception.ImageNotFound):
        cloud.boot(uuidutils.generate_uuid())
    with pytest.raises(exception.KeypairNotFound):
        cloud.boot(key_name='missing')
    with pytest.raises(exception.InvalidAvailabilityZone):
        cloud.boot(availability_zone='mars')


def test_get_and_get_all_are_limited_to_the_project(cloud):
    mine = cloud.boot(name='mine')[0][0]
    other = context.RequestContext(user_id='u2', project_id='p2')
    theirs = cloud.api.create(other, compute_api.BootRequest(
        name='theirs', flavor_id=TINY, image_id=cloud.images['plain']))[0][0]

    assert cloud.api.get(cloud.ctxt, mine.uuid).uuid == mine.uuid
    with pytest.raises(exception.InstanceNotFound):
        cloud.api.get(cloud.ctxt, theirs.uuid)
    assert [i.uuid for i in cloud.api.get_all(cloud.ctxt)] == [mine.uuid]
    assert [i.uuid for i in cloud.api.get_all(cloud.ctxt, {'all_tenants': True})] == [
        mine.uuid]
    everyone = cloud.api.get_all(cloud.admin, {'all_tenants': True})
    assert {i.uuid for i in everyone} == {mine.uuid, theirs.uuid}
    assert [i.uuid for i in cloud.api.get_all(cloud.admin, {'all_tenants': True,
                                                             'name': 'thei'})] == [theirs.uuid]


def test_delete_on_a_host_whose_compute_is_down_is_done_by_the_conductor(cloud):
    done = cloud.wait(cloud.boot()[0][0])
    service = objects.Service.get_by_host_and_binary(cloud.admin, done.host, 'novum-compute')
    service.forced_down = True
    service.save()

    cloud.api.delete(cloud.ctxt, done)

    with pytest.raises(exception.InstanceNotFound):
        objects.Instance.get_by_uuid(cloud.admin, done.uuid)
    node = cloud.node(done.host)
    assert (node.memory_mb_used, node.running_vms) == (0, 0)


def test_instance_that_never_reached_a_host_goes_to_error_after_the_build_timeout(cloud):
    CONF.set_override('instance_build_timeout', 1)
    lost = objects.Instance(cloud.ctxt, uuid=uuidutils.generate_uuid(), project_id='p1',
                            vm_state=vm_states.BUILDING, task_state=task_states.SCHEDULING,
                            flavor=objects.Flavor.get_by_flavor_id(cloud.admin, TINY))
    lost.create()       # as if its build_instances cast was lost
    conductor = conductor_manager.ConductorManager()
    conductor._check_instance_build_time(cloud.admin)
    assert cloud.wait(lost, timeout=0).vm_state == vm_states.BUILDING
    time.sleep(1.1)

    conductor._check_instance_build_time(cloud.admin)

    failed = cloud.wait(lost, timeout=0)
    assert (failed.vm_state, failed.task_state) == (vm_states.ERROR, None)
    assert 'did not become active within 1 seconds' in failed.fault.message
    assert 'novum-scheduler never placed it' in failed.fault.message
