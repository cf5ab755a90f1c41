"""中國僑界貢獻獎 award nominations: a call, each nominee's dossier, the federation's review, the
recommendation upward to the China Federation within the call's quota, and the result."""
