"""[database] options, owned by oslo.db; Novum only sets the default connection."""

from oslo_config import cfg
from oslo_db import options as db_options

_DEFAULT_CONNECTION = 'sqlite:///$state_path/novum.sqlite'


def register_opts(conf: cfg.ConfigOpts) -> None:
    db_options.set_defaults(conf, connection=_DEFAULT_CONNECTION)


def list_opts() -> dict:
    return {'database': [opt for _group, opts in db_options.list_opts() for opt in opts]}
