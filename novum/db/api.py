"""The only module that opens database sessions.

Every function takes a RequestContext first and runs in one enginefacade transaction
(`@reader` or `@writer`). Outside novum-conductor (and use_local) the layer is blocked
at start with `block_db_access()`, and any call raises DBNotAllowed naming the caller.
"""

import collections
import functools
import os
import threading

import sqlalchemy as sa
from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import enginefacade
from oslo_db.sqlalchemy import utils as sqlalchemyutils
from oslo_utils import timeutils, uuidutils

from novum import conf, exception
from novum.db import models

CONF = conf.CONF

_LOCK = threading.Lock()
_CONTEXT_MANAGER = None
_BLOCKED_BINARY: str | None = None

# SQL statements this process executed: read by benchmarks and tests.
STATEMENTS = collections.Counter()


def block_db_access(binary: str) -> None:
    """Make every DB call in this process raise DBNotAllowed (non-conductor daemons)."""
    global _BLOCKED_BINARY
    _BLOCKED_BINARY = binary


def unblock_db_access() -> None:
    global _BLOCKED_BINARY
    _BLOCKED_BINARY = None


def is_blocked() -> bool:
    return _BLOCKED_BINARY is not None


def connection_started() -> bool:
    """True once this process has created a database engine."""
    return _CONTEXT_MANAGER is not None and _CONTEXT_MANAGER._factory._started


def _check_access(caller: str) -> None:
    if _BLOCKED_BINARY is not None:
        raise exception.DBNotAllowed(binary=_BLOCKED_BINARY, caller=caller)


def configure(connection: str | None = None) -> None:
    """(Re)point this process at a database; the engine starts on first use."""
    global _CONTEXT_MANAGER
    with _LOCK:
        if _CONTEXT_MANAGER is not None and _CONTEXT_MANAGER._factory._started:
            _CONTEXT_MANAGER.writer.get_engine().dispose()
        manager = enginefacade.transaction_context()
        options = {key: value for key, value in CONF.database.items()
                   if key in manager._factory._facade_cfg}
        if connection:
            options['connection'] = connection
        _make_sqlite_dir(options.get('connection') or '')
        manager.configure(**options)
        _CONTEXT_MANAGER = manager


def _make_sqlite_dir(connection: str) -> None:
    if connection.startswith('sqlite:///') and len(connection) > len('sqlite:///'):
        os.makedirs(os.path.dirname(os.path.abspath(connection[len('sqlite:///'):])),
                    exist_ok=True)


def _context_manager():
    _check_access('engine')
    if _CONTEXT_MANAGER is None:
        configure()
    return _CONTEXT_MANAGER


def get_engine() -> sa.engine.Engine:
    engine = _context_manager().writer.get_engine()
    if not getattr(engine, '_novum_counted', False):
        sa.event.listen(engine, 'before_cursor_execute', _count_statement)
        engine._novum_counted = True
    return engine


def _count_statement(conn, cursor, statement, parameters, context, executemany):
    STATEMENTS[statement.split(None, 1)[0].upper()] += 1


def _transaction(kind: str):
    def decorator(func):
        @functools.wraps(func)
        def wrapper(context, *args, **kwargs):
            _check_access(func.__name__)
            manager = _context_manager()
            get_engine()
            with getattr(manager, kind).using(context):
                return func(context, *args, **kwargs)
        return wrapper
    return decorator


reader = _transaction('reader')
writer = _transaction('writer')


def model_query(context, model, read_deleted: str | None = None):
    """A select of `model` in the context's session honouring soft delete."""
    read_deleted = read_deleted or context.read_deleted
    query = context.session.query(model)
    if read_deleted == 'no':
        query = query.filter(model.deleted == 0)
    elif read_deleted == 'only':
        query = query.filter(model.deleted != 0)
    return query


def _soft_delete(query) -> int:
    return query.update({'deleted': sa.literal_column('id'), 'deleted_at': timeutils.utcnow(),
                         'updated_at': sa.literal_column('updated_at')},
                        synchronize_session=False)


# Instances ---------------------------------------------------------------------------

