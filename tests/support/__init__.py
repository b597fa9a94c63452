"""What the tests share and are not tests themselves: helpers that run the CLI, data builders, child processes.

Test modules import these (``from ..support.helpers import ok``); a test module never imports another
test module (``tests/contracts/test_test_layout.py``). Fixtures shared through pytest's injection live
in ``conftest.py`` instead.
"""
