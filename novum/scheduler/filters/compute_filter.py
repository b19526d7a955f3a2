"""ComputeFilter: only hosts whose compute service is up and enabled."""

from novum.scheduler import filters


class ComputeFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec_obj) -> bool:
        return host_state.service_up and not host_state.service_disabled
