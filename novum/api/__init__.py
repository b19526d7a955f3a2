"""The OpenStack Compute REST API v2.1 (novum-api), over PasteDeploy, Routes and WebOb."""
