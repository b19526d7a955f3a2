"""The scheduler's part of server groups: load the request's group, and claim a host
for a member atomically with the group's policy.

The hard policies hold under concurrent boots because the claim of a member is
db.instance_group_claim: the node claim runs in a transaction that first locks the
group's row and re-reads where the other members are, so two members' claims never
decide on the same stale view (the filters only pre-select on the scheduler's view).
"""

from novum import objects
from novum.objects import server_group
from novum.objects.resources import InstanceResources

# The filter each hard policy's refusals are reported under.
_FILTER_OF_POLICY = {'affinity': 'ServerGroupAffinityFilter',
                     'anti-affinity': 'ServerGroupAntiAffinityFilter'}


def load_request_group(context, spec_obj) -> None:
    """Set spec_obj.instance_group to the hinted group as it is now (its members' hosts
    change with every boot, so it is read for every request)."""
    uuid = server_group.group_uuid_of(spec_obj)
    spec_obj.instance_group = objects.InstanceGroup.get_by_uuid(context, uuid) \
        if uuid else None


def claim(context, spec_obj, host_state, instance_uuid: str,
          resources: InstanceResources):
    """server_group.claim_for_request (ServerGroupHostRefused when the group's policy
    forbids the host); a member's claim is remembered in the request's group, for the
    request's next instances."""
    node = server_group.claim_for_request(context, spec_obj, host_state.compute_node_id,
                                          instance_uuid, resources)
    group = spec_obj.instance_group if spec_obj.obj_attr_is_set('instance_group') else None
    if node is not None and group is not None:
        group.hosts = [*group.hosts, host_state.host]
    return node


def refused_reason(spec_obj, count: int) -> str:
    group = spec_obj.instance_group
    name = _FILTER_OF_POLICY.get(group.policy, 'the server group policy')
    return (f'{name} refused {count} hosts when claimed: the other members of server '
            f'group {group.uuid} ({group.policy}) took them first.')
