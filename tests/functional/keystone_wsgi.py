"""Gunicorn entry point for the test Keystone: keystone.wsgi.api with sys.argv trimmed.

keystone.wsgi.api parses sys.argv with oslo.config at import, and gunicorn's own
arguments would make every worker exit with code 2; the config comes from
OS_KEYSTONE_CONFIG_DIR instead.
"""

import sys

sys.argv = sys.argv[:1]

from keystone.wsgi.api import application  # noqa: E402,F401
