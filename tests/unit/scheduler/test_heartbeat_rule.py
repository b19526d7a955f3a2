"""A service is down after service_down_time of silence, not counting the time this
process's own heartbeats could not get through (a broker or conductor outage)."""

import datetime

from novum import conf, objects
from novum import service as novum_service

CONF = conf.CONF
T0 = datetime.datetime(2026, 1, 1, 12, 0, 0, tzinfo=datetime.UTC)


def _at(seconds: float) -> datetime.datetime:
    return T0 + datetime.timedelta(seconds=seconds)


def _service(last_seen: float):
    return objects.Service(host='h', binary='novum-compute', forced_down=False,
                           last_seen_up=_at(last_seen), updated_at=None, created_at=_at(0))


def test_compute_silent_only_during_a_broker_outage_stays_up(novum_env, monkeypatch):
    CONF.set_override('service_down_time', 6)
    health = novum_service.HeartbeatHealth()
    monkeypatch.setattr(novum_service, 'HEARTBEAT_HEALTH', health)
    health.succeeded(_at(99), _at(100))
    health.failed()                                  # broker gone after t=100
    assert novum_service.service_is_up(_service(100), now=_at(108))
    health.succeeded(_at(110), _at(111))             # back at t=111

    # 12 s after its last heartbeat, but only 1 s of it while heartbeats could flow.
    assert novum_service.service_is_up(_service(100), now=_at(112))
    # One that never reports again is down service_down_time after the outage.
    assert not novum_service.service_is_up(_service(100), now=_at(118))


def test_compute_silent_since_before_the_outage_stays_down(novum_env, monkeypatch):
    CONF.set_override('service_down_time', 6)
    health = novum_service.HeartbeatHealth()
    monkeypatch.setattr(novum_service, 'HEARTBEAT_HEALTH', health)
    health.succeeded(_at(99), _at(100))
    health.failed()
    health.succeeded(_at(110), _at(111))

    assert not novum_service.service_is_up(_service(80), now=_at(112))


def test_without_an_outage_the_rule_is_service_down_time(novum_env, monkeypatch):
    CONF.set_override('service_down_time', 6)
    health = novum_service.HeartbeatHealth()
    monkeypatch.setattr(novum_service, 'HEARTBEAT_HEALTH', health)
    health.succeeded(_at(99), _at(99.1))

    assert novum_service.service_is_up(_service(100), now=_at(105))
    assert not novum_service.service_is_up(_service(100), now=_at(107))


def test_a_stalled_heartbeat_counts_as_an_outage(novum_env, monkeypatch):
    CONF.set_override('service_down_time', 6)
    CONF.set_override('report_interval', 1)
    health = novum_service.HeartbeatHealth()
    monkeypatch.setattr(novum_service, 'HEARTBEAT_HEALTH', health)
    health.succeeded(_at(99), _at(100))
    health.succeeded(_at(101), _at(109))             # took 8 s: the broker was away

    assert novum_service.service_is_up(_service(100), now=_at(110))


def test_a_heartbeat_still_under_way_counts_as_an_outage(novum_env, monkeypatch):
    # The messaging driver blocks a call in its reconnect loop while the broker is away.
    CONF.set_override('service_down_time', 6)
    CONF.set_override('report_interval', 1)
    health = novum_service.HeartbeatHealth()
    monkeypatch.setattr(novum_service, 'HEARTBEAT_HEALTH', health)
    health.succeeded(_at(99), _at(100))
    health.started(_at(101))

    assert novum_service.service_is_up(_service(100), now=_at(118))
    health.succeeded(_at(101), _at(119))
    assert novum_service.service_is_up(_service(100), now=_at(120))
    assert not novum_service.service_is_up(_service(100), now=_at(126))
