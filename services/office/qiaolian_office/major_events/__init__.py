"""重要活動 major events: an event with its dates, venue and the leaders attending, and a task list assigned
to offices with deadlines, each task an item on the supervision board until it is done; the event's
readiness is the share of its tasks done."""
