"""Flavors and their extra specs."""

from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import utils as sqlalchemyutils

from novum import exception
from novum.db import models
from novum.db.api.session import model_query, reader, soft_delete, writer


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
    if not soft_delete(model_query(context, models.Flavor).filter_by(flavorid=flavorid)):
        raise exception.FlavorNotFound(flavor_id=flavorid)


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
