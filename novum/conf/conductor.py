"""[conductor] options: where object and DB calls go, and how many workers serve them."""

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
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_group(conductor_group)
    conf.register_opts(conductor_opts, group=conductor_group)


def list_opts() -> dict:
    return {conductor_group: conductor_opts}
