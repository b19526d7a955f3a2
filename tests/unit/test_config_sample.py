"""etc/novum/novum.conf.sample is what oslo-config-generator makes of today's options."""

import os
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GENERATOR_CONF = os.path.join(REPO, 'etc', 'novum', 'novum-config-generator.conf')
SAMPLE = os.path.join(REPO, 'etc', 'novum', 'novum.conf.sample')


def test_committed_sample_config_is_up_to_date(tmp_path):
    generated = tmp_path / 'novum.conf.sample'
    subprocess.run([sys.executable, '-m', 'oslo_config.generator', '--config-file',
                    GENERATOR_CONF, '--output-file', str(generated)],
                   check=True, cwd=REPO, capture_output=True)
    with open(SAMPLE) as committed:
        assert committed.read() == generated.read_text(), (
            'etc/novum/novum.conf.sample is stale: run "tox -e genconfig" and commit it')


def test_every_novum_option_is_in_the_sample():
    from novum.conf import opts
    with open(SAMPLE) as f:
        sample = f.read()
    for group, options in opts.list_opts():
        assert f'[{group}]' in sample
        for option in options:
            assert f'#{option.dest} =' in sample or f'#{option.name} =' in sample, option.name
