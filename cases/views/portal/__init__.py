"""The importer portal (/portal/): an importer organisation's users answer the detentions of their goods.

Every view here admits importer accounts only and reads through cases.queries, so another
organisation's object answers 404 exactly like one that does not exist.
"""
