"""Entry points of the daemons and tools.

The one place where eventlet monkey-patches the standard library, before anything
else is imported, as Nova's nova/cmd/__init__.py does. A native-threading mode would
be chosen here too (oslo.service's threading backend), and nowhere else.
"""

import warnings

# Eventlet warns that it is deprecated on import; we know, and chose it on purpose.
warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')

import eventlet  # noqa: E402

eventlet.monkey_patch()
