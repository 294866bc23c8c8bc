"""History and provenance: every change to the offer and to organisations (who — a user or a flow
run —, when, which fields, old and new values), and staff corrections kept over partner flows."""
