"""Client side of the scheduler RPC API (topic `scheduler`)."""

import oslo_messaging as messaging

from novum import conf, exception, rpc
from novum.objects import base as objects_base

CONF = conf.CONF


class SchedulerAPI:
    """Client of SchedulerManager.

    API version history:

    * 1.0 - Initial version: select_destinations.
    * 1.1 - select_destinations takes `migration`: a move claims on the destination
            against that Migration instead of placing the instance.
    """

    VERSION = '1.1'

    def __init__(self):
        target = messaging.Target(topic=CONF.scheduler.topic, version=self.VERSION)
        self.client = rpc.get_client(target, version_cap=CONF.upgrade_levels.scheduler,
                                     serializer=objects_base.NovumObjectSerializer(),
                                     timeout=CONF.long_rpc_timeout)

    def select_destinations(self, context, spec_obj, instance_uuids: list[str],
                            migration=None) -> list:
        """For each instance, [chosen Selection (claimed), alternate Selections...];
        an empty list for an instance deleted while it was being scheduled.

        With `migration` (a move of the one instance) the claim on the chosen host is
        recorded on that Migration; the instance stays on its source until it moves.
        Raises NoValidHost (with the filters' explanation) if any instance fits nowhere,
        MessagingTimeout if no scheduler answered (a retry is safe: claims only place
        instances still waiting for a host).
        """
        # As Nova: the scheduler may take long (long_rpc_timeout), but while it works
        # it answers heartbeats; a dead scheduler is noticed after rpc_response_timeout.
        if migration is None:
            return self.client.prepare(
                version='1.0', call_monitor_timeout=CONF.rpc_response_timeout).call(
                    context, 'select_destinations', spec_obj=spec_obj,
                    instance_uuids=instance_uuids)
        if not self.client.can_send_version('1.1'):
            raise exception.ServiceTooOld(version='1.1', api='scheduler',
                                          cap=CONF.upgrade_levels.scheduler)
        return self.client.prepare(
            version='1.1', call_monitor_timeout=CONF.rpc_response_timeout).call(
                context, 'select_destinations', spec_obj=spec_obj,
                instance_uuids=instance_uuids, migration=migration)
