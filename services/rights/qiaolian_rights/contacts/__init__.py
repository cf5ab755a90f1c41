"""Overseas business, technology and professional contacts of the economic work, shared with office's resource registry."""
