"""InstanceResources: what one instance takes of a compute node.

Not a versioned object: it never crosses RPC. ComputeNode.claim and release carry its
three amounts as documented integer arguments; every caller computes them here, so a
claim and its release cannot disagree about a disk size or an unset (None) amount.
"""

import dataclasses


@dataclasses.dataclass(frozen=True)
class InstanceResources:
    vcpus: int = 0
    memory_mb: int = 0
    disk_gb: int = 0    # root_gb + ephemeral_gb

    @classmethod
    def of_flavor(cls, flavor) -> 'InstanceResources':
        """What an instance of `flavor` takes (what a claim takes)."""
        return cls._of(flavor)

    @classmethod
    def of_instance(cls, instance) -> 'InstanceResources':
        """What `instance` holds: its own sizes, copied from its flavor when it was
        created (what a release gives back, and what a node's recount sums)."""
        return cls._of(instance)

    @classmethod
    def _of(cls, sized) -> 'InstanceResources':
        return cls(vcpus=sized.vcpus or 0, memory_mb=sized.memory_mb or 0,
                   disk_gb=(sized.root_gb or 0) + (sized.ephemeral_gb or 0))
