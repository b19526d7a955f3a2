"""Per-project quota limits (what overrides the [quota] defaults)."""

from novum.db import models
from novum.db.api.session import model_query, reader, soft_delete, writer


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
    soft_delete(model_query(context, models.Quota).filter_by(project_id=project_id))
