"""One module of request handlers per API resource."""
