"""Running counts of open work, kept by database triggers, for the supervisor's figures.

Each row is a signed count (+1 or -1, or a compacted sum) of one measure at one key. Triggers on the
detention and clock tables insert a row for every change that moves work in or out of a count (migration
0030), so the counts are right whatever wrote the change: a service, a bulk update, `COPY`. Rows are only
ever inserted by the triggers, never updated, so concurrent transactions never wait on one another here;
`cases.tallies.compact` folds them into one row per key from time to time.

The measures:
- OPEN_BY_AGE: open detentions per (assigned officer, basis, presented on);
- OPEN_BY_NEXT_DUE: open detentions per (assigned officer, basis, next clock due), for the overdue counts;
- OPEN_CLOCKS_BY_DUE: open clocks per due date (officer 0, basis ""), for the deadlines-ahead chart.

`officer_key` is the assigned officer's id, 0 when nobody is assigned.
"""

from django.db import models


class TallyMeasure(models.IntegerChoices):
    OPEN_BY_AGE = 1, "Open detentions by officer, basis and presentation date"
    OPEN_BY_NEXT_DUE = 2, "Open detentions by officer, basis and next clock due"
    OPEN_CLOCKS_BY_DUE = 3, "Open clocks by due date"


class WorkTally(models.Model):
    measure = models.PositiveSmallIntegerField(choices=TallyMeasure.choices)
    officer_key = models.BigIntegerField(default=0)
    basis = models.CharField(max_length=10, blank=True, default="")
    day = models.DateField(null=True, blank=True)
    n = models.IntegerField()

    class Meta:
        # Every read groups one measure by (officer, basis) or sums a range of days: on PostgreSQL an
        # index-only scan of this index, whose size follows the keys, not the dead rows a fold leaves.
        indexes = [models.Index(fields=["measure", "officer_key", "basis", "day"], include=["n"],
                                name="worktally_cover")]

    def __str__(self) -> str:
        return f"{self.get_measure_display()}: officer {self.officer_key} {self.basis} {self.day} {self.n:+d}"
