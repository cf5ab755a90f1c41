"""qiaolian office service."""
