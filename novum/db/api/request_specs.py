"""Request specs, stored per instance."""

from novum import exception
from novum.db import models
from novum.db.api.session import model_query, reader, writer


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
