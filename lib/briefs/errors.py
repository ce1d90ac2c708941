"""The one error a brief raises."""


class BriefError(Exception):
    """A brief cannot be made: an unknown donor or edition, or a table that could not be read."""
