"""SchedulerManager: filters and weighs the hosts, then claims the best one atomically."""

import random

import oslo_messaging as messaging
from oslo_log import log as logging

from novum import conf, exception, manager, objects
from novum.objects import process_stats
from novum.objects.resources import InstanceResources
from novum.scheduler import filters, host_manager, server_groups, weights

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

    def cleanup_host(self) -> None:
        process_stats.log_counters(LOG)

    # NoValidHost is an answer, not a fault of ours: no traceback in this log.
    @messaging.expected_exceptions(exception.NoValidHost)
    def select_destinations(self, context, spec_obj, instance_uuids: list[str],
                            migration=None) -> list:
        """For each instance, [chosen Selection (claimed), alternates...]; [] for one
        deleted, placed meanwhile (a recovery racing the original request) or no
        longer waiting for a host."""
        if spec_obj.is_rebuild():
            return [self._check_rebuild(context, spec_obj, uuid) for uuid in instance_uuids]
        server_groups.load_request_group(context, spec_obj)
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

    def _check_rebuild(self, context, spec_obj, instance_uuid: str) -> list:
        """A rebuild stays on its host: run the filters that judge an image
        (RUN_ON_REBUILD) on that host alone, claim nothing; NoValidHost if it fails."""
        instance = objects.Instance.get_by_uuid(context, instance_uuid)
        hosts = [host for host in self.host_manager.get_all_host_states(context)
                 if host.host == instance.host and host.nodename == instance.node]
        passing, removed = self.filter_handler.filter_all(hosts, spec_obj)
        if not passing:
            reason = ' '.join(part for part in (
                f'The image cannot be used on the host {instance.host} of the instance.',
                filters.explain(removed, len(hosts))) if part)
            LOG.warning('No valid host for the rebuild: %s', reason,
                        instance_uuid=instance_uuid)
            raise exception.NoValidHost(reason=reason)
        return [objects.Selection.from_host_state(passing[0])]

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
        lost_races = refused_by_group = 0
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
            except exception.InstanceNotSchedulable as error:
                LOG.info('Not scheduled again: %s', error.format_message(),
                         instance_uuid=instance_uuid)
                return []
            except exception.ServerGroupHostRefused as error:
                LOG.info('%s', error, instance_uuid=instance_uuid)
                refused_by_group += 1
                continue
            lost_races += 1
        reasons = ['There are not enough hosts available.',
                   filters.explain(removed, hosts_total)]
        if len(fitting) != len(candidates):
            reasons.append(f'{len(candidates) - len(fitting)} hosts were filled by earlier '
                           f'instances of this request.')
        if lost_races:
            reasons.append(f'{lost_races} hosts had no room left when claimed.')
        if refused_by_group:
            reasons.append(server_groups.refused_reason(spec_obj, refused_by_group))
        reason = ' '.join(part for part in reasons if part)
        LOG.warning('No valid host: %s', reason, instance_uuid=instance_uuid)
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
                node = server_groups.claim(context, spec_obj, host_state, instance_uuid,
                                           resources)
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
