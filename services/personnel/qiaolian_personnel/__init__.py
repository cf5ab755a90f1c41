"""qiaolian personnel service."""
