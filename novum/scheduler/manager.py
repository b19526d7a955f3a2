"""SchedulerManager: filters and weighs the hosts, then claims the best one atomically."""

import random

import oslo_messaging as messaging
from oslo_log import log as logging
from oslo_service import periodic_task
from oslo_utils import timeutils

from novum import conf, exception, manager, objects
from novum.compute import task_states, vm_states
from novum.objects import process_stats
from novum.objects.resources import InstanceResources
from novum.scheduler import filters, host_manager, weights

CONF = conf.CONF
LOG = logging.getLogger(__name__)


class SchedulerManager(manager.Manager):
    """Serves select_destinations on topic `scheduler`."""

    target = messaging.Target(version='1.1')

    def __init__(self, *args, **kwargs):
        super().__init__(*args, service_name='scheduler', **kwargs)
        self.host_manager = host_manager.HostManager()
        self.filter_handler = filters.FilterHandler(CONF.filter_scheduler.enabled_filters)
        self.weight_handler = weights.WeightHandler(CONF.filter_scheduler.weight_classes)

    # Read when novum.service imports this module, once the configuration is parsed.
    @periodic_task.periodic_task(spacing=CONF.periodic_interval, run_immediately=False)
    def _reap_unplaced_instances(self, context) -> None:
        """Instances still waiting for a host after instance_build_timeout (their
        build request was lost, e.g. a conductor died) go to ERROR with a fault, so
        no request stays in BUILD forever; computes do the same for placed ones."""
        timeout = CONF.instance_build_timeout
        if not timeout:
            return
        now = timeutils.utcnow(with_timezone=True)
        waiting = objects.InstanceList.get_by_filters(
            context, {'vm_state': vm_states.BUILDING, 'task_state': task_states.SCHEDULING,
                      'host': None})
        for instance in waiting:
            if (now - instance.created_at).total_seconds() <= timeout:
                continue
            error = exception.InstanceBuildTimeout(instance_uuid=instance.uuid,
                                                   timeout=timeout)
            fault = objects.InstanceFault.from_exception(context, instance.uuid, error)
            try:
                instance.save_error(fault, expected_vm_state=[vm_states.BUILDING],
                                    expected_task_state=[task_states.SCHEDULING])
            except (exception.InstanceNotFound, exception.UnexpectedTaskStateError):
                continue
            LOG.warning('Never reached a host: %s', error, instance_uuid=instance.uuid)

    def cleanup_host(self) -> None:
        process_stats.log_counters(LOG)

    def select_destinations(self, context, spec_obj, instance_uuids: list[str],
                            migration=None) -> list:
        hosts = self.host_manager.get_all_host_states(context)
        candidates, removed = self.filter_handler.filter_all(hosts, spec_obj)
        chosen: list[tuple[str, host_manager.HostState]] = []
        result = []
        try:
            for instance_uuid in instance_uuids:
                result.append(self._schedule_one(context, spec_obj, instance_uuid,
                                                 candidates, removed, len(hosts), chosen,
                                                 migration))
        except exception.NoValidHost:
            # All or nothing, as Nova: give back what this request already claimed.
            for instance_uuid, host_state in chosen:
                self._release(context, spec_obj, instance_uuid, host_state)
            raise
        return result

    def _schedule_one(self, context, spec_obj, instance_uuid, candidates, removed,
                      hosts_total, chosen, migration=None) -> list:
        # The request's own earlier claims may have filled hosts: re-check them.
        fitting = [host for host in candidates
                   if self.filter_handler.host_passes(host, spec_obj)]
        weighed = [host for _weight, host in
                   self.weight_handler.get_weighed_objects(fitting, spec_obj)]
        subset = CONF.filter_scheduler.host_subset_size
        if subset > 1 and len(weighed) > 1:
            pick = random.randrange(min(subset, len(weighed)))
            weighed.insert(0, weighed.pop(pick))
        lost_races = 0
        for index, host_state in enumerate(weighed):
            try:
                if self._claim(context, spec_obj, instance_uuid, host_state, migration):
                    chosen.append((instance_uuid, host_state))
                    alternates = weighed[index + 1:index + CONF.scheduler.max_attempts]
                    return [objects.Selection.from_host_state(host_state, claimed=True)] + \
                        [objects.Selection.from_host_state(alt) for alt in alternates]
            except (exception.InstanceNotFound, exception.UnexpectedMigrationStatusError):
                LOG.info('Instance was deleted (or its move ended) while it was being '
                         'scheduled', instance_uuid=instance_uuid)
                return []
            lost_races += 1
        reasons = ['There are not enough hosts available.',
                   filters.explain(removed, hosts_total)]
        if len(fitting) != len(candidates):
            reasons.append(f'{len(candidates) - len(fitting)} hosts were filled by earlier '
                           f'instances of this request.')
        if lost_races:
            reasons.append(f'{lost_races} hosts had no room left when claimed.')
        reason = ' '.join(part for part in reasons if part)
        LOG.info('No valid host: %s', reason, instance_uuid=instance_uuid)
        raise exception.NoValidHost(reason=reason)

    def _claim(self, context, spec_obj, instance_uuid: str,
               host_state: host_manager.HostState, migration=None) -> bool:
        """Claim at the database; the in-memory consumption comes first so concurrent
        requests in this process already see it while the claim is in flight. A move
        (`migration`) claims against the Migration, leaving the instance in place."""
        resources = InstanceResources.of_flavor(spec_obj.flavor)
        host_state.claim_started(resources)
        node = None
        try:
            if migration is not None:
                node = migration.move_claim(host_state.compute_node_id, resources.vcpus,
                                            resources.memory_mb, resources.disk_gb)
            else:
                node = objects.ComputeNode.claim(
                    context, host_state.compute_node_id, instance_uuid, resources.vcpus,
                    resources.memory_mb, resources.disk_gb)
        finally:
            host_state.claim_finished(resources, claimed=node is not None)
        if node is None:
            # Someone else (another scheduler, a reschedule) filled it: reload soon.
            self.host_manager.mark_stale()
            return False
        LOG.info('Claimed resources on %s', host_state, instance_uuid=instance_uuid)
        return True

    @staticmethod
    def _release(context, spec_obj, instance_uuid: str,
                 host_state: host_manager.HostState) -> None:
        resources = InstanceResources.of_flavor(spec_obj.flavor)
        host_state.consume(resources, sign=-1)
        objects.ComputeNode.release(context, host_state.compute_node_id, instance_uuid,
                                    resources.vcpus, resources.memory_mb, resources.disk_gb,
                                    unplace=True)
