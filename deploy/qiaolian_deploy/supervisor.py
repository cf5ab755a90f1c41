"""The restart policy of the launcher behind `make run`, as a process manager has it.

A process that exits is started again after a delay: 1 s, doubling up to 30 s, back to 1 s once it
has run for a minute. One that exits five times in a row within a minute is *failing*: the launcher
logs it and writes it to the status file every service's `GET /health/ready` reports
(qiaolian_chassis.supervision); it keeps being restarted, and is no longer failing after a minute up.
The policy is pure (times are passed in), so its arithmetic is tested without processes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FIRST_DELAY_S = 1.0
MAX_DELAY_S = 30.0
HEALTHY_AFTER_S = 60.0
FAILING_EXITS = 5
FAILING_WINDOW_S = 60.0


@dataclass
class Restarts:
    """One supervised process: when it started, its recent exits, when to start it again."""

    name: str
    started_at: float = 0.0
    delay_s: float = FIRST_DELAY_S
    exits: list[float] = field(default_factory=list)  # exits in a row, without a healthy minute between
    restart_at: float | None = None  # set while the process is down
    last_code: int | None = None
    failing: bool = False

    def started(self, now: float) -> None:
        self.started_at = now
        self.restart_at = None

    def exited(self, now: float, code: int | None) -> float:
        """Record an exit; the delay before the next start."""
        if now - self.started_at >= HEALTHY_AFTER_S:  # it had been up a minute: a fresh series
            self.delay_s, self.exits = FIRST_DELAY_S, []
        self.exits = [t for t in self.exits if now - t < FAILING_WINDOW_S] + [now]
        self.last_code = code
        wait = self.delay_s
        self.delay_s = min(self.delay_s * 2, MAX_DELAY_S)
        self.restart_at = now + wait
        if len(self.exits) >= FAILING_EXITS:
            self.failing = True
        return wait

    def healthy(self, now: float) -> bool:
        """Called while it runs: after a minute up, the delay and the series start over. True when
        this ends a failing spell."""
        if self.restart_at is not None or now - self.started_at < HEALTHY_AFTER_S:
            return False
        was_failing = self.failing
        self.delay_s, self.exits, self.failing = FIRST_DELAY_S, [], False
        return was_failing

    def due(self, now: float) -> bool:
        return self.restart_at is not None and now >= self.restart_at

    def why(self) -> str:
        return f"exited {len(self.exits)} times within {FAILING_WINDOW_S:g} s (last exit code {self.last_code})"
