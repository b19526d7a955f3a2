"""novum-conductor: serves object indirection and compute tasks; owns the database."""

import sys

from oslo_log import log as logging

from novum import conf, config, service

CONF = conf.CONF
LOG = logging.getLogger(__name__)


def main() -> None:
    config.parse_args(sys.argv)
    service.setup_conductor_access('novum-conductor')
    server = service.Service.create(binary='novum-conductor')
    workers = CONF.conductor.workers or None
    service.serve(server, workers=workers)
    service.wait()
