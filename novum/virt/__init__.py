"""Virt drivers: what a compute host runs instances on."""
