"""The conductor factories pick the in-process or the RPC classes."""

import pytest

from novum import conductor
from novum.conductor import api as conductor_api


@pytest.mark.parametrize('config_use_local, keyword_use_local, local', [
    (False, False, False),
    (False, True, True),
    (True, False, True),
    (True, True, True),
])
def test_factories_pick_local_or_rpc_classes(novum_env, config_use_local, keyword_use_local,
                                             local):
    novum_env.set_override('use_local', config_use_local, group='conductor')

    api = conductor.API(use_local=keyword_use_local)
    task_api = conductor.ComputeTaskAPI(use_local=keyword_use_local)

    assert type(api) is (conductor_api.LocalAPI if local else conductor_api.API)
    assert type(task_api) is (conductor_api.LocalComputeTaskAPI if local
                              else conductor_api.ComputeTaskAPI)


def test_local_and_rpc_classes_offer_the_same_methods():
    def public(cls):
        return {name for name in dir(cls) if not name.startswith('_')}

    assert public(conductor_api.LocalAPI) == public(conductor_api.API)
    assert public(conductor_api.LocalComputeTaskAPI) == public(conductor_api.ComputeTaskAPI)
