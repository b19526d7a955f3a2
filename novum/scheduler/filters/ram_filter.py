"""RamFilter: only hosts with the flavor's RAM left within ram_allocation_ratio."""

from novum.scheduler import filters


class RamFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec_obj) -> bool:
        return host_state.limit_ram_mb >= spec_obj.flavor.memory_mb
