"""[upgrade_levels] caps on the RPC version each client may send, for rolling upgrades."""

from oslo_config import cfg

upgrade_group = cfg.OptGroup('upgrade_levels', title='RPC version caps for rolling upgrades')

upgrade_levels_opts = [
    cfg.StrOpt('conductor', help='Cap on the conductor RPC API version, e.g. "1.0".'),
    cfg.StrOpt('compute_task', help='Cap on the compute_task RPC API version.'),
    cfg.StrOpt('scheduler', help='Cap on the scheduler RPC API version.'),
    cfg.StrOpt('compute', help='Cap on the compute RPC API version.'),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_group(upgrade_group)
    conf.register_opts(upgrade_levels_opts, group=upgrade_group)


def list_opts() -> dict:
    return {upgrade_group: upgrade_levels_opts}
