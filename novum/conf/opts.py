"""Entry point for oslo-config-generator: every Novum option, grouped."""

import collections

from novum.conf import (
    api,
    base,
    compute,
    conductor,
    quota,
    scheduler,
    service,
    upgrade_levels,
    virt,
)

# [database] belongs to oslo.db: the generator lists it under the oslo.db namespace.
_MODULES = (api, base, compute, conductor, quota, scheduler, service, upgrade_levels, virt)


def list_opts() -> list:
    grouped = collections.defaultdict(list)
    for module in _MODULES:
        for group, opts in module.list_opts().items():
            grouped[group if isinstance(group, str) else group.name].extend(opts)
    return sorted(grouped.items(), key=lambda item: (item[0] != 'DEFAULT', item[0]))
