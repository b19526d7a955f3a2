"""Host weighers: each ranks hosts by one quantity, times its multiplier.

Chosen by class name in `[filter_scheduler] weight_classes`. As in Nova, each
weigher's raw values are normalized to [0, 1] over the candidate hosts before the
multiplier applies, so weighers with different units add up sensibly.
"""

import importlib

from novum import exception

_WEIGHER_MODULES = ('cpu', 'disk', 'ram')


class BaseHostWeigher:
    """Override _weigh_object (bigger is better) and weight_multiplier."""

    def weight_multiplier(self) -> float:
        return 1.0

    def _weigh_object(self, host_state, spec_obj) -> float:
        raise NotImplementedError()


def get_weigher_classes(names: list[str]) -> list[type[BaseHostWeigher]]:
    available = {}
    for module_name in _WEIGHER_MODULES:
        module = importlib.import_module(f'{__name__}.{module_name}')
        for attr in vars(module).values():
            if (isinstance(attr, type) and issubclass(attr, BaseHostWeigher)
                    and attr is not BaseHostWeigher):
                available[attr.__name__] = attr
    missing = [name for name in names if name not in available]
    if missing:
        raise exception.Invalid(reason=f'unknown scheduler weighers {missing}; '
                                       f'available: {sorted(available)}')
    return [available[name] for name in names]


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
