"""DiskFilter: only hosts with the flavor's root and ephemeral disk left within
disk_allocation_ratio."""

from novum.scheduler import filters


class DiskFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec_obj) -> bool:
        flavor = spec_obj.flavor
        return host_state.limit_disk_gb >= flavor.root_gb + flavor.ephemeral_gb
