"""[fake_driver] options: the resources and faults FakeDriver pretends to have."""

from oslo_config import cfg

fake_driver_group = cfg.OptGroup('fake_driver', title='FakeDriver options')

fake_driver_opts = [
    cfg.IntOpt('vcpus', default=8, min=1, help='vCPUs the fake hypervisor reports.'),
    cfg.IntOpt('memory_mb', default=16384, min=1, help='MB of RAM it reports.'),
    cfg.IntOpt('local_gb', default=200, min=1, help='GB of local disk it reports.'),
    cfg.FloatOpt('spawn_delay', default=0.0, min=0.0,
                 help='Seconds spawn() sleeps, to imitate a real hypervisor.'),
    cfg.BoolOpt('fail_spawn', default=False,
                help='Make every spawn() on this host fail (for reschedule tests). '
                     'An image property novum_fake_spawn_fail=true fails one build.'),
    cfg.FloatOpt('migration_delay', default=0.0, min=0.0,
                 help='Seconds migrate_disk_and_power_off() and finish_migration() each '
                      'sleep, so a client can watch a resize go through its states. '
                      'An instance metadata item novum_fake_fail=<driver method> makes '
                      'that method fail for this instance.'),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_group(fake_driver_group)
    conf.register_opts(fake_driver_opts, group=fake_driver_group)


def list_opts() -> dict:
    return {fake_driver_group: fake_driver_opts}
