"""課題調研 research plans: the yearly plan of topics for the national federation's research, each with
an owner office, milestones (each on the board until done) and the final report."""
