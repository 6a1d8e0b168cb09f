"""Entry screening: the reference lists the agency enforces, the matcher, hits and their dispositions."""
