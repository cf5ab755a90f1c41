"""Commendation (評比表彰): the call for nominations, their review, the public notice (公示) with its
objections, and the award of advanced collectives and individuals."""
