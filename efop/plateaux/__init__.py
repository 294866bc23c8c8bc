"""Plateaux techniques: the census of technical training equipment (workshops, simulators…)."""
