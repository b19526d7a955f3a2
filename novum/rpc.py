"""oslo.messaging plumbing: one transport per process, clients and servers that carry
the RequestContext and versioned objects.

The transport comes from `transport_url` (rabbit://... for real deployments, fake://
inside one process). `init()` runs once per process, from `novum.config.parse_args`.
"""

import collections

import oslo_messaging as messaging
from oslo_config import cfg
from oslo_serialization import jsonutils

import novum.context
import novum.exception

TRANSPORT: messaging.Transport | None = None

# Exceptions from these modules are re-raised by class in the RPC caller.
ALLOWED_EXMODS = [novum.exception.__name__]

# Count of RPC messages this process sent, by (topic, method): read by benchmarks.
SENT = collections.Counter()


def set_defaults(control_exchange: str) -> None:
    messaging.set_transport_defaults(control_exchange)


def init(conf: cfg.ConfigOpts, url: str | None = None) -> None:
    """Create this process's transport from `url`, or from transport_url."""
    global TRANSPORT
    if TRANSPORT is None:
        TRANSPORT = messaging.get_rpc_transport(conf, url=url,
                                                allowed_remote_exmods=ALLOWED_EXMODS)


def cleanup() -> None:
    global TRANSPORT
    if TRANSPORT is not None:
        TRANSPORT.cleanup()
        TRANSPORT = None


def assert_initialized() -> messaging.Transport:
    if TRANSPORT is None:
        raise RuntimeError('novum.rpc.init() has not been called in this process')
    return TRANSPORT


class JsonPayloadSerializer(messaging.NoOpSerializer):
    @staticmethod
    def serialize_entity(context, entity):
        return jsonutils.to_primitive(entity, convert_instances=True)


class RequestContextSerializer(messaging.Serializer):
    """Serializes the RequestContext and delegates entities to a base serializer."""

    def __init__(self, base: messaging.Serializer | None = None):
        self._base = base or JsonPayloadSerializer()

    def serialize_entity(self, context, entity):
        return self._base.serialize_entity(context, entity)

    def deserialize_entity(self, context, entity):
        return self._base.deserialize_entity(context, entity)

    def serialize_context(self, context) -> dict:
        return context.to_dict()

    def deserialize_context(self, context: dict):
        return novum.context.RequestContext.from_dict(context)


class _CountingClient:
    """An RPCClient proxy that counts what it sends (for benchmarks)."""

    def __init__(self, client: messaging.RPCClient, topic: str):
        self._client = client
        self._topic = topic

    def prepare(self, **kwargs) -> '_CountingClient':
        return _CountingClient(self._client.prepare(**kwargs), self._topic)

    def can_send_version(self, version: str) -> bool:
        return self._client.can_send_version(version)

    def call(self, ctxt, method: str, **kwargs):
        SENT[(self._topic, method)] += 1
        return self._client.call(ctxt, method, **kwargs)

    def cast(self, ctxt, method: str, **kwargs):
        SENT[(self._topic, method)] += 1
        return self._client.cast(ctxt, method, **kwargs)


def get_client(target: messaging.Target, version_cap: str | None = None,
               serializer: messaging.Serializer | None = None,
               timeout: int | None = None) -> _CountingClient:
    client = messaging.get_rpc_client(
        assert_initialized(), target, version_cap=version_cap,
        serializer=RequestContextSerializer(serializer), timeout=timeout)
    return _CountingClient(client, target.topic)


def get_server(target: messaging.Target, endpoints: list,
               serializer: messaging.Serializer | None = None):
    # executor=None lets oslo.messaging pick eventlet when the process is monkey-patched
    # (the daemons, see novum/cmd/__init__.py) and threads otherwise (tests).
    return messaging.get_rpc_server(
        assert_initialized(), target, endpoints,
        serializer=RequestContextSerializer(serializer),
        access_policy=messaging.DefaultRPCAccessPolicy)
