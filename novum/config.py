"""Parse command line and config files for a daemon, and set up logging once."""

from oslo_log import log as logging

from novum import conf, rpc

CONF = conf.CONF


def parse_args(argv: list[str], default_config_files: list[str] | None = None,
               configure_logging: bool = True) -> None:
    if configure_logging:
        logging.register_options(CONF)
        logging.set_defaults(default_log_levels=logging.get_default_log_levels() + [
            'oslo.messaging=WARN', 'oslo_messaging=WARN', 'amqp=WARN', 'kombu=WARN',
            'stevedore=WARN', 'alembic=WARN', 'oslo_policy=INFO', 'keystonemiddleware=INFO',
        ])
    rpc.set_defaults(control_exchange='novum')
    CONF(argv[1:], project='novum', default_config_files=default_config_files)
    if configure_logging:
        logging.setup(CONF, 'novum')
    rpc.init(CONF)
