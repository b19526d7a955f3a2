"""[DEFAULT] options every daemon uses: identity, paths, RPC timeouts."""

import os
import socket

from oslo_config import cfg

base_opts = [
    cfg.StrOpt('host', default=socket.gethostname(), sample_default='<current_hostname>',
               help='Name of this node. Computes use it as their RPC server name and '
                    'as the host their instances run on; it must be unique per compute.'),
    cfg.StrOpt('state_path', default=os.path.join(os.path.expanduser('~'), '.novum'),
               sample_default='$HOME/.novum',
               help='Top-level directory for Novum state (the embedded SQLite database, '
                    'the image catalog, logs of daemons started by novum-manage).'),
    cfg.StrOpt('my_ip', default='127.0.0.1',
               help='IP address of this host; a compute reports it as its hypervisor\'s '
                    'host_ip.'),
    cfg.IntOpt('long_rpc_timeout', default=1800, min=1,
               help='Timeout in seconds for RPC calls that may take long, such as '
                    'select_destinations. Other calls use rpc_response_timeout.'),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_opts(base_opts)


def list_opts() -> dict:
    return {'DEFAULT': base_opts}
