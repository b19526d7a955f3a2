"""AggregateAPI (Nova's): host aggregates and the availability zones they make, and the
zone rules the compute API checks a boot against.

A host is in the zone of its aggregate whose metadata has `availability_zone`, else in
CONF.default_availability_zone; a host is never in two zones.
"""

from novum import conf, exception, objects
from novum.objects.aggregate import AZ_KEY
from novum.objects.service import COMPUTE_BINARY

CONF = conf.CONF


def host_availability_zones(context) -> dict[str, str]:
    """host -> its zone, for every host of an aggregate with a zone (one query)."""
    zones = {}
    for aggregate in objects.AggregateList.get_by_metadata_key(context.elevated(), AZ_KEY):
        for host in aggregate.hosts:
            zones.setdefault(host, aggregate.availability_zone)
    return zones


def host_zone(zones: dict[str, str], host: str) -> str:
    return zones.get(host, CONF.default_availability_zone)


def check_availability_zone(context, zone: str | None) -> None:
    """A boot's zone must be the default zone or the zone of an enabled compute."""
    if not zone or zone == CONF.default_availability_zone:
        return
    zones = host_availability_zones(context)
    computes = objects.ServiceList.get_by_binary(context.elevated(), COMPUTE_BINARY)
    if zone not in {host_zone(zones, service.host) for service in computes
                    if not service.disabled}:
        raise exception.InvalidAvailabilityZone()


class AggregateAPI:
    """What the os-aggregates handlers call; the checks are Nova's."""

    @staticmethod
    def create_aggregate(context, name: str, availability_zone: str | None):
        aggregate = objects.Aggregate(context, name=name)
        if availability_zone:
            aggregate.metadata = {AZ_KEY: availability_zone}
        aggregate.create()
        return aggregate

    @staticmethod
    def get_aggregate(context, aggregate_id: int):
        return objects.Aggregate.get_by_id(context, aggregate_id)

    @staticmethod
    def get_aggregate_list(context):
        return objects.AggregateList.get_all(context)

    def update_aggregate(self, context, aggregate_id: int, values: dict):
        aggregate = objects.Aggregate.get_by_id(context, aggregate_id)
        values = dict(values)
        if 'name' in values:
            aggregate.name = values.pop('name')
            aggregate.save()
        self._check_az_update(context, values, aggregate,
                              exception.InvalidAggregateActionUpdate)
        if values:
            aggregate.update_metadata(values)
        return aggregate

    def update_aggregate_metadata(self, context, aggregate_id: int, metadata: dict):
        aggregate = objects.Aggregate.get_by_id(context, aggregate_id)
        self._check_az_update(context, metadata, aggregate,
                              exception.InvalidAggregateActionUpdateMeta)
        aggregate.update_metadata(metadata)
        return aggregate

    @staticmethod
    def delete_aggregate(context, aggregate_id: int) -> None:
        aggregate = objects.Aggregate.get_by_id(context, aggregate_id)
        if aggregate.hosts:
            raise exception.InvalidAggregateActionDelete(
                aggregate_id=aggregate_id, reason='Host aggregate is not empty')
        aggregate.destroy()

    def add_host_to_aggregate(self, context, aggregate_id: int, host: str):
        try:
            objects.Service.get_by_host_and_binary(context, host, COMPUTE_BINARY)
        except exception.NotFound:
            raise exception.ComputeHostNotFound(host=host) from None
        aggregate = objects.Aggregate.get_by_id(context, aggregate_id)
        self._check_zones_of_hosts(context, aggregate.metadata, aggregate, [host],
                                   exception.InvalidAggregateActionAdd)
        self._check_no_instances_change_zone(context, aggregate, host)
        aggregate.add_host(host)
        return aggregate

    @staticmethod
    def remove_host_from_aggregate(context, aggregate_id: int, host: str):
        try:
            objects.Service.get_by_host_and_binary(context, host, COMPUTE_BINARY)
        except exception.NotFound:
            raise exception.ComputeHostNotFound(host=host) from None
        aggregate = objects.Aggregate.get_by_id(context, aggregate_id)
        aggregate.delete_host(host)
        return aggregate

    # Nova's is_safe_to_update_az, split in its two questions.
    def _check_az_update(self, context, metadata: dict, aggregate, error: type) -> None:
        if AZ_KEY not in metadata:
            return
        self._check_zones_of_hosts(context, metadata, aggregate, aggregate.hosts, error)
        if aggregate.availability_zone != metadata[AZ_KEY] and any(
                objects.InstanceList.get_by_host(context, host) for host in aggregate.hosts):
            raise error(aggregate_id=aggregate.id,
                        reason='One or more hosts contain instances in this zone')

    @staticmethod
    def _check_zones_of_hosts(context, metadata: dict, aggregate, hosts: list,
                              error: type) -> None:
        """The zone `metadata` gives may not be empty, nor differ from a zone another
        aggregate already gives one of `hosts`."""
        if AZ_KEY not in metadata:
            return
        zone = metadata[AZ_KEY]
        if not zone:
            raise error(aggregate_id=aggregate.id,
                        reason=f'Aggregate {aggregate.name} does not support empty named '
                               f'availability zone')
        if not hosts:
            return
        conflicting = sorted({other.availability_zone for other in
                              objects.AggregateList.get_by_metadata_key(context, AZ_KEY, hosts)
                              if other.id != aggregate.id
                              and other.availability_zone != zone})
        if conflicting:
            raise error(aggregate_id=aggregate.id,
                        reason=f'One or more hosts already in availability zone(s) '
                               f'{conflicting}')

    @staticmethod
    def _check_no_instances_change_zone(context, aggregate, host: str) -> None:
        new_zone = aggregate.availability_zone
        if not new_zone:
            return
        instances = objects.InstanceList.get_by_host(context, host)
        if not instances:
            return
        old_zone = host_zone(host_availability_zones(context), host)
        if old_zone != new_zone:
            raise exception.InvalidAggregateActionAdd(
                aggregate_id=aggregate.id,
                reason=f"The host cannot be added to the aggregate as the availability zone "
                       f"of the host would change from '{old_zone}' to '{new_zone}' but the "
                       f"host already has {len(instances)} instance(s)")
