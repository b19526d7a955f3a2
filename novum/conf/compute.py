"""novum-compute options: driver, build concurrency and timeouts, allocation ratios,
resize."""

from oslo_config import cfg

compute_opts = [
    cfg.StrOpt('compute_driver', default='fake.FakeDriver',
               help='Virt driver, as module.Class under novum.virt.'),
    cfg.IntOpt('max_concurrent_builds', default=10, min=0,
               help='Builds one compute runs at once; 0 means unlimited.'),
    cfg.IntOpt('instance_build_timeout', default=600, min=0,
               help='Seconds an instance may stay in BUILD before it is set to ERROR '
                    'with a fault. 0 disables the check (Nova\'s default; not ours).'),
    cfg.StrOpt('default_availability_zone', default='nova',
               help='Availability zone of compute hosts.'),
    cfg.StrOpt('internal_service_availability_zone', default='internal',
               help='Availability zone reported for non-compute services.'),
    cfg.FloatOpt('cpu_allocation_ratio', default=16.0, min=0.0,
                 help='Virtual CPUs schedulable per physical CPU.'),
    cfg.FloatOpt('ram_allocation_ratio', default=1.5, min=0.0,
                 help='Virtual RAM schedulable per MB of physical RAM.'),
    cfg.FloatOpt('disk_allocation_ratio', default=1.0, min=0.0,
                 help='Virtual disk schedulable per GB of physical disk.'),
    cfg.IntOpt('reserved_host_memory_mb', default=512, min=0,
               help='Memory kept back for the host itself.'),
    cfg.IntOpt('reserved_host_disk_mb', default=0, min=0,
               help='Disk kept back for the host itself.'),
    cfg.IntOpt('reserved_host_cpus', default=0, min=0,
               help='Physical CPUs kept back for the host itself.'),
    cfg.IntOpt('update_resources_interval', default=60, min=1,
               help='Seconds between runs of update_available_resource.'),
    cfg.IntOpt('sync_power_state_interval', default=600, min=1,
               help='Seconds between runs of _sync_power_states.'),
    cfg.BoolOpt('allow_resize_to_same_host', default=False,
                help='Allow the scheduler to pick the instance\'s own host as the '
                     'destination of a resize or cold migration (Nova\'s option).'),
    cfg.IntOpt('resize_confirm_window', default=0, min=0,
               help='Seconds after which a resized server (vm_state resized) is '
                    'confirmed automatically by its destination compute; 0 disables.'),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_opts(compute_opts)


def list_opts() -> dict:
    return {'DEFAULT': compute_opts}
