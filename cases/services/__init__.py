"""Writes: one function per business action.

Every function here is keyword-only, runs in one transaction, locks the row it changes, checks the
actor's role and the object's state against the table in cases.workflows, writes the audit event in
the same transaction, creates or recomputes the deadline rows, and enqueues side effects (notification
delivery) with transaction.on_commit. Nothing else in the project changes these models.
"""
