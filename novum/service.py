"""Service: one daemon's RPC server, heartbeat and periodic tasks, on oslo.service.

`Service.create(binary=...)` builds the manager for a binary; `serve()`/`wait()` run
one or more of them (with `workers`, in forked processes). Every process but the
conductor reaches the database through the conductor: `setup_conductor_access()`
blocks the DB layer and points object indirection at ConductorAPI (use_local off), or
leaves both local (use_local on).
"""

import datetime
import random

import oslo_messaging as messaging
from oslo_log import log as logging
from oslo_service import service as oslo_service
from oslo_utils import importutils, timeutils

from novum import conductor, conf, exception, objects, rpc
from novum import context as novum_context
from novum.conductor import rpcapi as conductor_rpcapi
from novum.db import api as db_api
from novum.objects import base as objects_base
from novum.objects.service import COMPUTE_BINARY

CONF = conf.CONF
LOG = logging.getLogger(__name__)

# binary -> (manager class path, topic option)
SERVICE_MANAGERS = {
    'novum-conductor': 'novum.conductor.manager.ConductorManager',
    'novum-scheduler': 'novum.scheduler.manager.SchedulerManager',
    COMPUTE_BINARY: 'novum.compute.manager.ComputeManager',
}

SERVICE_TOPICS = {
    'novum-conductor': lambda: CONF.conductor.topic,
    'novum-scheduler': lambda: CONF.scheduler.topic,
    COMPUTE_BINARY: lambda: 'compute',
}

_launcher = None


def setup_conductor_access(binary: str) -> None:
    """Decide how this process reaches the database, once, at start.

    novum-conductor, and any daemon with `[conductor] use_local = true`, opens the
    database itself. Every other daemon has its DB layer blocked (a DB call raises
    DBNotAllowed) and its remotable object methods sent to the conductor over RPC.
    """
    objects.register_all()
    if binary == 'novum-conductor' or CONF.conductor.use_local:
        objects_base.NovumObject.indirection_api = None
        db_api.unblock_db_access()
    else:
        db_api.block_db_access(binary)
        objects_base.NovumObject.indirection_api = conductor_rpcapi.ConductorAPI()


class HeartbeatHealth:
    """When this process itself could not heartbeat, and so cannot judge others' silence.

    Rule (a Service's liveness as this process sees it): a service is down when it was
    silent for more than service_down_time *not counting the time during which this
    process's own heartbeats failed or were stalled* (longer than report_interval).
    Every heartbeat takes the same road (broker, conductor, database), so while ours
    cannot get through (it failed, or has been under way for longer than
    report_interval), nobody's can, and their silence then says nothing about them.
    A broker restart or conductor outage shorter than service_down_time therefore marks
    no compute down, while a compute that died before or during it is down
    service_down_time of silence later, as usual; one silent since before the outage
    stays down throughout (its silence before the outage still counts).
    """

    def __init__(self):
        self._last_ok: datetime.datetime | None = None
        self._failing_since: datetime.datetime | None = None
        self._in_flight_since: datetime.datetime | None = None
        self._outage: tuple[datetime.datetime, datetime.datetime] | None = None

    def started(self, at: datetime.datetime) -> None:
        self._in_flight_since = at

    def failed(self) -> None:
        self._in_flight_since = None
        if self._failing_since is None:
            self._failing_since = self._last_ok or timeutils.utcnow(with_timezone=True)

    def succeeded(self, started: datetime.datetime, ended: datetime.datetime) -> None:
        self._in_flight_since = None
        if self._failing_since is not None:
            self._outage = (self._failing_since, ended)
            self._failing_since = None
            LOG.info('Heartbeats get through again')
        elif self._last_ok and (ended - started).total_seconds() > CONF.report_interval:
            self._outage = (self._last_ok, ended)
        self._last_ok = ended

    def silence(self, last: datetime.datetime, now: datetime.datetime) -> float:
        """Seconds from `last` to `now`, less those this process could not heartbeat."""
        seconds = (now - last).total_seconds()
        outages = [self._outage] if self._outage else []
        if self._failing_since is not None:
            outages.append((self._failing_since, now))
        elif self._in_flight_since is not None and (
                now - self._in_flight_since).total_seconds() > CONF.report_interval:
            # Stuck, e.g. in the messaging driver's reconnect loop during a broker outage.
            outages.append((self._last_ok or self._in_flight_since, now))
        for start, end in outages:
            seconds -= max(0.0, (min(end, now) - max(start, last)).total_seconds())
        return seconds


HEARTBEAT_HEALTH = HeartbeatHealth()


