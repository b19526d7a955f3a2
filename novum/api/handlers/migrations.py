"""/os-migrations: the cloud's migrations (admins), with Nova's filters, and
/servers/{id}/migrations[/{mid}] (2.23): a server's in-progress live migrations."""

import webob

from novum import exception
from novum.api import microversion, policies, policy, util
from novum.api.handlers import servers
from novum.compute import migration_states

# Nova's filters of GET /os-migrations up to 2.58 (changes-since is honoured from 2.59:
# before, Nova drops it, and so does Novum).
_FILTERS = ('host', 'status', 'instance_uuid', 'migration_type', 'source_compute',
            'hidden')
# What Nova's server-migrations and os-migrations links treat as in progress.
_LIVE_IN_PROGRESS = (migration_states.QUEUED, migration_states.PREPARING,
                     migration_states.RUNNING, migration_states.POST_MIGRATING)


def _migration(request: webob.Request, migration) -> dict:
    body = {
        'created_at': util.naive(migration.created_at),
        'dest_compute': migration.dest_compute,
        'dest_host': migration.dest_host,
        'dest_node': migration.dest_node,
        'id': migration.id,
        'instance_uuid': migration.instance_uuid,
        'new_instance_type_id': migration.new_instance_type_id,
        'old_instance_type_id': migration.old_instance_type_id,
        'source_compute': migration.source_compute,
        'source_node': migration.source_node,
        'status': migration.status,
        'updated_at': util.naive(migration.updated_at),
    }
    if microversion.is_supported(request, '2.23'):
        body['migration_type'] = migration.migration_type
        if migration.migration_type == migration_states.TYPE_LIVE_MIGRATION and \
                migration.status in _LIVE_IN_PROGRESS:
            body['links'] = util.links(
                request, f'servers/{migration.instance_uuid}/migrations', migration.id)
    return body


def index(request: webob.Request) -> webob.Response:
    context = util.context(request)
    policy.authorize(context, policies.migrations.INDEX, {})
    filters = {key: request.GET[key] for key in _FILTERS if key in request.GET}
    if 'hidden' in filters:
        filters['hidden'] = filters['hidden'].lower() in ('1', 'true', 'yes')
    migrations = servers.compute_api().get_migrations(context, filters)
    return util.json_response({'migrations': [_migration(request, migration)
                                              for migration in migrations
                                              if not migration.hidden]})


def _server_migration(migration) -> dict:
    return {
        'created_at': util.naive(migration.created_at),
        'dest_compute': migration.dest_compute,
        'dest_host': migration.dest_host,
        'dest_node': migration.dest_node,
        'disk_processed_bytes': migration.disk_processed,
        'disk_remaining_bytes': migration.disk_remaining,
        'disk_total_bytes': migration.disk_total,
        'id': migration.id,
        'memory_processed_bytes': migration.memory_processed,
        'memory_remaining_bytes': migration.memory_remaining,
        'memory_total_bytes': migration.memory_total,
        'server_uuid': migration.instance_uuid,
        'source_compute': migration.source_compute,
        'source_node': migration.source_node,
        'status': migration.status,
        'updated_at': util.naive(migration.updated_at),
    }


def server_index(request: webob.Request, server_id: str) -> webob.Response:
    microversion.require(request, '2.23')
    context = util.context(request)
    instance = servers.get_authorized_instance(request, server_id,
                                               policies.server_migrations.INDEX)
    migrations = servers.compute_api().get_migrations_in_progress_by_instance(
        context, instance.uuid, migration_states.TYPE_LIVE_MIGRATION)
    return util.json_response({'migrations': [_server_migration(migration)
                                              for migration in migrations]})


def server_show(request: webob.Request, server_id: str, migration_id: str) -> webob.Response:
    microversion.require(request, '2.23')
    context = util.context(request)
    instance = servers.get_authorized_instance(request, server_id,
                                               policies.server_migrations.SHOW)
    not_found = exception.NotFound(f'In-progress live migration {migration_id} is not '
                                   f'found for server {instance.uuid}.')
    if not migration_id.isdigit():
        raise not_found
    try:
        migration = servers.compute_api().get_migration_by_id_and_instance(
            context, int(migration_id), instance.uuid)
    except exception.MigrationNotFound:
        raise not_found from None
    if migration.migration_type != migration_states.TYPE_LIVE_MIGRATION:
        raise exception.NotFound(f'Migration {migration_id} for server {instance.uuid} is '
                                 f'not live-migration.')
    if migration.status not in _LIVE_IN_PROGRESS:
        raise exception.NotFound(f'Live migration {migration_id} for server '
                                 f'{instance.uuid} is not in progress.')
    return util.json_response({'migration': _server_migration(migration)})
