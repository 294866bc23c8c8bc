"""What a round trip through each target version may change, per real sample (shared by the codec
and the database round-trip tests)."""

from efop.lheo.versions import LheoVersion

TARGETS = [LheoVersion.V22, LheoVersion.V23]
PLACEHOLDERS = {
    "Non renseigné",
    "0",
    "1",
    "00000",
    "00000000",
    "99999999",
    "00000000000",
    "00000000000000",
    "83056",
    "V14",
}
# What each target cannot hold, by file: (formation index, path) -> value. Nothing else may differ.
NOT_HELD = {
    ("edof", LheoVersion.V22): {
        ("[0]/certification[1]/code-RNCP[1]", "RNCP40344"),  # converted to "40344" (2.2: 6 characters)
        ("[1]/certification[1]/code-RS[1]", "RS6604"),  # code-RS and code-CPF are 2.3 only
        ("[2]/certification[1]/code-CPF[1]", "CPF202"),
        ("[3]/certification[1]/code-CPF[1]", "CPF200"),
    },
}
CONVERTED = {("edof", LheoVersion.V22): {("[0]/certification[1]/code-RNCP[1]", "40344")}}
