"""The one error the extraction package raises on purpose."""

from domain.errors import InvalidInput


class ArticleError(InvalidInput):
    """An article file that cannot be read as an article; the message is one line.

    It subclasses InvalidInput so the CLI maps it to exit code 2 like any other bad input.
    """
