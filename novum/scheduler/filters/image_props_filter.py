"""ImagePropertiesFilter: only hosts whose hypervisor the image asks for, if it asks
(image properties img_hv_type / hypervisor_type, and hw_architecture)."""

import platform

from novum.scheduler import filters

_HOST_ARCH = platform.machine().lower()
_ARCH_ALIASES = {'amd64': 'x86_64', 'x64': 'x86_64', 'arm64': 'aarch64'}


class ImagePropertiesFilter(filters.BaseHostFilter):
    RUN_ON_REBUILD = True

    def host_passes(self, host_state, spec_obj) -> bool:
        image = spec_obj.image if spec_obj.obj_attr_is_set('image') else None
        if image is None or not image.obj_attr_is_set('properties'):
            return True
        properties = image.properties
        hv_type = properties.get('img_hv_type') or properties.get('hypervisor_type')
        if hv_type and hv_type.lower() != host_state.hypervisor_type.lower():
            return False
        arch = (properties.get('hw_architecture') or properties.get('architecture') or '')
        arch = _ARCH_ALIASES.get(arch.lower(), arch.lower())
        return not arch or arch == _ARCH_ALIASES.get(_HOST_ARCH, _HOST_ARCH)
