"""Stable states of an instance (Nova's vm_state values)."""

ACTIVE = 'active'          # running, or at least powered on
BUILDING = 'building'      # not yet built
STOPPED = 'stopped'        # powered off, disks kept
ERROR = 'error'            # a failure left it unusable; see its fault
DELETED = 'deleted'        # gone, kept for the record (soft-deleted row)
SOFT_DELETED = 'soft-delete'
PAUSED = 'paused'
SUSPENDED = 'suspended'
RESCUED = 'rescued'
RESIZED = 'resized'
SHELVED = 'shelved'
SHELVED_OFFLOADED = 'shelved_offloaded'
