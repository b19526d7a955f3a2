"""Services (one row per daemon and host) and their heartbeats."""

from oslo_db import exception as db_exc
from oslo_utils import timeutils, uuidutils

from novum import exception
from novum.db import models
from novum.db.api.session import model_query, reader, soft_delete, writer


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
    soft_delete(model_query(context, models.ComputeNode).filter_by(service_id=service.id))
    soft_delete(model_query(context, models.Service).filter_by(id=service.id))