def _set_metadata(context, instance_uuid: str, metadata: dict) -> None:
    """Replace an instance's metadata with `metadata`, writing only the differences."""
    current = {row.key: row for row in model_query(context, models.InstanceMetadata)
               .filter_by(instance_uuid=instance_uuid)}
    for key, row in current.items():
        if key not in metadata:
            row.soft_delete(context.session)
    for key, value in metadata.items():
        if key in current:
            if current[key].value != value:
                current[key].value = value
        else:
            context.session.add(models.InstanceMetadata(
                instance_uuid=instance_uuid, key=key, value=value))


@writer
def instance_create(context, values: dict) -> models.Instance:
    values = dict(values)
    metadata = values.pop('metadata', None) or {}
    values.setdefault('uuid', uuidutils.generate_uuid())
    instance = models.Instance(**values)
    context.session.add(instance)
    context.session.flush()
    _set_metadata(context, instance.uuid, metadata)
    context.session.flush()
    context.session.refresh(instance)
    return instance


@writer
def instance_create_many(context, values_list: list[dict]) -> list[models.Instance]:
    """Create several instances (one request's min/max_count) in one transaction."""
    return [instance_create(context, values) for values in values_list]


@reader
def instance_get_by_uuid(context, uuid: str) -> models.Instance:
    instance = model_query(context, models.Instance).filter_by(uuid=uuid).first()
    if instance is None:
        raise exception.InstanceNotFound(instance_id=uuid)
    return instance


_INSTANCE_EXACT_FILTERS = ('uuid', 'project_id', 'user_id', 'host', 'node', 'vm_state',
                           'task_state', 'power_state', 'reservation_id', 'image_ref',
                           'availability_zone', 'key_name', 'flavor_id')


@reader
def instance_get_all_by_filters(context, filters: dict | None = None, limit: int | None = None,
                                marker: str | None = None, sort_keys: list | None = None,
                                sort_dirs: list | None = None) -> list[models.Instance]:
    """Instances matching `filters`: exact columns (a list value means IN),
    'name' (regex-free substring of display_name), 'changes-since', 'deleted'."""
    filters = dict(filters or {})
    read_deleted = 'no'
    if 'deleted' in filters:
        read_deleted = 'yes' if filters.pop('deleted') else 'no'
    if filters.get('changes-since'):
        read_deleted = 'yes'
    query = model_query(context, models.Instance, read_deleted=read_deleted)
    if 'changes-since' in filters:
        query = query.filter(models.Instance.updated_at >= filters.pop('changes-since'))
    if filters.get('name'):
        query = query.filter(models.Instance.display_name.contains(filters.pop('name')))
    filters.pop('name', None)
    for key in _INSTANCE_EXACT_FILTERS:
        if key not in filters:
            continue
        value = filters.pop(key)
        column = getattr(models.Instance, key) if key != 'flavor_id' else None
        if column is None:
            continue
        if isinstance(value, (list, tuple, set)):
            query = query.filter(column.in_(list(value)))
        else:
            query = query.filter(column == value)
    sort_keys = list(sort_keys or ['created_at'])
    sort_dirs = list(sort_dirs or ['desc'] * len(sort_keys))
    if 'id' not in sort_keys:
        sort_keys.append('id')
        sort_dirs.append(sort_dirs[0])
    marker_row = None
    if marker is not None:
        marker_row = model_query(context, models.Instance, read_deleted='yes').filter_by(
            uuid=marker).first()
        if marker_row is None:
            raise exception.InvalidRequest(f'marker [{marker}] not found')
    try:
        query = sqlalchemyutils.paginate_query(query, models.Instance, limit, sort_keys,
                                               marker=marker_row, sort_dirs=sort_dirs)
    except db_exc.InvalidSortKey as e:
        raise exception.InvalidSortKey(key=str(e)) from e
    return query.all()


@writer
def instance_update(context, uuid: str, values: dict,
                    expected: dict | None = None) -> models.Instance:
    """Update an instance, only if each `expected` column holds one of the given values.

    The check and the write are one conditional UPDATE, so two actions racing on
    one instance cannot both win.
    """
    values = dict(values)
    metadata = values.pop('metadata', None)
    query = model_query(context, models.Instance).filter_by(uuid=uuid)
    for column, allowed in (expected or {}).items():
        allowed = list(allowed) if isinstance(allowed, (list, tuple, set)) else [allowed]
        condition = getattr(models.Instance, column).in_([a for a in allowed if a is not None])
        if None in allowed:
            condition = sa.or_(condition, getattr(models.Instance, column).is_(None))
        query = query.filter(condition)
    if values:
        values.setdefault('updated_at', timeutils.utcnow())
        if query.update(values, synchronize_session=False) != 1:
            actual = instance_get_by_uuid(context, uuid)
            column = next(iter(expected or {'task_state': None}))
            error = (exception.UnexpectedDeletingTaskStateError
                     if actual.task_state == 'deleting' else exception.UnexpectedTaskStateError)
            raise error(instance_uuid=uuid, expected=expected.get(column) if expected else None,
                        actual=getattr(actual, column))
    if metadata is not None:
        _set_metadata(context, uuid, metadata)
    instance = instance_get_by_uuid(context, uuid)
    context.session.refresh(instance)
    return instance


