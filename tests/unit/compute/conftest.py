"""The in-process cloud of test_pipeline.py, for every compute test that needs one."""

from tests.unit.compute.test_pipeline import cloud  # noqa: F401 (a fixture)
