"""資產 assets: fixed assets with category, value, location and custodian (a cadre of the directory);
transfers between custodians; a yearly inventory campaign in which each asset is confirmed, missing or
damaged; disposal with the office head's approval; a custodian who leaves the staff has their assets
listed for handover on the supervision board."""
