"""novum-compute: one per hypervisor host ([DEFAULT] host); builds and runs instances."""

import sys

from novum import config, service


def main() -> None:
    config.parse_args(sys.argv)
    service.setup_conductor_access('novum-compute')
    server = service.Service.create(binary='novum-compute')
    service.serve(server)
    service.wait()
