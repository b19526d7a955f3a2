"""The conductor's long tasks that span hosts, one module each (as Nova's conductor/tasks)."""
