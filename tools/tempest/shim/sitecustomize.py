"""Loaded by the Tempest processes run-tempest.sh starts (PYTHONPATH): lets the compute tests
that ask for a default network run on a cloud without a network service.

Tempest skips every compute test class with `create_default_network = True` when Neutron is
off, though those classes need the network only because a Neutron cloud needs one to boot;
without a network service Nova boots servers with no port, as Novum does. This hook turns the
flag off in BaseV2ComputeTest.skip_checks (so for every subclass), so those classes run; the
tests that really use Neutron still skip on service_available.neutron = false.
"""

import importlib.abc
import importlib.util
import sys

_MODULE = 'tempest.api.compute.base'


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        if fullname != _MODULE:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        original_exec = loader.exec_module

        def exec_module(module):
            original_exec(module)
            base = module.BaseV2ComputeTest
            skip_checks = base.skip_checks.__func__

            def no_default_network(cls):
                cls.create_default_network = False
                skip_checks(cls)

            base.skip_checks = classmethod(no_default_network)

        loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, _Finder())
