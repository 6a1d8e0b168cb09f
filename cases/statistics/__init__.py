"""Program statistics: staff figures, the public page, the annual report to Congress and their API.

Reads the core's records (cases.models) and never writes them; the core does not import this package.
"""
