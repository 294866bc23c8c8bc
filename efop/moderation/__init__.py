"""Moderation: submissions of the organisations' offer, staff decisions, revisions of published
records, and e-mail notifications and reminders."""
