"""CoreFilter: only hosts with the flavor's vCPUs left within cpu_allocation_ratio."""

from novum.scheduler import filters


class CoreFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec_obj) -> bool:
        if host_state.total_vcpus <= 0:
            return True     # a hypervisor that does not report vCPUs is not limited
        return host_state.limit_vcpus >= spec_obj.flavor.vcpus
