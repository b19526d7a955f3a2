"""[scheduler] and [filter_scheduler] options: attempts, filters, weighers."""

from oslo_config import cfg

scheduler_group = cfg.OptGroup('scheduler', title='Scheduler options')

scheduler_opts = [
    cfg.StrOpt('topic', default='scheduler', help='RPC topic novum-scheduler serves.'),
    cfg.IntOpt('max_attempts', default=3, min=1,
               help='Hosts tried per instance (the chosen one plus alternates) before '
                    'the build fails with a fault.'),
    cfg.IntOpt('workers', min=1, help='Number of novum-scheduler worker processes.'),
    cfg.FloatOpt('host_state_refresh_interval', default=1.0, min=0.0,
                 help='Seconds the in-memory host states are trusted before they are '
                      'reloaded from the compute nodes and services; 0 reloads them for '
                      'every request. Claims are checked at the database either way, so a '
                      'stale view can cost a retry but never an over-commit.'),
]

filter_scheduler_group = cfg.OptGroup('filter_scheduler', title='Filter scheduler options')

filter_scheduler_opts = [
    cfg.ListOpt('enabled_filters',
                default=['RetryFilter', 'ComputeFilter', 'AvailabilityZoneFilter',
                         'RamFilter', 'DiskFilter', 'CoreFilter', 'ImagePropertiesFilter',
                         'ServerGroupAntiAffinityFilter', 'ServerGroupAffinityFilter'],
                help='Filters applied in order; names of classes in '
                     'novum.scheduler.filters.'),
    cfg.ListOpt('weight_classes', default=['RAMWeigher', 'DiskWeigher', 'CPUWeigher',
                                           'ServerGroupSoftAffinityWeigher',
                                           'ServerGroupSoftAntiAffinityWeigher'],
                help='Weighers whose weighted sum ranks the hosts that pass the filters.'),
    cfg.FloatOpt('ram_weight_multiplier', default=1.0,
                 help='Positive spreads instances by free RAM, negative stacks them.'),
    cfg.FloatOpt('disk_weight_multiplier', default=1.0,
                 help='Positive spreads instances by free disk, negative stacks them.'),
    cfg.FloatOpt('cpu_weight_multiplier', default=1.0,
                 help='Positive spreads instances by free vCPUs, negative stacks them.'),
    cfg.IntOpt('host_subset_size', default=1, min=1,
               help='Pick randomly among this many best hosts, to avoid races.'),
    cfg.FloatOpt('soft_affinity_weight_multiplier', default=1.0, min=0.0,
                 help='How strongly ServerGroupSoftAffinityWeigher packs the members of '
                      'a soft-affinity group on the hosts that already have them.'),
    cfg.FloatOpt('soft_anti_affinity_weight_multiplier', default=1.0, min=0.0,
                 help='How strongly ServerGroupSoftAntiAffinityWeigher spreads the members '
                      'of a soft-anti-affinity group over the hosts with fewest of them.'),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_group(scheduler_group)
    conf.register_opts(scheduler_opts, group=scheduler_group)
    conf.register_group(filter_scheduler_group)
    conf.register_opts(filter_scheduler_opts, group=filter_scheduler_group)


def list_opts() -> dict:
    return {scheduler_group: scheduler_opts, filter_scheduler_group: filter_scheduler_opts}
