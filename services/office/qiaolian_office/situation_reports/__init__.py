"""僑情專報 situation reports: an office contributes a report on overseas-Chinese affairs, it is edited,
approved and submitted upward, and the leader's instruction (領導批示) on it is recorded."""
