"""Object versioning: fingerprints, backports and the RPC serializer."""

from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fixture

from novum import context, objects, rpc
from novum.objects import base

# A change of fields or remotable signatures changes the hash: bump the object's VERSION,
# say what changed in its version history, and update the entry here.
OBJECT_FINGERPRINTS = {
    'Aggregate': '1.0-ef9801a94b403a9b3ba3b503f6b86f08',
    'AggregateList': '1.0-551a8bdf8c11db908e9f0abf9df25a5e',
    'ComputeNode': '1.1-3aaaf9da0af6e9f05e12821152382a9c',
    'ComputeNodeList': '1.1-bc208356f3f489c3cea708abdfda3c62',
    'Flavor': '1.2-8dc3cb79f3d394985995c95c99542a53',
    'FlavorList': '1.0-aae9c568bdc1c6cc08fb3c853ef5ac2f',
    'ImageMeta': '1.1-9c19a18f796e46da4ae3e6c0ee15b051',
    'ImageMetaList': '1.0-4eceeb7289d53b57fdc743bb25a18750',
    'Instance': '1.8-a761f7f7db2196f49e4388329d14c9a4',
    'InstanceAction': '1.1-b88e84f6df47202332236a91467ecb90',
    'InstanceActionEvent': '1.0-912d0c4e3511a41addd11fee62cb8d84',
    'InstanceActionEventList': '1.0-eb8a148c84e7952e3f58c0d7742a32c6',
    'InstanceActionList': '1.0-67300d5407af42354d6de60a58d48524',
    'InstanceFault': '1.0-9c571fe477e682d731ee9e31e8dddfd6',
    'InstanceFaultList': '1.1-15ecf022a68ddbb8c2a6739cfc9f8f5e',
    'InstanceGroup': '1.0-523bba9630f19cdcc378d4f09c51dca4',
    'InstanceGroupList': '1.0-dd11026d80b22c16df9cfba6f03795b9',
    'InstanceList': '1.3-78bce51e21177472b9bab22a8fcc373b',
    'KeyPair': '1.0-52cec8a290510d36d20d5af91a3e3ca1',
    'KeyPairList': '1.0-6f399397e6220d2e02db19432eeee4d3',
    'Migration': '1.0-d4a5e863a93bc5e3ee20bf19c4886b2b',
    'MigrationList': '1.0-f2df13c1269626469c28ef882e177180',
    'ProcessStats': '1.0-e0740f4c3e52ec162315b5ba2daf393f',
    'Quotas': '1.0-a6a239ec969f98547a477dcbccf10f74',
    'RequestSpec': '1.2-27713165326d187ece8dc8f6430a4c3f',
    'Selection': '1.0-05a1728cbcb7dda587313cc16880818b',
    'Service': '1.0-5df9e28a0e934ff6dfdcbfac3ed5deab',
    'ServiceList': '1.0-4106f0f9c1d7922175c87a1aab3e3fb1',
    'Tag': '1.0-337ce19dfe69efea376fdfd748d5cfbf',
    'TagList': '1.0-d058c1749ffea5b23b551980434f7aad',
}


def test_object_fingerprints_match_their_versions():
    checker = fixture.ObjectVersionChecker(base.NovumObjectRegistry.obj_classes())
    expected, actual = checker.test_hashes(OBJECT_FINGERPRINTS)
    assert expected == actual, (
        'Objects changed without a version bump (or the table above is stale): '
        f'{sorted(set(expected.items()) ^ set(actual.items()))}')


def test_every_registered_object_has_a_fingerprint():
    assert set(base.NovumObjectRegistry.obj_classes()) == set(OBJECT_FINGERPRINTS)


def _flavor(ctxt, **values):
    return objects.Flavor(ctxt, id=1, flavorid='42', name='f1', memory_mb=512, vcpus=1,
                          root_gb=1, ephemeral_gb=0, swap=0, rxtx_factor=1.0,
                          is_public=True, disabled=False, extra_specs={}, **values)


def test_flavor_backport_to_1_0_drops_description(admin_context):
    flavor = _flavor(admin_context, description='small')

    primitive = flavor.obj_to_primitive(target_version='1.0')

    data = primitive['novum_object.data']
    assert primitive['novum_object.version'] == '1.0'
    assert 'description' not in data
    assert data['name'] == 'f1'
    assert flavor.obj_to_primitive()['novum_object.data']['description'] == 'small'


