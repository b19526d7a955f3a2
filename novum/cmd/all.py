"""novum-all: conductor, scheduler and one compute in one process, on fake:// and
SQLite under state_path by default (the embedded deployment); the schema is synced
on start, so a fresh machine works."""

import os
import sys

from oslo_config import cfg
from oslo_log import log as logging
from oslo_service import service as oslo_service

from novum import conf, config, rpc, service
from novum.cmd import api as api_cmd
from novum.db import api as db_api
from novum.db import migration
from novum.objects.service import COMPUTE_BINARY

CONF = conf.CONF
LOG = logging.getLogger(__name__)

# The services this process runs, in start order. The REST API's WSGI service is
# appended here (see API_SERVICE_FACTORIES) when novum/api provides one.
SERVICE_BINARIES = ['novum-conductor', 'novum-scheduler', COMPUTE_BINARY]

# Factories of extra (non-RPC) services to launch too, e.g. the API WSGI server:
#     API_SERVICE_FACTORIES.append(lambda: novum.api.wsgi.WSGIService('osapi_compute'))
API_SERVICE_FACTORIES: list = [api_cmd.wsgi_service]


def main() -> None:
    config.parse_args(sys.argv)
    if CONF.get_location('transport_url').location == cfg.Locations.opt_default:
        # Everything in one process: the in-memory transport unless configured.
        rpc.cleanup()
        CONF.set_override('transport_url', 'fake://')
        rpc.init(CONF)
    # The conductor's code runs in-process for every service here.
    CONF.set_override('use_local', True, group='conductor')
    service.setup_conductor_access('novum-all')
    os.makedirs(CONF.state_path, exist_ok=True)
    migration.db_sync()     # idempotent: creates the schema on first start
    db_api.serialize_sqlite_transactions()
    launcher = oslo_service.ServiceLauncher(CONF, restart_method='mutate')
    for binary in SERVICE_BINARIES:
        launcher.launch_service(service.Service.create(binary=binary))
    for factory in API_SERVICE_FACTORIES:
        launcher.launch_service(factory())
    LOG.info('novum-all running %s', ', '.join(SERVICE_BINARIES))
    launcher.wait()
