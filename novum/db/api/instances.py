"""Instances and their metadata: create, list, conditional updates and soft delete."""

import sqlalchemy as sa
from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import utils as sqlalchemyutils
from oslo_log import log as logging
from oslo_utils import timeutils, uuidutils

from novum import exception
from novum.compute import task_states, vm_states
from novum.db import models
from novum.db.api import actions, tags
from novum.db.api.session import (
    model_query,
    reader,
    soft_delete,
    soft_deleted_values,
    writer,
)

LOG = logging.getLogger(__name__)


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
    query = tags.filter_by_tags(query, filters)
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


def _one_of(column, allowed: list):
    """SQL condition: `column` holds one of `allowed`, where None means NULL."""
    condition = column.in_([value for value in allowed if value is not None])
    if None in allowed:
        condition = sa.or_(condition, column.is_(None))
    return condition


def _conditional_update(context, uuid: str, values: dict, expected: dict) -> None:
    """Update instance `uuid` with `values` only if each column of `expected` holds one
    of the values given for it (a value or a list; None means NULL).

    The check and the write are one conditional UPDATE, so two actions racing on one
    instance cannot both win. The loser gets InstanceNotFound if the instance is gone,
    else UnexpectedDeletingTaskStateError if a delete got there first, else
    UnexpectedTaskStateError; the error's expected and actual are {column: ...} of the
    columns that did not match.
    """
    expected = {column: list(allowed) if isinstance(allowed, (list, tuple, set)) else [allowed]
                for column, allowed in expected.items()}
    query = model_query(context, models.Instance).filter(models.Instance.uuid == uuid)
    for column, allowed in expected.items():
        query = query.filter(_one_of(getattr(models.Instance, column), allowed))
    if query.update(values, synchronize_session=False) == 1:
        return
    instance = instance_get_by_uuid(context, uuid)
    actual = {column: getattr(instance, column) for column in expected}
    mismatched = [column for column, allowed in expected.items()
                  if actual[column] not in allowed]
    # None mismatched when this transaction's read view predates the write that beat
    # it (MySQL's REPEATABLE READ): then report every expected column.
    mismatched = mismatched or list(expected)
    error = (exception.UnexpectedDeletingTaskStateError
             if instance.task_state == task_states.DELETING
             else exception.UnexpectedTaskStateError)
    raise error(instance_uuid=uuid,
                expected={column: expected[column] for column in mismatched},
                actual={column: actual[column] for column in mismatched})


@writer
def instance_update(context, uuid: str, values: dict,
                    expected: dict | None = None) -> models.Instance:
    """Update an instance, only if each `expected` column holds one of the given values
    (see _conditional_update); `metadata` in `values` replaces the instance's metadata."""
    values = dict(values)
    metadata = values.pop('metadata', None)
    if values:
        values.setdefault('updated_at', timeutils.utcnow())
        _conditional_update(context, uuid, values, expected or {})
    if metadata is not None:
        # One metadata write per instance at a time: each replaces the rows with a
        # whole dict the API checked against metadata_items, so serialised writers can
        # never add up past the quota (unlocked, two diffs against the same old rows
        # both insert).
        model_query(context, models.Instance).filter_by(uuid=uuid).with_for_update().first()
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
    actions.instance_fault_create(context, {**fault_values, 'instance_uuid': uuid})
    return instance


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
    _conditional_update(context, uuid, values, {'task_state': expected_task_state})
    try:
        if event_start:
            actions.action_event_start(context, uuid, context.request_id,
                                       {'event': event_start, 'start_time': now,
                                        'host': host})
        if event_finish:
            actions.action_event_finish(context, uuid, context.request_id, event_finish,
                                        {'finish_time': now, 'result': 'Success'})
    except exception.InstanceActionNotFound:
        # An instance created without its action record: no events to keep.
        LOG.debug('No action of request %s to record events %s/%s in',
                  context.request_id, event_start, event_finish, instance_uuid=uuid)


def _destroyed_values() -> dict:
    """How a destroyed instance's row reads: soft-deleted and terminated now, vm_state
    deleted, no task."""
    now = timeutils.utcnow()
    return {**soft_deleted_values(now), 'terminated_at': now,
            'vm_state': vm_states.DELETED, 'task_state': None}


def _destroy(context, uuid: str, *conditions) -> models.Instance | None:
    """Soft-delete instance `uuid` and its metadata if the row also meets `conditions`;
    None if it does not."""
    instance = instance_get_by_uuid(context, uuid)
    destroyed = (model_query(context, models.Instance)
                 .filter(models.Instance.uuid == uuid, *conditions)
                 .update(_destroyed_values(), synchronize_session=False))
    if destroyed != 1:
        return None
    soft_delete(model_query(context, models.InstanceMetadata).filter_by(instance_uuid=uuid))
    context.session.refresh(instance)
    return instance


@writer
def instance_destroy(context, uuid: str) -> models.Instance:
    instance = _destroy(context, uuid)
    if instance is None:    # destroyed meanwhile by another transaction
        raise exception.InstanceNotFound(instance_id=uuid)
    return instance


@writer
def instance_destroy_unplaced(context, uuid: str) -> models.Instance | None:
    """Soft-delete an instance only if it has no host yet (deleted before scheduling
    placed it); None if a claim placed it meanwhile."""
    return _destroy(context, uuid, models.Instance.host.is_(None))


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


@reader
def instance_get_building(context, updated_before=None, created_before=None,
                          host: str | None = None) -> list[models.Instance]:
    """Instances in vm_state building, optionally only those last updated or created
    before a time, or on one host (what build recovery and the build timeout scan)."""
    instance = models.Instance
    query = model_query(context, instance).filter(instance.vm_state == vm_states.BUILDING)
    if updated_before is not None:
        # A row never updated since its creation has no updated_at.
        query = query.filter(sa.func.coalesce(instance.updated_at, instance.created_at) <
                             _naive(updated_before))
    if created_before is not None:
        query = query.filter(instance.created_at < _naive(created_before))
    if host is not None:
        query = query.filter(instance.host == host)
    return query.order_by(instance.created_at, instance.id).all()


@writer
def instance_take_over_build(context, uuid: str, updated_at, host: str | None,
                             task_state: str | None) -> bool:
    """Become the one that drives an abandoned build on: bump updated_at only if it
    still reads `updated_at` and the instance is still building with this host and
    task_state. Of several conductor workers recovering at once, one wins."""
    instance = models.Instance
    taken = (model_query(context, instance)
             .filter(instance.uuid == uuid, _one_of(instance.updated_at, [_naive(updated_at)]),
                     instance.vm_state == vm_states.BUILDING,
                     _one_of(instance.host, [host]), _one_of(instance.task_state, [task_state]))
             .update({'updated_at': timeutils.utcnow()}, synchronize_session=False))
    return taken == 1


def _naive(value):
    """A datetime as the DB columns hold it: UTC without tzinfo."""
    return value.replace(tzinfo=None) if value is not None and value.tzinfo else value
