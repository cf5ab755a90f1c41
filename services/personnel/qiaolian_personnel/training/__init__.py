"""Training (幹部培訓): the yearly plan, its courses and trainees, and the hours each cadre completed
against the plan's requirement."""
