"""公務接待 reception: the official hosting office arranges for a delegation visit from liaison, and
cancels with the visit."""
