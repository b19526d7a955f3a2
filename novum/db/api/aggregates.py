"""Host aggregates: the aggregate, its hosts and its metadata (availability_zone among it)."""

from oslo_db import exception as db_exc
from oslo_utils import timeutils, uuidutils

from novum import exception
from novum.db import models
from novum.db.api.session import model_query, reader, soft_delete, writer


def _get(context, aggregate_id: int) -> models.Aggregate:
    aggregate = model_query(context, models.Aggregate).filter_by(id=aggregate_id).first()
    if aggregate is None:
        raise exception.AggregateNotFound(aggregate_id=aggregate_id)
    return aggregate


def _check_name(context, name: str, aggregate_id: int | None = None) -> None:
    query = model_query(context, models.Aggregate).filter_by(name=name)
    if aggregate_id is not None:
        query = query.filter(models.Aggregate.id != aggregate_id)
    if query.first() is not None:
        raise exception.AggregateNameExists(aggregate_name=name)


def _reload(context, aggregate: models.Aggregate) -> models.Aggregate:
    context.session.flush()
    context.session.refresh(aggregate)
    return aggregate


@writer
def aggregate_create(context, values: dict, metadata: dict | None = None) -> models.Aggregate:
    _check_name(context, values['name'])
    aggregate = models.Aggregate(uuid=values.get('uuid') or uuidutils.generate_uuid(),
                                 name=values['name'])
    context.session.add(aggregate)
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry as e:
        raise exception.AggregateNameExists(aggregate_name=values['name']) from e
    if metadata:
        _set_metadata(context, aggregate.id, metadata)
    return _reload(context, aggregate)


@reader
def aggregate_get(context, aggregate_id: int) -> models.Aggregate:
    return _get(context, aggregate_id)


@reader
def aggregate_get_all(context) -> list[models.Aggregate]:
    return model_query(context, models.Aggregate).order_by(models.Aggregate.id).all()


@reader
def aggregate_get_by_host(context, host: str) -> list[models.Aggregate]:
    host_model = models.AggregateHost
    ids = model_query(context, host_model).filter_by(host=host).with_entities(
        host_model.aggregate_id)
    return (model_query(context, models.Aggregate).filter(models.Aggregate.id.in_(ids))
            .order_by(models.Aggregate.id).all())


@reader
def aggregate_get_by_metadata_key(context, key: str,
                                  hosts: list[str] | None = None) -> list[models.Aggregate]:
    """Aggregates that have metadata `key`, of one of `hosts` when given."""
    meta = models.AggregateMetadata
    query = model_query(context, models.Aggregate).filter(models.Aggregate.id.in_(
        model_query(context, meta).filter_by(key=key).with_entities(meta.aggregate_id)))
    if hosts is not None:
        host_model = models.AggregateHost
        query = query.filter(models.Aggregate.id.in_(
            model_query(context, host_model).filter(host_model.host.in_(hosts))
            .with_entities(host_model.aggregate_id)))
    return query.order_by(models.Aggregate.id).all()


@writer
def aggregate_update(context, aggregate_id: int, values: dict) -> models.Aggregate:
    aggregate = _get(context, aggregate_id)
    if 'name' in values:
        _check_name(context, values['name'], aggregate_id)
        aggregate.name = values['name']
    aggregate.updated_at = timeutils.utcnow()
    return _reload(context, aggregate)


@writer
def aggregate_delete(context, aggregate_id: int) -> None:
    _get(context, aggregate_id)
    soft_delete(model_query(context, models.AggregateMetadata).filter_by(
        aggregate_id=aggregate_id))
    soft_delete(model_query(context, models.Aggregate).filter_by(id=aggregate_id))


@writer
def aggregate_host_add(context, aggregate_id: int, host: str) -> models.Aggregate:
    aggregate = _get(context, aggregate_id)
    if any(row.host == host for row in aggregate.host_rows):
        raise exception.AggregateHostExists(aggregate_id=aggregate_id, host=host)
    context.session.add(models.AggregateHost(aggregate_id=aggregate_id, host=host))
    try:
        context.session.flush()
    except db_exc.DBDuplicateEntry as e:
        raise exception.AggregateHostExists(aggregate_id=aggregate_id, host=host) from e
    return _reload(context, aggregate)


@writer
def aggregate_host_delete(context, aggregate_id: int, host: str) -> models.Aggregate:
    aggregate = _get(context, aggregate_id)
    if not soft_delete(model_query(context, models.AggregateHost).filter_by(
            aggregate_id=aggregate_id, host=host)):
        raise exception.AggregateHostNotFound(aggregate_id=aggregate_id, host=host)
    return _reload(context, aggregate)


def _set_metadata(context, aggregate_id: int, metadata: dict) -> None:
    """Set each key of `metadata`; a None value deletes the key."""
    current = {row.key: row for row in model_query(context, models.AggregateMetadata)
               .filter_by(aggregate_id=aggregate_id)}
    for key, value in metadata.items():
        row = current.get(key)
        if value is None:
            if row is not None:
                row.soft_delete(context.session)
        elif row is not None:
            row.value = value
        else:
            context.session.add(models.AggregateMetadata(aggregate_id=aggregate_id, key=key,
                                                         value=value))


@writer
def aggregate_metadata_update(context, aggregate_id: int,
                              metadata: dict) -> models.Aggregate:
    aggregate = _get(context, aggregate_id)
    _set_metadata(context, aggregate_id, metadata)
    aggregate.updated_at = timeutils.utcnow()
    return _reload(context, aggregate)
