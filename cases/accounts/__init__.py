"""Accounts: who may sign in, for how long, with which second factor, and the API tokens they hold."""