@writer
def instance_update_with_fault(context, uuid: str, values: dict, fault_values: dict,
                               expected: dict | None = None) -> models.Instance:
    """instance_update and a new fault of that instance in one transaction: an instance
    set to ERROR is never seen without the fault that says why."""
    instance = instance_update(context, uuid, values, expected=expected)
    instance_fault_create(context, {**fault_values, 'instance_uuid': uuid})
    return instance


@writer
def instance_destroy(context, uuid: str) -> models.Instance:
    instance = instance_get_by_uuid(context, uuid)
    _soft_delete(model_query(context, models.InstanceMetadata).filter_by(instance_uuid=uuid))
    now = timeutils.utcnow()
    model_query(context, models.Instance).filter_by(uuid=uuid).update(
        {'deleted': models.Instance.id, 'deleted_at': now, 'terminated_at': now,
         'vm_state': 'deleted', 'task_state': None}, synchronize_session=False)
    context.session.refresh(instance)
    return instance


@reader
def instance_count_by_project(context, project_id: str) -> dict:
    """Instances, vCPUs and MB of RAM a project uses (for quota checks)."""
    row = (model_query(context, models.Instance)
           .filter_by(project_id=project_id)
           .with_entities(sa.func.count(models.Instance.id),
                          sa.func.coalesce(sa.func.sum(models.Instance.vcpus), 0),
                          sa.func.coalesce(sa.func.sum(models.Instance.memory_mb), 0))
           .one())
    return {'instances': int(row[0]), 'cores': int(row[1]), 'ram': int(row[2])}


# Flavors -----------------------------------------------------------------------------

@writer
def flavor_create(context, values: dict) -> models.Flavor:
    flavor = models.Flavor(**values)
    context.session.add(flavor)
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry as e:
        if 'flavorid' in (e.columns or []):
            raise exception.FlavorIdExists(flavor_id=values['flavorid']) from e
        raise exception.FlavorExists(name=values['name']) from e
    return flavor


def _flavor_get_by(context, not_found: exception.NotFound, **filters) -> models.Flavor:
    flavor = model_query(context, models.Flavor).filter_by(**filters).first()
    if flavor is None:
        raise not_found
    return flavor


@reader
def flavor_get(context, id: int) -> models.Flavor:
    return _flavor_get_by(context, exception.FlavorNotFound(flavor_id=id), id=id)


@reader
def flavor_get_by_flavor_id(context, flavorid: str) -> models.Flavor:
    return _flavor_get_by(context, exception.FlavorNotFound(flavor_id=flavorid),
                          flavorid=flavorid)


@reader
def flavor_get_by_name(context, name: str) -> models.Flavor:
    return _flavor_get_by(context, exception.FlavorNotFoundByName(flavor_name=name), name=name)


@reader
def flavor_get_all(context, filters: dict | None = None, sort_key: str = 'flavorid',
                   sort_dir: str = 'asc', limit: int | None = None,
                   marker: str | None = None) -> list[models.Flavor]:
    filters = filters or {}
    query = model_query(context, models.Flavor)
    if 'min_memory_mb' in filters:
        query = query.filter(models.Flavor.memory_mb >= filters['min_memory_mb'])
    if 'min_root_gb' in filters:
        query = query.filter(models.Flavor.root_gb >= filters['min_root_gb'])
    if filters.get('is_public') is not None:
        query = query.filter(models.Flavor.is_public == filters['is_public'])
    marker_row = None
    if marker is not None:
        marker_row = model_query(context, models.Flavor).filter_by(flavorid=marker).first()
        if marker_row is None:
            raise exception.FlavorNotFound(flavor_id=marker)
    query = sqlalchemyutils.paginate_query(query, models.Flavor, limit, [sort_key, 'id'],
                                           marker=marker_row, sort_dir=sort_dir)
    return query.all()


