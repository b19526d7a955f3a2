"""RetryFilter: never the hosts a request already failed on (spec.ignore_hosts)."""

from novum.scheduler import filters


class RetryFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec_obj) -> bool:
        ignored = spec_obj.ignore_hosts if spec_obj.obj_attr_is_set('ignore_hosts') else []
        return host_state.host not in ignored
