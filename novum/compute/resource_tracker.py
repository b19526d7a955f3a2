"""ResourceTracker: keeps this host's ComputeNode in step with its hypervisor.

Claims are taken by the scheduler (and the conductor on reschedules) with one
conditional UPDATE at the database, so the tracker does not claim; it creates the
node, reports capacity, releases an instance's claim and periodically recounts usage
from the instances placed here, correcting any drift.
"""

from oslo_log import log as logging

from novum import conf, exception, objects
from novum.objects import service as service_obj
from novum.objects.resources import InstanceResources

CONF = conf.CONF
LOG = logging.getLogger(__name__)


class ResourceTracker:
    def __init__(self, host: str, driver):
        self.host = host
        self.driver = driver
        self.compute_node = None

    def update_available_resource(self, context) -> None:
        resources = self.driver.get_available_resource()
        node = self.compute_node
        if node is None:
            try:
                node = objects.ComputeNode.get_by_host_and_nodename(
                    context, self.host, resources.hypervisor_hostname)
            except exception.ComputeHostNotFound:
                node = self._create_node(context, resources)
        capacity = {'vcpus': resources.vcpus, 'memory_mb': resources.memory_mb,
                    'local_gb': resources.local_gb,
                    'hypervisor_type': resources.hypervisor_type,
                    'hypervisor_version': resources.hypervisor_version,
                    'host_ip': CONF.my_ip,
                    'cpu_allocation_ratio': CONF.cpu_allocation_ratio,
                    'ram_allocation_ratio': CONF.ram_allocation_ratio,
                    'disk_allocation_ratio': CONF.disk_allocation_ratio}
        for field, value in capacity.items():
            if getattr(node, field) != value:
                setattr(node, field, value)
        if node.obj_what_changed():
            LOG.info('Compute node %s capacity changed: %s', node.hypervisor_hostname,
                     sorted(node.obj_what_changed()))
            node.save()
        node.recount_usage(CONF.reserved_host_cpus, CONF.reserved_host_memory_mb,
                           (CONF.reserved_host_disk_mb + 1023) // 1024)
        self.compute_node = node

    def _create_node(self, context, resources):
        service = objects.Service.get_by_host_and_binary(context, self.host,
                                                          service_obj.COMPUTE_BINARY)
        node = objects.ComputeNode(
            context, service_id=service.id, host=self.host,
            hypervisor_hostname=resources.hypervisor_hostname, vcpus=resources.vcpus,
            memory_mb=resources.memory_mb, local_gb=resources.local_gb,
            vcpus_used=CONF.reserved_host_cpus, memory_mb_used=CONF.reserved_host_memory_mb,
            local_gb_used=(CONF.reserved_host_disk_mb + 1023) // 1024, running_vms=0,
            hypervisor_type=resources.hypervisor_type,
            hypervisor_version=resources.hypervisor_version,
            cpu_allocation_ratio=CONF.cpu_allocation_ratio,
            ram_allocation_ratio=CONF.ram_allocation_ratio,
            disk_allocation_ratio=CONF.disk_allocation_ratio)
        node.create()
        LOG.info('Created compute node %s on host %s: %d vCPUs, %d MB RAM, %d GB disk',
                 node.hypervisor_hostname, self.host, node.vcpus, node.memory_mb,
                 node.local_gb)
        return node

    def release(self, context, instance, unplace: bool = False) -> None:
        """Give back the instance's claim on this host (once, however often called)."""
        if not instance.node:
            return
        node_id = self.compute_node.id if self.compute_node is not None and \
            self.compute_node.hypervisor_hostname == instance.node else \
            objects.ComputeNode.get_by_host_and_nodename(context, self.host, instance.node).id
        claimed = InstanceResources.of_instance(instance)
        objects.ComputeNode.release(context, node_id, instance.uuid, claimed.vcpus,
                                    claimed.memory_mb, claimed.disk_gb, unplace=unplace)
        instance.node = None
        changed = ['node']
        if unplace:
            instance.host = None
            changed.append('host')
        instance.obj_reset_changes(changed)
