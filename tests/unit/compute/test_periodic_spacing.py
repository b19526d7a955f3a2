"""Periodic task spacings come from the configuration a daemon starts with: the managers
declare them with oslo.service's spacing= and are imported once the config is parsed."""

import json
import subprocess
import sys

SCRIPT = '''
import json, sys
from novum import config, service
config.parse_args(['novum-compute', '--config-file', sys.argv[1]], configure_logging=False)
from oslo_utils import importutils
spacings = {binary: importutils.import_class(path)._periodic_spacing
            for binary, path in service.SERVICE_MANAGERS.items()}
print(json.dumps(spacings))
'''


def test_spacings_follow_the_config_file(tmp_path):
    config_file = tmp_path / 'novum.conf'
    config_file.write_text('[DEFAULT]\nupdate_resources_interval = 7\n'
                           'sync_power_state_interval = 11\nperiodic_interval = 3\n'
                           'transport_url = fake://\n'
                           '[conductor]\nbuild_recovery_interval = 5\n')
    output = subprocess.run([sys.executable, '-c', SCRIPT, str(config_file)], check=True,
                            capture_output=True, text=True, timeout=120).stdout
    spacings = json.loads(output.splitlines()[-1])
    assert spacings['novum-compute'] == {'update_available_resource': 7,
                                         '_sync_power_states': 11,
                                         '_recover_builds': 5,
                                         '_poll_unconfirmed_resizes': 3}
    # The build timeout is the conductor's alone: a dead compute cannot time out its own.
    assert spacings['novum-conductor'] == {'_recover_builds': 5,
                                           '_check_instance_build_time': 3}
    assert spacings['novum-scheduler'] == {}
