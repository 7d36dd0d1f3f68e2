from quartier.core.errors import DomainError


class OpinionError(DomainError):
    code = "opinion_error"
