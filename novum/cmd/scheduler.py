"""novum-scheduler: serves select_destinations; reaches the database via the conductor."""

import sys

from novum import conf, config, service

CONF = conf.CONF


def main() -> None:
    config.parse_args(sys.argv)
    service.setup_conductor_access('novum-scheduler')
    server = service.Service.create(binary='novum-scheduler')
    service.serve(server, workers=CONF.scheduler.workers or None)
    service.wait()