@writer
def flavor_destroy(context, flavorid: str) -> None:
    if not _soft_delete(model_query(context, models.Flavor).filter_by(flavorid=flavorid)):
        raise exception.FlavorNotFound(flavor_id=flavorid)


# Services ----------------------------------------------------------------------------

@writer
def service_create(context, values: dict) -> models.Service:
    values = dict(values)
    values.setdefault('uuid', uuidutils.generate_uuid())
    service = models.Service(**values)
    context.session.add(service)
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry as e:
        raise exception.ServiceBinaryExists(host=values['host'], binary=values['binary']) from e
    return service


@reader
def service_get(context, service_id) -> models.Service:
    column = models.Service.uuid if uuidutils.is_uuid_like(service_id) else models.Service.id
    service = model_query(context, models.Service).filter(column == service_id).first()
    if service is None:
        raise exception.ServiceNotFound(service_id=service_id)
    return service


@reader
def service_get_by_host_and_binary(context, host: str, binary: str) -> models.Service:
    service = model_query(context, models.Service).filter_by(host=host, binary=binary).first()
    if service is None:
        raise exception.HostBinaryNotFound(host=host, binary=binary)
    return service


@reader
def service_get_all(context, filters: dict | None = None) -> list[models.Service]:
    query = model_query(context, models.Service)
    for key, value in (filters or {}).items():
        query = query.filter(getattr(models.Service, key) == value)
    return query.order_by(models.Service.id).all()


@writer
def service_update(context, service_id: int, values: dict) -> models.Service:
    service = service_get(context, service_id)
    service.update(values)
    context.session.flush()
    return service


@writer
def service_heartbeat(context, service_id: int) -> models.Service:
    """Bump report_count and last_seen_up in one UPDATE (the servicegroup DB driver)."""
    now = timeutils.utcnow()
    model_query(context, models.Service).filter_by(id=service_id).update(
        {'report_count': models.Service.report_count + 1, 'last_seen_up': now,
         'updated_at': now}, synchronize_session=False)
    service = service_get(context, service_id)
    context.session.refresh(service)
    return service


@writer
def service_destroy(context, service_id: int) -> None:
    service = service_get(context, service_id)
    _soft_delete(model_query(context, models.ComputeNode).filter_by(service_id=service.id))
    _soft_delete(model_query(context, models.Service).filter_by(id=service.id))


# Compute nodes -----------------------------------------------------------------------

@writer
def compute_node_create(context, values: dict) -> models.ComputeNode:
    values = dict(values)
    values.setdefault('uuid', uuidutils.generate_uuid())
    node = models.ComputeNode(**values)
    context.session.add(node)
    context.session.flush()
    return node


@reader
def compute_node_get(context, node_id: int) -> models.ComputeNode:
    node = model_query(context, models.ComputeNode).filter_by(id=node_id).first()
    if node is None:
        raise exception.ComputeNodeNotFound(node=node_id)
    return node


@reader
def compute_node_get_by_host_and_nodename(context, host: str,
                                          nodename: str) -> models.ComputeNode:
    node = model_query(context, models.ComputeNode).filter_by(
        host=host, hypervisor_hostname=nodename).first()
    if node is None:
        raise exception.ComputeHostNotFound(host=host)
    return node


@reader
def compute_node_get_all(context, filters: dict | None = None) -> list[models.ComputeNode]:
    query = model_query(context, models.ComputeNode)
    for key, value in (filters or {}).items():
        query = query.filter(getattr(models.ComputeNode, key) == value)
    return query.order_by(models.ComputeNode.id).all()


@writer
def compute_node_update(context, node_id: int, values: dict) -> models.ComputeNode:
    node = compute_node_get(context, node_id)
    node.update(values)
    context.session.flush()
    return node


@writer
def compute_node_delete(context, node_id: int) -> None:
    if not _soft_delete(model_query(context, models.ComputeNode).filter_by(id=node_id)):
        raise exception.ComputeNodeNotFound(node=node_id)


# Instance actions and faults -----------------------------------------------------------

@writer
def action_start(context, values: dict) -> models.InstanceAction:
    action = models.InstanceAction(**values)
    context.session.add(action)
    context.session.flush()
    return action


