"""Base class of every RPC endpoint manager: a target, periodic tasks, a host name."""

from oslo_service import periodic_task

from novum import conf

CONF = conf.CONF


class Manager(periodic_task.PeriodicTasks):
    """A service's RPC endpoint. Subclasses set `target` and add one method per RPC call."""

    target = None

    def __init__(self, host: str | None = None, service_name: str | None = None):
        super().__init__(CONF)
        self.host = host or CONF.host
        self.service_name = service_name
        # Extra RPC endpoints served on the same topic (e.g. a second namespace).
        self.additional_endpoints: list = []

    def periodic_tasks(self, context, raise_on_error: bool = False) -> float:
        return self.run_periodic_tasks(context, raise_on_error=raise_on_error)

    def init_host(self) -> None:
        """Hook run once before the service starts consuming RPC messages."""

    def cleanup_host(self) -> None:
        """Hook run once when the service stops."""
