"""RAMWeigher: more free RAM weighs more (spread); a negative multiplier stacks."""

from novum import conf
from novum.scheduler import weights

CONF = conf.CONF


class RAMWeigher(weights.BaseHostWeigher):
    def weight_multiplier(self) -> float:
        return CONF.filter_scheduler.ram_weight_multiplier

    def _weigh_object(self, host_state, spec_obj) -> float:
        return host_state.free_ram_mb
