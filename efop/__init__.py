"""efop: the information system of a regional Carif-Oref (emploi, formation, orientation)."""
