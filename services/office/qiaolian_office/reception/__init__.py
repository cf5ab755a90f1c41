"""公務接待 reception: a plan per delegation visit (asked for by liaison) or standalone — guests by number
and level, dates, meals, accommodation, venue, hosting leader, budget within the per-head standard —
confirmed, held and closed with its actual cost, or declined with a reason."""
