# The block with its two questions, shared with the threads tests.
from tests.threads_tests.conftest import block, prompts  # noqa: F401
