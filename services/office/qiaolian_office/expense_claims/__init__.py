"""財務 expense claims: yearly budget lines per office and claims against them, approved by the claimant's
office head then by office (財務) in order, within the line's balance. Full accounting, tax and audit stay
in the finance systems the province mandates."""