def test_instance_with_nested_objects_and_context_survive_the_rpc_serializer():
    ctxt = context.RequestContext(user_id='u1', project_id='p1', request_id='req-abc',
                                  roles=['member'])
    instance = objects.Instance(ctxt, uuid='b5d0c4a5-6a0e-4a3f-9d55-0f6c1e0d2b11',
                                display_name='vm1', vm_state='building', task_state=None,
                                flavor=_flavor(ctxt), metadata={'k': 'v'},
                                fault=objects.InstanceFault(code=500, message='boom',
                                                            instance_uuid='b5d0c4a5-6a0e-'
                                                            '4a3f-9d55-0f6c1e0d2b11'))
    serializer = rpc.RequestContextSerializer(base.NovumObjectSerializer())

    wire_context = serializer.serialize_context(ctxt)
    wire_entity = serializer.serialize_entity(ctxt, {'instances': [instance]})
    received_context = serializer.deserialize_context(wire_context)
    received = serializer.deserialize_entity(received_context, wire_entity)['instances'][0]

    assert (received_context.request_id, received_context.user_id,
            received_context.project_id, received_context.roles) == (
        'req-abc', 'u1', 'p1', ['member'])
    assert isinstance(received, objects.Instance)
    assert received.uuid == instance.uuid and received.display_name == 'vm1'
    assert isinstance(received.flavor, objects.Flavor) and received.flavor.memory_mb == 512
    assert isinstance(received.fault, objects.InstanceFault)
    assert received.fault.message == 'boom'
    assert received.metadata == {'k': 'v'}
    assert received.obj_what_changed() == instance.obj_what_changed()


def test_save_writes_only_changed_fields(admin_context):
    from novum.db import api as db_api
    instance = objects.Instance(admin_context, display_name='vm', project_id='p',
                                vm_state='building', flavor=objects.Flavor.get_by_flavor_id(
                                    admin_context, '1'))
    instance.create()
    before = dict(db_api.STATEMENTS)
    instance.save()  # nothing changed: no statement at all
    assert dict(db_api.STATEMENTS) == before

    instance.task_state = 'spawning'
    assert instance.obj_what_changed() == {'task_state'}
    instance.save()
    assert instance.obj_what_changed() == set()
    assert objects.Instance.get_by_uuid(admin_context, instance.uuid).task_state == 'spawning'


def test_instance_backport_to_1_4_drops_access_ips(admin_context):
    instance = objects.Instance(admin_context, display_name='vm', access_ip_v4='192.0.2.1',
                                access_ip_v6='2001:db8::1')

    data = instance.obj_to_primitive(target_version='1.4')['novum_object.data']

    assert 'access_ip_v4' not in data and 'access_ip_v6' not in data
    assert data['display_name'] == 'vm'


def test_instance_backport_to_1_5_drops_tags(admin_context):
    instance = objects.Instance(admin_context, display_name='vm', tags=['a'])

    data = instance.obj_to_primitive(target_version='1.5')['novum_object.data']

    assert 'tags' not in data and data['display_name'] == 'vm'


def test_request_spec_backport_to_1_1_drops_instance_group(admin_context):
    group = objects.InstanceGroup(admin_context, uuid='b5d0c4a5-6a0e-4a3f-9d55-0f6c1e0d2b11',
                                  policy='anti-affinity')
    spec = objects.RequestSpec(admin_context, num_instances=1, instance_group=group)

    data = spec.obj_to_primitive(target_version='1.1', version_manifest={
        'RequestSpec': '1.1', 'InstanceGroup': '1.0'})['novum_object.data']

    assert 'instance_group' not in data and data['num_instances'] == 1

def test_instance_backport_to_1_7_drops_old_and_new_flavor(admin_context):
    tiny = objects.Flavor.get_by_flavor_id(admin_context, '1')
    instance = objects.Instance(admin_context, display_name='vm', old_flavor=tiny,
                                new_flavor=tiny)

    # As the conductor backports: with the manifest of the nested objects' versions.
    manifest = ovo_base.obj_tree_get_versions('Instance')
    data = instance.obj_to_primitive(target_version='1.7',
                                     version_manifest=manifest)['novum_object.data']

    assert 'old_flavor' not in data and 'new_flavor' not in data
    assert data['display_name'] == 'vm'


def test_instance_old_and_new_flavor_round_trip_the_database(admin_context):
    tiny = objects.Flavor.get_by_flavor_id(admin_context, '1')
    small = objects.Flavor.get_by_flavor_id(admin_context, '2')
    instance = objects.Instance(admin_context, display_name='vm', flavor=tiny)
    instance.create()
    assert instance.old_flavor is None and instance.new_flavor is None

    instance.old_flavor, instance.new_flavor = tiny, small
    instance.save()

    loaded = objects.Instance.get_by_uuid(admin_context, instance.uuid)
    assert (loaded.old_flavor.flavorid, loaded.new_flavor.flavorid) == ('1', '2')
    assert loaded.flavor.flavorid == '1' and loaded.memory_mb == 512
