# The block with its two reflection questions, as the threads' tests make it.
from tests.threads_tests.conftest import block, prompts  # noqa: F401
