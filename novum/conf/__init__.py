"""All of Novum's configuration options, registered on one global CONF.

Options are declared only in this package (one module per group, as Nova does)
so that `oslo-config-generator` sees every one of them.
"""

from oslo_config import cfg

from novum.conf import (
    api,
    base,
    compute,
    conductor,
    database,
    quota,
    scheduler,
    service,
    upgrade_levels,
    virt,
)

CONF = cfg.CONF

for _module in (api, base, compute, conductor, database, quota, scheduler, service,
                upgrade_levels, virt):
    _module.register_opts(CONF)