@writer
def action_finish(context, instance_uuid: str, request_id: str,
                  values: dict) -> models.InstanceAction:
    action = action_get_by_request_id(context, instance_uuid, request_id)
    action.update(values)
    context.session.flush()
    return action


@reader
def action_get_by_request_id(context, instance_uuid: str,
                             request_id: str) -> models.InstanceAction:
    action = (model_query(context, models.InstanceAction)
              .filter_by(instance_uuid=instance_uuid, request_id=request_id)
              .order_by(models.InstanceAction.id.desc()).first())
    if action is None:
        raise exception.InstanceActionNotFound(instance_uuid=instance_uuid,
                                               request_id=request_id)
    return action


@reader
def actions_get(context, instance_uuid: str) -> list[models.InstanceAction]:
    return (model_query(context, models.InstanceAction, read_deleted='yes')
            .filter_by(instance_uuid=instance_uuid)
            .order_by(models.InstanceAction.created_at.desc(),
                      models.InstanceAction.id.desc()).all())


@writer
def action_event_start(context, instance_uuid: str, request_id: str,
                       values: dict) -> models.InstanceActionEvent:
    action = action_get_by_request_id(context, instance_uuid, request_id)
    event = models.InstanceActionEvent(action_id=action.id, **values)
    context.session.add(event)
    context.session.flush()
    return event


@writer
def action_event_finish(context, instance_uuid: str, request_id: str, event_name: str,
                        values: dict) -> models.InstanceActionEvent:
    action = action_get_by_request_id(context, instance_uuid, request_id)
    event = (model_query(context, models.InstanceActionEvent)
             .filter_by(action_id=action.id, event=event_name)
             .order_by(models.InstanceActionEvent.id.desc()).first())
    if event is None:
        event = models.InstanceActionEvent(action_id=action.id, event=event_name,
                                           start_time=values.get('finish_time'))
        context.session.add(event)
    event.update(values)
    if values.get('result') == 'Error':
        action.message = 'Error'
    context.session.flush()
    return event


@reader
def action_events_get(context, action_id: int) -> list[models.InstanceActionEvent]:
    return (model_query(context, models.InstanceActionEvent)
            .filter_by(action_id=action_id)
            .order_by(models.InstanceActionEvent.id).all())


@writer
def instance_fault_create(context, values: dict) -> models.InstanceFault:
    fault = models.InstanceFault(**values)
    context.session.add(fault)
    context.session.flush()
    return fault


@reader
def instance_fault_get_by_instance_uuids(context, uuids: list[str],
                                         latest: bool = True) -> dict:
    """{uuid: [faults newest first]} (only the newest when `latest`)."""
    result = {uuid: [] for uuid in uuids}
    if not uuids:
        return result
    rows = (model_query(context, models.InstanceFault)
            .filter(models.InstanceFault.instance_uuid.in_(uuids))
            .order_by(models.InstanceFault.created_at.desc(),
                      models.InstanceFault.id.desc()).all())
    for row in rows:
        if not (latest and result[row.instance_uuid]):
            result[row.instance_uuid].append(row)
    return result


# Key pairs -----------------------------------------------------------------------------

@writer
def key_pair_create(context, values: dict) -> models.KeyPair:
    keypair = models.KeyPair(**values)
    context.session.add(keypair)
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry as e:
        raise exception.KeyPairExists(key_name=values['name']) from e
    return keypair


@reader
def key_pair_get(context, user_id: str, name: str) -> models.KeyPair:
    keypair = model_query(context, models.KeyPair).filter_by(user_id=user_id, name=name).first()
    if keypair is None:
        raise exception.KeypairNotFound(user_id=user_id, name=name)
    return keypair


@reader
def key_pair_get_all_by_user(context, user_id: str, limit: int | None = None,
                             marker: str | None = None) -> list[models.KeyPair]:
    query = model_query(context, models.KeyPair).filter_by(user_id=user_id)
    marker_row = None
    if marker is not None:
        marker_row = model_query(context, models.KeyPair).filter_by(
            user_id=user_id, name=marker).first()
        if marker_row is None:
            raise exception.KeypairNotFound(user_id=user_id, name=marker)
    return sqlalchemyutils.paginate_query(query, models.KeyPair, limit, ['name', 'id'],
                                          marker=marker_row, sort_dir='asc').all()


@reader
def key_pair_count_by_user(context, user_id: str) -> int:
    return model_query(context, models.KeyPair).filter_by(user_id=user_id).count()


