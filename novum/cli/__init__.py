"""The `novum` command line client: a nova-style CLI speaking REST to novum-api."""
