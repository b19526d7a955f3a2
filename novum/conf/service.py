"""Service lifecycle options: heartbeats, periodic tasks, liveness."""

from oslo_config import cfg

service_opts = [
    cfg.IntOpt('report_interval', default=10, min=1,
               help='Seconds between service heartbeats written through the conductor.'),
    cfg.IntOpt('service_down_time', default=60, min=1,
               help='A service whose last heartbeat is older than this many seconds is '
                    'reported down and not scheduled to.'),
    cfg.IntOpt('heartbeat_rpc_timeout', default=5, min=1,
               help='RPC timeout of one heartbeat, kept short and separate from '
                    'rpc_response_timeout so a busy conductor cannot stall it for long.'),
    cfg.BoolOpt('periodic_enable', default=True, help='Run periodic tasks.'),
    cfg.IntOpt('periodic_interval', default=60, min=1,
               help='Seconds between runs of the periodic task loop.'),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_opts(service_opts)


def list_opts() -> dict:
    return {'DEFAULT': service_opts}
