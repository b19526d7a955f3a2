"""Key pairs, per user."""

from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import utils as sqlalchemyutils

from novum import exception
from novum.db import models
from novum.db.api.session import model_query, reader, soft_delete, writer


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
    if not soft_delete(query):
        raise exception.KeypairNotFound(user_id=user_id, name=name)
