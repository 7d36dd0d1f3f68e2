from quartier.core.errors import DomainError


class WallError(DomainError):
    code = "wall_error"
