"""The quota resources Novum does not store per project come from [quota] options (Nova's
names): quota sets, quota class sets and /limits show them, and a boot checks the
injected file (personality) ones."""

from novum import conf
from tests.unit.api import fixtures

CONF = conf.CONF


def test_quota_sets_show_the_unstored_resources_from_quota_options(api, admin_api):
    for name, value in (('floating_ips', 3), ('fixed_ips', 4), ('security_groups', 5),
                        ('security_group_rules', 6), ('injected_files', 7),
                        ('injected_file_content_bytes', 8),
                        ('injected_file_path_length', 9)):
        CONF.set_override(name, value, group='quota')
    expected = {'floating_ips': 3, 'fixed_ips': 4, 'security_groups': 5,
                'security_group_rules': 6, 'injected_files': 7,
                'injected_file_content_bytes': 8, 'injected_file_path_bytes': 9}
    quota_set = api.get('/v2.1/os-quota-sets/demo').body['quota_set']
    defaults = api.get('/v2.1/os-quota-sets/demo/defaults').body['quota_set']
    class_set = admin_api.get('/v2.1/os-quota-class-sets/default').body['quota_class_set']
    for body in (quota_set, defaults, class_set):
        assert {name: body[name] for name in expected} == expected
    detail = api.get('/v2.1/os-quota-sets/demo/detail').body['quota_set']
    assert detail['injected_files'] == {'limit': 7, 'in_use': 0, 'reserved': 0}


def test_limits_show_the_personality_quota_options(api):
    CONF.set_override('injected_files', 2, group='quota')
    CONF.set_override('injected_file_content_bytes', 64, group='quota')
    absolute = api.get('/v2.1/limits').body['limits']['absolute']
    assert (absolute['maxPersonality'], absolute['maxPersonalitySize']) == (2, 64)


def test_a_boot_checks_the_injected_files_quota_option(api, images, scheduler):
    def boot(count):
        return api.post('/v2.1/servers', {'server': {
            'name': 'vm', 'flavorRef': '1', 'imageRef': fixtures.CIRROS_ID,
            'personality': [{'path': f'/etc/f{i}', 'contents': 'YQ=='}
                            for i in range(count)]}})

    CONF.set_override('injected_files', 1, group='quota')
    assert boot(2).status == 403
    assert boot(1).status == 202
    CONF.set_override('injected_files', -1, group='quota')
    assert boot(6).status == 202
