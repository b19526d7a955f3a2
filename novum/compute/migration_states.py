"""Statuses of a Migration record (Nova's strings) and which of them are in flight."""

# Resize and cold migration, in order; then how they end.
PRE_MIGRATING = 'pre-migrating'     # created by the conductor, scheduling / prep_resize
MIGRATING = 'migrating'             # resize_instance on the source
POST_MIGRATING = 'post-migrating'   # disks moved, finish_resize on the destination
FINISHED = 'finished'               # vm_state resized, waiting for confirm or revert
CONFIRMING = 'confirming'
CONFIRMED = 'confirmed'
REVERTING = 'reverting'
REVERTED = 'reverted'
ERROR = 'error'

# Live migration (issue 9 item 3).
QUEUED = 'queued'
PREPARING = 'preparing'
RUNNING = 'running'
COMPLETED = 'completed'
FAILED = 'failed'
CANCELLED = 'cancelled'

# A migration in one of these holds resources on both of its hosts: the old flavor on
# the source, the new flavor on the destination once claimed there.
IN_PROGRESS = (PRE_MIGRATING, MIGRATING, POST_MIGRATING, FINISHED, CONFIRMING, REVERTING,
               QUEUED, PREPARING, RUNNING)

# The two sides of a move, as Migration.drop_claim names the hold it gives back.
SOURCE, DEST = 'source', 'dest'

# Nova's MigrationType values.
TYPE_MIGRATION = 'migration'
TYPE_RESIZE = 'resize'
TYPE_LIVE_MIGRATION = 'live-migration'
TYPE_EVACUATION = 'evacuation'
TYPES = (TYPE_MIGRATION, TYPE_RESIZE, TYPE_LIVE_MIGRATION, TYPE_EVACUATION)
