"""Engine, sessions and the pieces every resource module of novum.db.api shares.

Every DB API function takes a RequestContext first and runs in one enginefacade
transaction (`@reader` or `@writer`); the outermost one is retried on a deadlock or a
lost connection (oslo.db's wrap_db_retry, bounded by [database] db_max_retries and
db_retry_interval) before the error reaches the caller, whose API answers 503. Outside
novum-conductor (and use_local) the layer is blocked at start with `block_db_access()`,
and any call raises DBNotAllowed naming the caller.
"""

import collections
import functools
import os
import threading

import sqlalchemy as sa
from oslo_db import api as oslo_db_api
from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import enginefacade
from oslo_utils import timeutils

from novum import conf, exception

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


def connection_started() -> bool:
    """True once this process has created a database engine."""
    return _CONTEXT_MANAGER is not None and _CONTEXT_MANAGER._factory._started


def _check_access(caller: str) -> None:
    if _BLOCKED_BINARY is not None:
        raise exception.DBNotAllowed(binary=_BLOCKED_BINARY, caller=caller)


def _utf8mb4(connection: str) -> str:
    """A MySQL/MariaDB URL with charset=utf8mb4, so 4-byte characters (emoji) are
    stored, whatever the URL in the config says."""
    if not connection.startswith('mysql'):
        return connection
    url = sa.engine.make_url(connection)
    return url.update_query_dict({'charset': 'utf8mb4'}).render_as_string(
        hide_password=False)


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
        if options.get('connection'):
            options['connection'] = _utf8mb4(options['connection'])
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


def _in_transaction(context) -> bool:
    try:
        return context.transaction_ctx is not None
    except db_exc.NoEngineContextEstablished:
        return False


def _retrying(func):
    """`func` retried on DBDeadlock and DBConnectionError as [database] says."""
    options = CONF.database
    return oslo_db_api.wrap_db_retry(
        max_retries=options.db_max_retries, retry_interval=options.db_retry_interval,
        inc_retry_interval=options.db_inc_retry_interval,
        max_retry_interval=options.db_max_retry_interval,
        retry_on_deadlock=True, retry_on_disconnect=True)(func)


def _transaction(kind: str):
    def decorator(func):
        def run(context, *args, **kwargs):
            manager = _context_manager()
            get_engine()
            with getattr(manager, kind).using(context):
                return func(context, *args, **kwargs)

        @functools.wraps(func)
        def wrapper(context, *args, **kwargs):
            _check_access(func.__name__)
            if _in_transaction(context):
                # Part of an enclosing transaction: only the outermost may retry.
                return run(context, *args, **kwargs)
            return _retrying(run)(context, *args, **kwargs)
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


def soft_deleted_values(now=None) -> dict:
    """The columns a soft delete sets, as Nova's: deleted = the row's own id (so a unique
    key that includes `deleted` can be taken again by a new row) and deleted_at."""
    return {'deleted': sa.literal_column('id'), 'deleted_at': now or timeutils.utcnow()}


def soft_delete(query) -> int:
    """Soft-delete the rows of `query`, keeping their updated_at; how many it deleted."""
    return query.update({**soft_deleted_values(),
                         'updated_at': sa.literal_column('updated_at')},
                        synchronize_session=False)


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
