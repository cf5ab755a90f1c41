"""調解 / 多元化解 mediation and diversified dispute resolution: a dispute, often arising from a petition,
is referred to a mediator, a mediation body, a court or arbitration and ends in agreement or failure."""
