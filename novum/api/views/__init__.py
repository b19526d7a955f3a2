"""Response bodies built from objects, shared by handlers."""
