"""AvailabilityZoneFilter: only hosts in the requested availability zone."""

from novum.scheduler import filters


class AvailabilityZoneFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec_obj) -> bool:
        wanted = spec_obj.availability_zone if spec_obj.obj_attr_is_set(
            'availability_zone') else None
        return not wanted or wanted == host_state.availability_zone
