"""Discipline inspection cases (紀檢): opened against a cadre and concluded with an outcome,
readable and writable only with the discipline role."""
