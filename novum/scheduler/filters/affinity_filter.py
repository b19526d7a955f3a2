"""ServerGroupAffinityFilter and ServerGroupAntiAffinityFilter: the hard policies of the
request's server group (RequestSpec.instance_group, loaded by the scheduler).

The filters decide on the scheduler's view; the claim re-checks the policy under the
group's row lock (db.instance_group_claim), so concurrent boots cannot break it.
"""

from novum.scheduler import filters


def _group(spec_obj, policy: str):
    group = spec_obj.instance_group if spec_obj.obj_attr_is_set('instance_group') else None
    return group if group is not None and group.policy == policy else None


class ServerGroupAffinityFilter(filters.BaseHostFilter):
    """All members on one host: the host of the members placed so far, if any."""

    def host_passes(self, host_state, spec_obj) -> bool:
        group = _group(spec_obj, 'affinity')
        if group is None or not group.hosts:
            return True
        return host_state.host in group.hosts


class ServerGroupAntiAffinityFilter(filters.BaseHostFilter):
    """At most max_server_per_host members per host (1 before 2.64, as Nova)."""

    def host_passes(self, host_state, spec_obj) -> bool:
        group = _group(spec_obj, 'anti-affinity')
        if group is None:
            return True
        return group.hosts.count(host_state.host) < group.max_server_per_host
