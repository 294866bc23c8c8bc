"""The organisations directory (annuaire OF/CFA): legal units (SIREN), their établissements
(SIRET, from SIRENE), activity declarations (NDA) with their Qualiopi certificates (DGEFP list),
UAI codes (DEPP/BCE), contacts, and the loaders of the official files.

Each loader owns one table (SIRENE → EtablissementAnnuaire, DGEFP → DeclarationActivite and
CertificatQualiopi, UAI → CodeUai); a record absent from the next file of its loader is withdrawn
(`retire_le`), never deleted. Legal units gather what the three files say about one SIREN.
"""
