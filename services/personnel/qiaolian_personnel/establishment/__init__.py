"""Establishment (編制): the approved slots of each office at each post level, against the cadres in
post there; an appointment that would exceed them is refused."""
