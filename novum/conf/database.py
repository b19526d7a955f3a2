"""[database] options, owned by oslo.db; Novum only sets the default connection."""

from oslo_config import cfg
from oslo_db import options as db_options

_DEFAULT_CONNECTION = 'sqlite:///$state_path/novum.sqlite'


def register_opts(conf: cfg.ConfigOpts) -> None:
    # The conductor serves many green threads at once: with oslo.db's pool of 5 most
    # calls waited for, or opened, a connection (~20 ms of CPU each with PyMySQL).
    db_options.set_defaults(conf, connection=_DEFAULT_CONNECTION, max_pool_size=30,
                            max_overflow=10)
    # The conductor retries a deadlock or a lost connection this often (1 + 2 + 4 s)
    # before answering: well within rpc_response_timeout, so that the API's caller gets
    # the DB's 503 rather than a timeout while the retry may still write.
    cfg.set_defaults(db_options.database_opts, db_max_retries=3)


def list_opts() -> dict:
    return {'database': [opt for _group, opts in db_options.list_opts() for opt in opts]}
