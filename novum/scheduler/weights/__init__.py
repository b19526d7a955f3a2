"""Host weighers: each ranks hosts by one quantity, times its multiplier.

Chosen by class name in `[filter_scheduler] weight_classes`. As in Nova, each
weigher's raw values are normalized to [0, 1] over the candidate hosts before the
multiplier applies, so weighers with different units add up sensibly.
"""

from novum.scheduler import loading

_WEIGHER_MODULES = ('cpu', 'disk', 'ram', 'affinity')


class BaseHostWeigher:
    """Override _weigh_object (bigger is better) and weight_multiplier."""

    def weight_multiplier(self) -> float:
        return 1.0

    def _weigh_object(self, host_state, spec_obj) -> float:
        raise NotImplementedError()


def get_weigher_classes(names: list[str]) -> list[type[BaseHostWeigher]]:
    return loading.load_classes(__name__, _WEIGHER_MODULES, BaseHostWeigher, names,
                                'weighers')


def normalize(values: list[float]) -> list[float]:
    """Scale to [0, 1]; all equal -> all 0 (no preference)."""
    if not values:
        return []
    low, high = min(values), max(values)
    if high == low:
        return [0.0] * len(values)
    return [(value - low) / (high - low) for value in values]


class WeightHandler:
    def __init__(self, names: list[str]):
        self.weighers = [cls() for cls in get_weigher_classes(names)]

    def get_weighed_objects(self, hosts: list, spec_obj) -> list[tuple[float, object]]:
        """(weight, host) pairs, best first; ties keep the hosts' order."""
        totals = [0.0] * len(hosts)
        for weigher in self.weighers:
            multiplier = weigher.weight_multiplier()
            if not multiplier:
                continue
            raw = [weigher._weigh_object(host, spec_obj) for host in hosts]
            for index, value in enumerate(normalize(raw)):
                totals[index] += multiplier * value
        order = sorted(range(len(hosts)), key=lambda index: -totals[index])
        return [(totals[index], hosts[index]) for index in order]
