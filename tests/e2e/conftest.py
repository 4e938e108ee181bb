# The e2e tier reuses the integration tier's isolated stack fixtures.
from tests.integration.conftest import (  # noqa: F401 - fixtures are found by name
    intake,
    reporting,
    running_services,
    settings,
    tokens,
)
