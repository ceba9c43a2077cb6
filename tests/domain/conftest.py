import pytest

# The given-helpers assert too; rewrite them so their failures explain themselves.
pytest.register_assert_rewrite("tests.domain.given")
