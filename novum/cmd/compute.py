"""novum-compute: one per hypervisor host ([DEFAULT] host); builds and runs instances."""

import sys

from novum import config, service
from novum.objects.service import COMPUTE_BINARY


def main() -> None:
    config.parse_args(sys.argv)
    service.setup_conductor_access(COMPUTE_BINARY)
    server = service.Service.create(binary=COMPUTE_BINARY)
    service.serve(server)
    service.wait()