def service_is_up(service, now: datetime.datetime | None = None) -> bool:
    """Service.is_up, not counting silence while this process could not heartbeat
    either (see HeartbeatHealth): what the scheduler and the conductor's recovery use."""
    if service.forced_down:
        return False
    last = service.last_seen_up or service.updated_at or service.created_at
    if last is None:
        return False
    now = now or timeutils.utcnow(with_timezone=True)
    return abs(HEARTBEAT_HEALTH.silence(last, now)) <= CONF.service_down_time


class Service(oslo_service.Service):
    """Serves `topic` (server = host) with `manager` and its additional endpoints."""

    def __init__(self, host: str, binary: str, topic: str, manager: str,
                 periodic_enable: bool | None = None, periodic_interval: int | None = None):
        super().__init__()
        self.host = host
        self.binary = binary
        self.topic = topic
        self.manager_class_name = manager
        self.manager = importutils.import_object(manager, host=host)
        self.periodic_enable = CONF.periodic_enable if periodic_enable is None \
            else periodic_enable
        self.periodic_interval = periodic_interval or CONF.periodic_interval
        self.service_ref = None
        self.rpcserver = None

    @classmethod
    def create(cls, binary: str, host: str | None = None, topic: str | None = None,
               manager: str | None = None, **kwargs) -> 'Service':
        return cls(host=host or CONF.host, binary=binary,
                   topic=topic or SERVICE_TOPICS[binary](),
                   manager=manager or SERVICE_MANAGERS[binary], **kwargs)

    def start(self) -> None:
        context = novum_context.get_admin_context()
        if objects_base.NovumObject.indirection_api is not None:
            conductor.API().wait_until_ready(context)
        self.service_ref = self._get_or_create_service_ref(context)
        self.manager.init_host()

        target = messaging.Target(topic=self.topic, server=self.host)
        endpoints = [self.manager, *self.manager.additional_endpoints]
        self.rpcserver = rpc.get_server(target, endpoints,
                                        objects_base.NovumObjectSerializer())
        self.rpcserver.start()
        LOG.info('%s started on host %s, topic %s', self.binary, self.host, self.topic)

        self.tg.add_timer(CONF.report_interval, self._report_state,
                          initial_delay=CONF.report_interval)
        if self.periodic_enable:
            self.tg.add_dynamic_timer(self.periodic_tasks,
                                      initial_delay=random.randint(0, self.periodic_interval),
                                      periodic_interval_max=self.periodic_interval)

    def _get_or_create_service_ref(self, context):
        Service_ = objects.Service
        try:
            return Service_.get_by_host_and_binary(context, self.host, self.binary)
        except exception.NotFound:
            pass
        service_ref = Service_(context, host=self.host, binary=self.binary, topic=self.topic)
        try:
            service_ref.create()
        except exception.ServiceBinaryExists:
            # Another worker of this binary on this host won the race.
            return Service_.get_by_host_and_binary(context, self.host, self.binary)
        return service_ref

    def _report_state(self) -> None:
        """Heartbeat with its own short RPC timeout, so a busy conductor delays it
        at most heartbeat_rpc_timeout instead of rpc_response_timeout."""
        if objects_base.NovumObject.indirection_api is not None and \
                'indirection_api' not in vars(self.service_ref):
            self.service_ref.indirection_api = conductor_rpcapi.ConductorAPI(
                timeout=CONF.heartbeat_rpc_timeout)
        started = timeutils.utcnow(with_timezone=True)
        HEARTBEAT_HEALTH.started(started)
        try:
            self.service_ref.heartbeat()
        except messaging.MessagingTimeout:
            HEARTBEAT_HEALTH.failed()
            LOG.warning('Heartbeat of %s on %s timed out; the conductor is busy or gone',
                        self.binary, self.host)
            return
        except Exception:
            HEARTBEAT_HEALTH.failed()
            LOG.exception('Heartbeat of %s on %s failed', self.binary, self.host)
            return
        HEARTBEAT_HEALTH.succeeded(started, timeutils.utcnow(with_timezone=True))

    def periodic_tasks(self, raise_on_error: bool = False) -> float:
        context = novum_context.get_admin_context()
        return self.manager.periodic_tasks(context, raise_on_error=raise_on_error)

    def stop(self, graceful: bool = False) -> None:
        if self.rpcserver is not None:
            try:
                self.rpcserver.stop()
                self.rpcserver.wait()
            except Exception:
                LOG.exception('Stopping the RPC server of %s failed', self.binary)
        self.manager.cleanup_host()
        super().stop(graceful=graceful)

    def reset(self) -> None:
        pass


def serve(server, workers: int | None = None) -> None:
    global _launcher
    if _launcher is not None:
        raise RuntimeError('serve() can only be called once')
    _launcher = oslo_service.launch(CONF, server, workers=workers, restart_method='mutate')


def wait() -> None:
    _launcher.wait()
