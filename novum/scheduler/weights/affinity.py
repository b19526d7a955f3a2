"""ServerGroupSoftAffinityWeigher and ServerGroupSoftAntiAffinityWeigher: the soft
policies of the request's server group prefer hosts with more (fewer) of its members."""

from novum import conf
from novum.scheduler import weights

CONF = conf.CONF


def _members_on_host(host_state, spec_obj, policy: str) -> int | None:
    group = spec_obj.instance_group if spec_obj.obj_attr_is_set('instance_group') else None
    if group is None or group.policy != policy:
        return None
    return group.hosts.count(host_state.host)


class ServerGroupSoftAffinityWeigher(weights.BaseHostWeigher):
    def weight_multiplier(self) -> float:
        return CONF.filter_scheduler.soft_affinity_weight_multiplier

    def _weigh_object(self, host_state, spec_obj) -> float:
        return _members_on_host(host_state, spec_obj, 'soft-affinity') or 0


class ServerGroupSoftAntiAffinityWeigher(weights.BaseHostWeigher):
    def weight_multiplier(self) -> float:
        return CONF.filter_scheduler.soft_anti_affinity_weight_multiplier

    def _weigh_object(self, host_state, spec_obj) -> float:
        return -(_members_on_host(host_state, spec_obj, 'soft-anti-affinity') or 0)
