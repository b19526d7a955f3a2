"""Database layer. Only novum.db.api opens sessions; only the conductor calls it."""
