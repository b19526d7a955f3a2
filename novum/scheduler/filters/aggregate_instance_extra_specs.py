"""AggregateInstanceExtraSpecsFilter: hosts whose aggregates' metadata match the
flavor's unscoped and aggregate_instance_extra_specs: extra specs."""

from oslo_log import log as logging

from novum.scheduler import filters
from novum.scheduler.filters import extra_specs_ops

LOG = logging.getLogger(__name__)

_SCOPE = 'aggregate_instance_extra_specs'


def aggregate_metadata(host_state) -> dict[str, set]:
    """key -> every value the host's aggregates give it."""
    metadata: dict[str, set] = {}
    for aggregate in host_state.aggregates:
        for key, value in aggregate.metadata.items():
            metadata.setdefault(key, set()).add(value)
    return metadata


class AggregateInstanceExtraSpecsFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, spec_obj) -> bool:
        extra_specs = spec_obj.flavor.extra_specs if spec_obj.flavor.obj_attr_is_set(
            'extra_specs') else {}
        if not extra_specs:
            return True
        metadata = aggregate_metadata(host_state)
        for key, requirement in extra_specs.items():
            scope, scoped, name = key.partition(':')
            if not scoped:
                name = scope
            elif scope != _SCOPE:
                continue
            values = metadata.get(name)
            if not values or not any(extra_specs_ops.match(value, requirement)
                                     for value in values):
                LOG.debug('%s fails flavor extra spec %s=%s (aggregates give %s)',
                          host_state, key, requirement, sorted(values or ()))
                return False
        return True
