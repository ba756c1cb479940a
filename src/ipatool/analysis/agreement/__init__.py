"""Intercoder agreement: general coefficients and the study's agreement table."""

from ipatool.analysis.agreement.figures import (
    AgreementRow,
    AgreementTable,
    Coefficient,
    PairKappa,
    agreement_table,
)

__all__ = ["AgreementRow", "AgreementTable", "Coefficient", "PairKappa", "agreement_table"]
