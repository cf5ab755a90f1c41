"""Identity review and filing (身份審核備案): the checklist review of the certificates of city and
university federation leaders who are returnees or relatives, and its filing."""
