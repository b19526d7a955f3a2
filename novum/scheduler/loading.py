"""Find the filter or weigher classes that config names, in a package's modules."""

import importlib

from novum import exception


def load_classes(package: str, modules: tuple[str, ...], base: type, names: list[str],
                 kind: str) -> list[type]:
    """The subclasses of `base` in `package.<module>` named in `names`, in that order;
    Invalid naming the unknown ones and what is available."""
    available = {}
    for module_name in modules:
        module = importlib.import_module(f'{package}.{module_name}')
        for attr in vars(module).values():
            if isinstance(attr, type) and issubclass(attr, base) and attr is not base:
                available[attr.__name__] = attr
    missing = [name for name in names if name not in available]
    if missing:
        raise exception.Invalid(reason=f'unknown scheduler {kind} {missing}; '
                                       f'available: {sorted(available)}')
    return [available[name] for name in names]
