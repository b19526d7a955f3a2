"""The only package that opens database sessions: `from novum.db import api as db`.

One module per resource (instances, compute_nodes, flavors, services, actions, keypairs,
quotas, images) on top of `session` (engine, `@reader`/`@writer` transactions, the
DBNotAllowed guard, soft delete); every public function is re-exported here, so
callers write `db.instance_get_by_uuid(context, uuid)` whatever module it lives in.
"""

from novum.db.api.actions import (
    action_event_finish,
    action_event_start,
    action_events_get,
    action_finish,
    action_get_by_request_id,
    action_start,
    actions_get,
    instance_fault_create,
    instance_fault_get_by_instance_uuids,
)
from novum.db.api.compute_nodes import (
    compute_node_claim,
    compute_node_create,
    compute_node_delete,
    compute_node_get,
    compute_node_get_all,
    compute_node_get_by_host_and_nodename,
    compute_node_recount_usage,
    compute_node_release,
    compute_node_update,
)
from novum.db.api.flavors import (
    flavor_create,
    flavor_destroy,
    flavor_extra_specs_update,
    flavor_get,
    flavor_get_all,
    flavor_get_by_flavor_id,
    flavor_get_by_name,
)
from novum.db.api.images import (
    image_create,
    image_destroy,
    image_get,
    image_get_all,
    image_update,
)
from novum.db.api.instances import (
    instance_count_by_project,
    instance_create,
    instance_create_many_with_action,
    instance_destroy,
    instance_destroy_unplaced,
    instance_get_all_by_filters,
    instance_get_building,
    instance_get_by_uuid,
    instance_take_over_build,
    instance_update,
    instance_update_states,
    instance_update_with_fault,
)
from novum.db.api.keypairs import (
    key_pair_count_by_user,
    key_pair_create,
    key_pair_destroy,
    key_pair_get,
    key_pair_get_all_by_user,
)
from novum.db.api.migrations import (
    compute_node_move_claim,
    migration_create,
    migration_drop_claim,
    migration_get,
    migration_get_all_by_filters,
    migration_get_by_id_and_instance,
    migration_get_by_instance_and_status,
    migration_get_in_progress_by_instance,
    migration_get_unconfirmed_by_dest_compute,
    migration_update,
)
from novum.db.api.quotas import quota_destroy_all_by_project, quota_get_all_by_project, quota_set
from novum.db.api.services import (
    service_create,
    service_destroy,
    service_get,
    service_get_all,
    service_get_by_host_and_binary,
    service_heartbeat,
    service_update,
)
from novum.db.api.session import (
    STATEMENTS,
    block_db_access,
    configure,
    connection_started,
    get_engine,
    serialize_sqlite_transactions,
    unblock_db_access,
)

# What `db.<name>` offers: the public functions of every module above.
__all__ = [
    'STATEMENTS', 'action_event_finish', 'action_event_start', 'action_events_get',
    'action_finish', 'action_get_by_request_id', 'action_start', 'actions_get', 'block_db_access',
    'compute_node_claim', 'compute_node_create', 'compute_node_delete', 'compute_node_get',
    'compute_node_get_all', 'compute_node_get_by_host_and_nodename', 'compute_node_recount_usage',
    'compute_node_release', 'compute_node_update', 'configure', 'connection_started',
    'flavor_create', 'flavor_destroy', 'flavor_extra_specs_update', 'flavor_get', 'flavor_get_all',
    'flavor_get_by_flavor_id', 'flavor_get_by_name', 'get_engine', 'image_create', 'image_destroy',
    'image_get', 'image_get_all', 'image_update', 'instance_count_by_project', 'instance_create',
    'instance_create_many_with_action', 'instance_destroy', 'instance_destroy_unplaced',
    'instance_fault_create', 'instance_fault_get_by_instance_uuids', 'instance_get_all_by_filters',
    'instance_get_building', 'instance_get_by_uuid', 'instance_take_over_build',
    'instance_update', 'instance_update_states',
    'instance_update_with_fault', 'key_pair_count_by_user', 'key_pair_create', 'key_pair_destroy',
    'key_pair_get', 'key_pair_get_all_by_user',
    # migrations.py
    'compute_node_move_claim', 'migration_create', 'migration_drop_claim', 'migration_get',
    'migration_get_all_by_filters', 'migration_get_by_id_and_instance',
    'migration_get_by_instance_and_status', 'migration_get_in_progress_by_instance',
    'migration_get_unconfirmed_by_dest_compute', 'migration_update',
    'quota_destroy_all_by_project',
    'quota_get_all_by_project', 'quota_set', 'serialize_sqlite_transactions', 'service_create',
    'service_destroy', 'service_get', 'service_get_all', 'service_get_by_host_and_binary',
    'service_heartbeat', 'service_update', 'unblock_db_access',
]

# Server tags, host aggregates and server groups.
from novum.db.api.aggregates import (  # noqa: E402
    aggregate_create,
    aggregate_delete,
    aggregate_get,
    aggregate_get_all,
    aggregate_get_by_host,
    aggregate_get_by_metadata_key,
    aggregate_host_add,
    aggregate_host_delete,
    aggregate_metadata_update,
    aggregate_update,
)
from novum.db.api.server_groups import (  # noqa: E402
    instance_group_claim,
    instance_group_count_by_project,
    instance_group_create,
    instance_group_delete,
    instance_group_get,
    instance_group_get_all,
    instance_group_get_by_instance,
    instance_group_members_add,
    instance_group_members_get,
)
from novum.db.api.tags import (  # noqa: E402
    instance_tag_add,
    instance_tag_delete,
    instance_tag_delete_all,
    instance_tag_exists,
    instance_tag_get_by_instance_uuid,
    instance_tag_set,
)

__all__ += [
    'aggregate_create', 'aggregate_delete', 'aggregate_get', 'aggregate_get_all',
    'aggregate_get_by_host', 'aggregate_get_by_metadata_key', 'aggregate_host_add',
    'aggregate_host_delete', 'aggregate_metadata_update', 'aggregate_update',
    'instance_group_claim', 'instance_group_count_by_project', 'instance_group_create',
    'instance_group_delete', 'instance_group_get', 'instance_group_get_all',
    'instance_group_get_by_instance', 'instance_group_members_add',
    'instance_group_members_get', 'instance_tag_add', 'instance_tag_delete',
    'instance_tag_delete_all', 'instance_tag_exists', 'instance_tag_get_by_instance_uuid',
    'instance_tag_set',
]