@writer
def key_pair_destroy(context, user_id: str, name: str) -> None:
    query = model_query(context, models.KeyPair).filter_by(user_id=user_id, name=name)
    if not _soft_delete(query):
        raise exception.KeypairNotFound(user_id=user_id, name=name)


# Request specs -------------------------------------------------------------------------

@writer
def request_spec_create(context, values: dict) -> models.RequestSpec:
    spec = models.RequestSpec(**values)
    context.session.add(spec)
    context.session.flush()
    return spec


@reader
def request_spec_get_by_instance_uuid(context, instance_uuid: str) -> models.RequestSpec:
    spec = model_query(context, models.RequestSpec).filter_by(
        instance_uuid=instance_uuid).first()
    if spec is None:
        raise exception.RequestSpecNotFound(instance_uuid=instance_uuid)
    return spec


@writer
def request_spec_update(context, instance_uuid: str, values: dict) -> models.RequestSpec:
    spec = request_spec_get_by_instance_uuid(context, instance_uuid)
    spec.update(values)
    context.session.flush()
    return spec


# Quotas --------------------------------------------------------------------------------

@reader
def quota_get_all_by_project(context, project_id: str) -> dict:
    rows = model_query(context, models.Quota).filter_by(project_id=project_id).all()
    return {row.resource: row.hard_limit for row in rows}


@writer
def quota_set(context, project_id: str, resource: str, hard_limit: int) -> None:
    row = model_query(context, models.Quota).filter_by(
        project_id=project_id, resource=resource).first()
    if row is None:
        context.session.add(models.Quota(project_id=project_id, resource=resource,
                                         hard_limit=hard_limit))
    else:
        row.hard_limit = hard_limit


@writer
def quota_destroy_all_by_project(context, project_id: str) -> None:
    _soft_delete(model_query(context, models.Quota).filter_by(project_id=project_id))


# Images --------------------------------------------------------------------------------

@writer
def image_create(context, values: dict) -> models.Image:
    values = dict(values)
    values.setdefault('uuid', uuidutils.generate_uuid())
    image = models.Image(**values)
    context.session.add(image)
    context.session.flush()
    return image


@reader
def image_get(context, image_uuid: str) -> models.Image:
    image = model_query(context, models.Image).filter_by(uuid=image_uuid).first()
    if image is None:
        raise exception.ImageNotFound(image_id=image_uuid)
    return image


@reader
def image_get_all(context, filters: dict | None = None) -> list[models.Image]:
    query = model_query(context, models.Image)
    for key, value in (filters or {}).items():
        query = query.filter(getattr(models.Image, key) == value)
    return query.order_by(models.Image.created_at, models.Image.id).all()


@writer
def image_destroy(context, image_uuid: str) -> None:
    if not _soft_delete(model_query(context, models.Image).filter_by(uuid=image_uuid)):
        raise exception.ImageNotFound(image_id=image_uuid)


# Scheduling claims (the boot pipeline) -----------------------------------------------

def _node_has_room(vcpus: int, memory_mb: int, local_gb: int):
    """SQL condition: the node can take these resources within its allocation ratios."""
    node = models.ComputeNode
    return sa.and_(
        node.vcpus_used + vcpus <= node.vcpus * node.cpu_allocation_ratio,
        node.memory_mb_used + memory_mb <= node.memory_mb * node.ram_allocation_ratio,
        node.local_gb_used + local_gb <= node.local_gb * node.disk_allocation_ratio)


@writer
def compute_node_claim(context, node_id: int, instance_uuid: str, vcpus: int, memory_mb: int,
                       local_gb: int) -> models.ComputeNode | None:
    """Take resources on a node for an instance, or return None if it has no room.

    One conditional UPDATE of the node's usage (so concurrent schedulers and
    conductor workers cannot over-commit it) and, in the same transaction, the
    instance's host and node; a deleted instance rolls the claim back.
    """
    node_model = models.ComputeNode
    claimed = (model_query(context, node_model)
               .filter(node_model.id == node_id, _node_has_room(vcpus, memory_mb, local_gb))
               .update({'vcpus_used': node_model.vcpus_used + vcpus,
                        'memory_mb_used': node_model.memory_mb_used + memory_mb,
                        'local_gb_used': node_model.local_gb_used + local_gb,
                        'running_vms': node_model.running_vms + 1,
                        'updated_at': timeutils.utcnow()}, synchronize_session=False))
    if claimed != 1:
        return None
    node = compute_node_get(context, node_id)
    context.session.refresh(node)
    placed = model_query(context, models.Instance).filter_by(uuid=instance_uuid).update(
        {'host': node.host, 'node': node.hypervisor_hostname,
         'scheduled_at': timeutils.utcnow(), 'updated_at': timeutils.utcnow()},
        synchronize_session=False)
    if placed != 1:
        raise exception.InstanceNotFound(instance_id=instance_uuid)
    return node


