"""Overseas Chinese-language media (海外華文媒體): outlets, their contact persons, and the coverage each
produced of a delegation visit, an exchange activity, a programme, or in general."""
