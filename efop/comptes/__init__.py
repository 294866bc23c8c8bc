"""Accounts: users (log in by e-mail), staff roles, organisation memberships and invitations."""
