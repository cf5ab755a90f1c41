"""qiaolian liaison service."""
