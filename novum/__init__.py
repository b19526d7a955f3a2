"""Novum: a readable re-implementation of the OpenStack Nova control plane."""
