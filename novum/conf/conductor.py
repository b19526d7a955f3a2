"""[conductor] options: where object and DB calls go, how many workers serve them, and
the recovery of abandoned builds."""

from oslo_config import cfg

conductor_group = cfg.OptGroup('conductor', title='Conductor options')

conductor_opts = [
    cfg.BoolOpt('use_local', default=False,
                help='Run conductor code in this process against the local database '
                     'instead of calling novum-conductor over RPC. Only for a service '
                     'on the conductor host, or an all-in-one deployment.'),
    cfg.StrOpt('topic', default='conductor', help='RPC topic novum-conductor serves.'),
    cfg.IntOpt('workers', min=1,
               help='Number of novum-conductor worker processes. Default: number of CPUs.'),
    cfg.IntOpt('ready_timeout', default=60, min=1,
               help='Seconds a starting daemon waits for a conductor to answer before '
                    'giving up (see wait_until_ready).'),
    cfg.IntOpt('build_recovery_interval', default=30, min=1,
               help='Seconds an instance in vm_state building may go without a state '
                    'change before its build counts as abandoned (its conductor, '
                    'scheduler or compute died, or a cast was lost) and is driven again: '
                    'novum-conductor re-runs the scheduling of one still waiting for a '
                    'host and re-sends one placed but never started to its compute; '
                    'novum-compute restarts a build of its own that stopped. Also how '
                    'often the conductor looks. Only instance_build_timeout sets an '
                    'unfinished build to ERROR.'),
    cfg.IntOpt('select_destinations_retries', default=3, min=0,
               help='Times the conductor asks the scheduler again when select_destinations '
                    'got no answer (a dead scheduler is noticed after '
                    'rpc_response_timeout, as the call is monitored), waiting 1, 2, 4... '
                    'seconds in between. Safe: a claim only places an instance still '
                    'waiting for a host. After the last, the instances are left to the '
                    'build recovery.'),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_group(conductor_group)
    conf.register_opts(conductor_opts, group=conductor_group)


def list_opts() -> dict:
    return {conductor_group: conductor_opts}
