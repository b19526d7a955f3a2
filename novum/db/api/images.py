"""Images of the built-in image service."""

from oslo_utils import uuidutils

from novum import exception
from novum.db import models
from novum.db.api.session import model_query, reader, soft_delete, writer


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
def image_update(context, image_uuid: str, values: dict) -> models.Image:
    image = image_get(context, image_uuid)
    image.update(values)
    context.session.flush()
    return image


@writer
def image_destroy(context, image_uuid: str) -> None:
    if not soft_delete(model_query(context, models.Image).filter_by(uuid=image_uuid)):
        raise exception.ImageNotFound(image_id=image_uuid)