def _minus(column, amount: int):
    return sa.case((column >= amount, column - amount), else_=0)


@writer
def compute_node_release(context, node_id: int, instance_uuid: str, vcpus: int,
                         memory_mb: int, local_gb: int,
                         unplace: bool = False) -> models.ComputeNode:
    """Give back what compute_node_claim took, once: only if the instance still sits on
    this node, whose name is cleared in the same transaction (so a repeated release, or
    a periodic recount, cannot count it twice). With `unplace` the instance's host is
    cleared too (a failed build going back to the conductor for an alternate)."""
    node = compute_node_get(context, node_id)
    values = {'node': None, 'updated_at': timeutils.utcnow()}
    if unplace:
        values['host'] = None
    released = (model_query(context, models.Instance, read_deleted='yes')
                .filter_by(uuid=instance_uuid, host=node.host, node=node.hypervisor_hostname)
                .update(values, synchronize_session=False))
    if released != 1:
        return node
    node_model = models.ComputeNode
    model_query(context, node_model).filter(node_model.id == node_id).update(
        {'vcpus_used': _minus(node_model.vcpus_used, vcpus),
         'memory_mb_used': _minus(node_model.memory_mb_used, memory_mb),
         'local_gb_used': _minus(node_model.local_gb_used, local_gb),
         'running_vms': _minus(node_model.running_vms, 1),
         'updated_at': timeutils.utcnow()}, synchronize_session=False)
    context.session.refresh(node)
    return node


@writer
def compute_node_recount_usage(context, node_id: int, reserved_vcpus: int,
                               reserved_memory_mb: int,
                               reserved_local_gb: int) -> models.ComputeNode:
    """Set a node's usage to the sum of the instances placed on it plus what the host
    keeps back (the resource tracker's periodic correction).

    The node row is locked first, so a claim committing meanwhile is either fully
    counted or waits for this transaction; usage never drops below what is claimed.
    """
    node = (model_query(context, models.ComputeNode).filter_by(id=node_id)
            .with_for_update().first())
    if node is None:
        raise exception.ComputeNodeNotFound(node=node_id)
    instance = models.Instance
    row = (model_query(context, instance)
           .filter_by(host=node.host, node=node.hypervisor_hostname)
           .with_entities(sa.func.count(instance.id),
                          sa.func.coalesce(sa.func.sum(instance.vcpus), 0),
                          sa.func.coalesce(sa.func.sum(instance.memory_mb), 0),
                          sa.func.coalesce(sa.func.sum(instance.root_gb + sa.func.coalesce(
                              instance.ephemeral_gb, 0)), 0))
           .one())
    values = {'running_vms': int(row[0]), 'vcpus_used': reserved_vcpus + int(row[1]),
              'memory_mb_used': reserved_memory_mb + int(row[2]),
              'local_gb_used': reserved_local_gb + int(row[3])}
    if any(getattr(node, key) != value for key, value in values.items()):
        node.update(values)
        context.session.flush()
    return node


@writer
def instance_destroy_unplaced(context, uuid: str) -> models.Instance | None:
    """Soft-delete an instance only if it has no host yet (deleted before scheduling
    placed it); None if a claim placed it meanwhile."""
    instance = instance_get_by_uuid(context, uuid)
    now = timeutils.utcnow()
    destroyed = (model_query(context, models.Instance)
                 .filter(models.Instance.uuid == uuid, models.Instance.host.is_(None))
                 .update({'deleted': models.Instance.id, 'deleted_at': now,
                          'terminated_at': now, 'vm_state': 'deleted', 'task_state': None},
                         synchronize_session=False))
    if destroyed != 1:
        return None
    _soft_delete(model_query(context, models.InstanceMetadata).filter_by(instance_uuid=uuid))
    context.session.refresh(instance)
    return instance



