"""Selection: one host the scheduler chose (or holds in reserve) for an instance."""

from novum.objects import base, fields


@base.NovumObjectRegistry.register
class Selection(base.NovumObject):
    """A destination: `claimed` is True when the scheduler already holds its resources
    (the first choice); alternates are claimed by the conductor only on a reschedule."""

    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'service_host': fields.StringField(),
        'nodename': fields.StringField(),
        'compute_node_id': fields.IntegerField(),
        'claimed': fields.BooleanField(default=False),
    }

    @classmethod
    def from_host_state(cls, host_state, claimed: bool = False) -> 'Selection':
        return cls(service_host=host_state.host, nodename=host_state.nodename,
                   compute_node_id=host_state.compute_node_id, claimed=claimed)
