"""Host filters: each removes the hosts that cannot take a request, for one reason.

A filter is chosen by class name in `[filter_scheduler] enabled_filters`; the
FilterHandler counts how many hosts each removed so NoValidHost can say why.
"""

from novum.scheduler import loading

# Modules searched for filter classes, by name.
_FILTER_MODULES = ('availability_zone_filter', 'compute_filter', 'core_filter',
                   'disk_filter', 'image_props_filter', 'ram_filter', 'retry_filter',
                   'aggregate_instance_extra_specs', 'affinity_filter')


class BaseHostFilter:
    """One reason a host may not fit: override host_passes.

    RUN_ON_REBUILD: whether the filter also judges a rebuild's new image on the
    instance's own host (Nova's flag); resource filters do not, since the instance
    already holds what it uses there.
    """

    RUN_ON_REBUILD = False

    def host_passes(self, host_state, spec_obj) -> bool:
        raise NotImplementedError()

    @property
    def name(self) -> str:
        return type(self).__name__


def get_filter_classes(names: list[str]) -> list[type[BaseHostFilter]]:
    return loading.load_classes(__name__, _FILTER_MODULES, BaseHostFilter, names, 'filters')


class FilterHandler:
    """Runs the enabled filters in order and remembers what each removed."""

    def __init__(self, names: list[str]):
        self.filters = [cls() for cls in get_filter_classes(names)]

    def filter_all(self, hosts: list, spec_obj) -> tuple[list, list[tuple[str, int, int]]]:
        """Hosts passing every filter, and [(filter name, removed, of how many)]."""
        removed = []
        rebuild = spec_obj.is_rebuild()
        for host_filter in self.filters:
            if rebuild and not host_filter.RUN_ON_REBUILD:
                continue
            before = len(hosts)
            hosts = [host for host in hosts if host_filter.host_passes(host, spec_obj)]
            if before != len(hosts):
                removed.append((host_filter.name, before - len(hosts), before))
            if not hosts:
                break
        return hosts, removed

    def host_passes(self, host_state, spec_obj) -> bool:
        return all(host_filter.host_passes(host_state, spec_obj)
                   for host_filter in self.filters)


def explain(removed: list[tuple[str, int, int]], hosts_total: int) -> str:
    """'RamFilter removed 2 of 3 hosts; CoreFilter removed 1 of 1 hosts.'"""
    if hosts_total == 0:
        return 'There are no compute hosts.'
    parts = [f'{name} removed {count} of {before} hosts' for name, count, before in removed]
    return '; '.join(parts) + '.' if parts else ''
