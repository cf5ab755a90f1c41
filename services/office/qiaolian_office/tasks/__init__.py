"""督查事項 supervised tasks: a leader assigns a task to an office with a due date; the office reports
progress until the task is closed, and the task is on the supervision board meanwhile."""
