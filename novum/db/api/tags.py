"""Server tags (Nova's tags table): set, add, delete, and the list filters on tags."""

import sqlalchemy as sa

from novum import exception
from novum.db import models
from novum.db.api.session import model_query, reader, writer

# The instance list filters of 2.26, each a list of tags.
TAG_FILTERS = ('tags', 'tags-any', 'not-tags', 'not-tags-any')


def _tags(context, instance_uuid: str) -> list[str]:
    return [row.tag for row in model_query(context, models.Tag)
            .filter_by(resource_id=instance_uuid).order_by(models.Tag.tag)]


@reader
def instance_tag_get_by_instance_uuid(context, instance_uuid: str) -> list[str]:
    return _tags(context, instance_uuid)


@reader
def instance_tag_exists(context, instance_uuid: str, tag: str) -> bool:
    return model_query(context, models.Tag).filter_by(
        resource_id=instance_uuid, tag=tag).first() is not None


@writer
def instance_tag_add(context, instance_uuid: str, tag: str) -> bool:
    """Add one tag; False when the instance had it already."""
    if tag in _tags(context, instance_uuid):
        return False
    context.session.add(models.Tag(resource_id=instance_uuid, tag=tag))
    context.session.flush()
    return True


@writer
def instance_tag_set(context, instance_uuid: str, tags: list[str]) -> list[str]:
    """Replace the instance's tags with `tags`, writing only the differences."""
    wanted = set(tags)
    current = set(_tags(context, instance_uuid))
    if current - wanted:
        model_query(context, models.Tag).filter(
            models.Tag.resource_id == instance_uuid,
            models.Tag.tag.in_(sorted(current - wanted))).delete(synchronize_session=False)
    context.session.add_all([models.Tag(resource_id=instance_uuid, tag=tag)
                             for tag in sorted(wanted - current)])
    context.session.flush()
    return sorted(wanted)


@writer
def instance_tag_delete(context, instance_uuid: str, tag: str) -> None:
    deleted = model_query(context, models.Tag).filter_by(
        resource_id=instance_uuid, tag=tag).delete(synchronize_session=False)
    if not deleted:
        raise exception.InstanceTagNotFound(instance_id=instance_uuid, tag=tag)


@writer
def instance_tag_delete_all(context, instance_uuid: str) -> None:
    model_query(context, models.Tag).filter_by(resource_id=instance_uuid).delete(
        synchronize_session=False)


def filter_by_tags(query, filters: dict):
    """Apply (and pop) the tag filters of `filters` to an instances query, as Nova:
    tags = has all, tags-any = has one, not-tags = lacks one, not-tags-any = has none."""
    tag = models.Tag

    def having(tags: list[str]):
        # Instances with `tags`: how many of them each instance has.
        return (sa.select(tag.resource_id)
                .where(tag.tag.in_(tags), tag.deleted == 0)
                .group_by(tag.resource_id))

    def has_all(tags):
        return having(tags).having(sa.func.count(sa.distinct(tag.tag)) == len(set(tags)))

    uuid = models.Instance.uuid
    for key in TAG_FILTERS:
        tags = filters.pop(key, None)
        if not tags:
            continue
        if key == 'tags':
            query = query.filter(uuid.in_(has_all(tags)))
        elif key == 'tags-any':
            query = query.filter(uuid.in_(having(tags)))
        elif key == 'not-tags':
            query = query.filter(uuid.not_in(has_all(tags)))
        else:
            query = query.filter(uuid.not_in(having(tags)))
    return query