@writer
def instance_create_many_with_action(context, values_list: list[dict],
                                     action_values: dict) -> list[models.Instance]:
    """Create one request's instances and an InstanceAction (e.g. 'create') for each,
    in one transaction: what the compute API needs in a single conductor round trip."""
    instances = [instance_create(context, values) for values in values_list]
    context.session.add_all([models.InstanceAction(instance_uuid=instance.uuid,
                                                   **action_values)
                             for instance in instances])
    context.session.flush()
    return instances


def serialize_sqlite_transactions() -> None:
    """On SQLite, let one transaction run at a time in this process.

    SQLite has one writer lock, and a reader upgrading to writer while another holds
    it fails at once with "database is locked"; under eventlet a blocked sqlite3 call
    also stalls every green thread. The embedded deployment (novum-all) and in-process
    tests therefore queue their transactions on a lock instead. No-op on other backends.
    """
    engine = get_engine()
    if engine.dialect.name != 'sqlite' or getattr(engine, '_novum_serialized', False):
        return
    lock = threading.RLock()

    # Held from checkout to checkin of a connection, i.e. until after the real COMMIT
    # (the engine's 'commit' event fires before it).
    def checkout(dbapi_connection, record, proxy) -> None:
        lock.acquire()
        record.info['novum_serialized'] = record.info.get('novum_serialized', 0) + 1

    def checkin(dbapi_connection, record) -> None:
        if record.info.get('novum_serialized'):
            record.info['novum_serialized'] -= 1
            lock.release()

    sa.event.listen(engine, 'checkout', checkout)
    sa.event.listen(engine, 'checkin', checkin)
    engine._novum_serialized = True


_STATE_COLUMNS = ('vm_state', 'task_state', 'power_state', 'progress')


@writer
def instance_update_states(context, uuid: str, values: dict, expected_task_state: list,
                           launched: bool = False, event_start: str | None = None,
                           event_finish: str | None = None,
                           host: str | None = None) -> None:
    """The compute's hot path: one conditional UPDATE of state columns, no read back.

    Raises like instance_update when the instance is gone or its task_state is not
    one of `expected_task_state`; `launched` also sets launched_at to now. In the
    same transaction, `event_start` starts an InstanceActionEvent (on `host`) of the
    context's request and `event_finish` finishes one with success.
    """
    values = {key: value for key, value in values.items() if key in _STATE_COLUMNS}
    now = timeutils.utcnow()
    values['updated_at'] = now
    if launched:
        values['launched_at'] = now
    column = models.Instance.task_state
    condition = column.in_([state for state in expected_task_state if state is not None])
    if None in expected_task_state:
        condition = sa.or_(condition, column.is_(None))
    updated = (model_query(context, models.Instance)
               .filter(models.Instance.uuid == uuid, condition)
               .update(values, synchronize_session=False))
    if updated != 1:
        actual = instance_get_by_uuid(context, uuid)
        error = (exception.UnexpectedDeletingTaskStateError
                 if actual.task_state == 'deleting' else exception.UnexpectedTaskStateError)
        raise error(instance_uuid=uuid, expected=expected_task_state,
                    actual=actual.task_state)
    try:
        if event_start:
            action_event_start(context, uuid, context.request_id,
                               {'event': event_start, 'start_time': now, 'host': host})
        if event_finish:
            action_event_finish(context, uuid, context.request_id, event_finish,
                                {'finish_time': now, 'result': 'Success'})
    except exception.InstanceActionNotFound:
        pass    # an instance created without its action record: no events to keep


# Flavor extra specs (the API's os-extra_specs) ----------------------------------------

@writer
def flavor_extra_specs_update(context, flavorid: str, updates: dict,
                              deletes: list | None = None) -> dict:
    """Set `updates` and drop `deletes` (absent keys are ignored) in the flavor's specs,
    read and written in one transaction with the row locked; returns the new specs."""
    flavor = (model_query(context, models.Flavor).filter_by(flavorid=flavorid)
              .with_for_update().first())
    if flavor is None:
        raise exception.FlavorNotFound(flavor_id=flavorid)
    specs = dict(flavor.extra_specs or {})
    specs.update(updates)
    for key in deletes or ():
        specs.pop(key, None)
    # A new dict, so the JSON column sees the change.
    flavor.extra_specs = specs
    context.session.flush()
    return specs
