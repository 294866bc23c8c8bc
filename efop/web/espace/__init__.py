"""The organisations' workspace (/espace/): accounts, offer entry, dashboard; staff moderation."""
