"""The conductor: the only process that touches the database.

`API()` and `ComputeTaskAPI()` return the in-process (Local*) or the RPC-backed class,
chosen by `[conductor] use_local` or the `use_local` keyword, with the same methods,
results and exceptions either way.
"""

from novum import conf
from novum.conductor import api as conductor_api

CONF = conf.CONF


def API(use_local: bool = False) -> 'conductor_api.LocalAPI | conductor_api.API':
    if CONF.conductor.use_local or use_local:
        return conductor_api.LocalAPI()
    return conductor_api.API()


def ComputeTaskAPI(use_local: bool = False):
    if CONF.conductor.use_local or use_local:
        return conductor_api.LocalComputeTaskAPI()
    return conductor_api.ComputeTaskAPI()
