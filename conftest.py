"""Plugins for every test directory of the workspace."""

pytest_plugins = ["qiaolian_chassis.testing"]
