"""HostManager and HostState: the scheduler's in-memory view of the compute hosts.

Host states are reloaded from ComputeNodes and compute Services at most every
`[scheduler] host_state_refresh_interval` seconds and updated in between by the
scheduler's own claims, so a request costs no database round trip for its view.
"""

import time

from oslo_log import log as logging

from novum import conf, objects
from novum.objects.resources import InstanceResources
from novum.objects.service import COMPUTE_BINARY

CONF = conf.CONF
LOG = logging.getLogger(__name__)


class HostState:
    """One compute node as the filters and weighers see it."""

    def __init__(self, host: str, nodename: str):
        self.host = host
        self.nodename = nodename
        self.compute_node_id: int | None = None
        self.total_vcpus = 0
        self.total_ram_mb = 0
        self.total_disk_gb = 0
        self.vcpus_used = 0
        self.ram_mb_used = 0
        self.disk_gb_used = 0
        self.num_instances = 0
        self.cpu_allocation_ratio = 1.0
        self.ram_allocation_ratio = 1.0
        self.disk_allocation_ratio = 1.0
        self.hypervisor_type = 'fake'
        self.service_up = False
        self.service_disabled = False
        self.availability_zone = CONF.default_availability_zone
        # The host's aggregates (their metadata: AggregateInstanceExtraSpecsFilter).
        self.aggregates: list = []
        self.updated = 0.0
        # Claims sent but not answered yet: [vcpus, ram_mb, disk_gb, instances]. They
        # are added back on top of a reload, which cannot see them yet.
        self.in_flight = [0, 0, 0, 0]

    def update_from_compute_node(self, node) -> None:
        self.compute_node_id = node.id
        self.total_vcpus = node.vcpus
        self.total_ram_mb = node.memory_mb
        self.total_disk_gb = node.local_gb
        vcpus, ram_mb, disk_gb, instances = self.in_flight
        self.vcpus_used = node.vcpus_used + vcpus
        self.ram_mb_used = node.memory_mb_used + ram_mb
        self.disk_gb_used = node.local_gb_used + disk_gb
        self.num_instances = node.running_vms + instances
        self.cpu_allocation_ratio = node.cpu_allocation_ratio
        self.ram_allocation_ratio = node.ram_allocation_ratio
        self.disk_allocation_ratio = node.disk_allocation_ratio
        self.hypervisor_type = node.hypervisor_type
        self.updated = time.monotonic()

    def update_from_aggregates(self, aggregates: list) -> None:
        """The host's aggregates; the zone of the one with availability_zone."""
        self.aggregates = aggregates
        zones = [aggregate.availability_zone for aggregate in aggregates
                 if aggregate.availability_zone]
        self.availability_zone = zones[0] if zones else CONF.default_availability_zone

    def update_from_service(self, service) -> None:
        # Not Service.is_up(): silence while this scheduler could not heartbeat either
        # (a broker or conductor outage) is not held against a compute.
        from novum import service as novum_service
        self.service_up = service is not None and novum_service.service_is_up(service)
        self.service_disabled = service is None or service.disabled

    # What is left, within the allocation ratios (what RamFilter & co. compare to).
    @property
    def limit_ram_mb(self) -> float:
        return self.total_ram_mb * self.ram_allocation_ratio - self.ram_mb_used

    @property
    def limit_vcpus(self) -> float:
        return self.total_vcpus * self.cpu_allocation_ratio - self.vcpus_used

    @property
    def limit_disk_gb(self) -> float:
        return self.total_disk_gb * self.disk_allocation_ratio - self.disk_gb_used

    # What is physically free (what the weighers rank by, as Nova's do).
    @property
    def free_ram_mb(self) -> int:
        return self.total_ram_mb - self.ram_mb_used

    @property
    def free_disk_gb(self) -> int:
        return self.total_disk_gb - self.disk_gb_used

    @property
    def free_vcpus(self) -> int:
        return self.total_vcpus - self.vcpus_used

    def consume(self, resources: InstanceResources, sign: int = 1) -> None:
        """Account for an instance taking `resources` here (sign=-1 takes it back)."""
        self.vcpus_used += sign * resources.vcpus
        self.ram_mb_used += sign * resources.memory_mb
        self.disk_gb_used += sign * resources.disk_gb
        self.num_instances += sign

    def claim_started(self, resources: InstanceResources) -> None:
        """Consume now, and keep counting it over reloads until claim_finished."""
        self.consume(resources)
        self._add_in_flight(resources, 1)

    def claim_finished(self, resources: InstanceResources, claimed: bool) -> None:
        self._add_in_flight(resources, -1)
        if not claimed:
            self.consume(resources, sign=-1)

    def _add_in_flight(self, resources: InstanceResources, sign: int) -> None:
        amounts = (resources.vcpus, resources.memory_mb, resources.disk_gb, 1)
        self.in_flight = [have + sign * amount for have, amount in zip(self.in_flight, amounts,
                                                                        strict=True)]

    def __repr__(self) -> str:
        return (f'({self.host}, {self.nodename}) ram: {self.free_ram_mb}MB '
                f'disk: {self.free_disk_gb}GB vcpus: {self.free_vcpus}')


class HostManager:
    """Keeps a HostState per compute node, refreshed from the database now and then."""

    def __init__(self):
        self._host_states: dict[tuple[str, str], HostState] = {}
        self._loaded_at: float | None = None

    def mark_stale(self) -> None:
        """Reload on the next request (a claim found the view out of date)."""
        self._loaded_at = None

    def _is_fresh(self) -> bool:
        return (self._loaded_at is not None and
                time.monotonic() - self._loaded_at < CONF.scheduler.host_state_refresh_interval)

    def get_all_host_states(self, context) -> list[HostState]:
        if not self._is_fresh():
            self._refresh(context)
        return list(self._host_states.values())

    def _refresh(self, context) -> None:
        loaded_at = time.monotonic()
        nodes = objects.ComputeNodeList.get_all(context)
        services = {service.host: service for service in
                    objects.ServiceList.get_by_binary(context, COMPUTE_BINARY)}
        aggregates: dict[str, list] = {}
        for aggregate in objects.AggregateList.get_all(context):
            for host in aggregate.hosts:
                aggregates.setdefault(host, []).append(aggregate)
        seen = set()
        for node in nodes:
            key = (node.host, node.hypervisor_hostname)
            seen.add(key)
            state = self._host_states.get(key)
            if state is None:
                state = self._host_states[key] = HostState(*key)
                LOG.info('New compute node %s on host %s', key[1], key[0])
            state.update_from_compute_node(node)
            state.update_from_service(services.get(node.host))
            state.update_from_aggregates(aggregates.get(node.host, []))
        for key in set(self._host_states) - seen:
            LOG.info('Compute node %s on host %s is gone', key[1], key[0])
            del self._host_states[key]
        self._loaded_at = loaded_at
