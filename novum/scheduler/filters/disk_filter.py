"""DiskFilter: only hosts with the flavor's root and ephemeral disk left within
disk_allocation_ratio."""

from novum.objects.resources import InstanceResources
from novum.scheduler import filters


class DiskFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec_obj) -> bool:
        disk_gb = InstanceResources.of_flavor(spec_obj.flavor).disk_gb
        return host_state.limit_disk_gb >= disk_gb
