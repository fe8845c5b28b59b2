"""A hospital system simulator: keys, SMART Backend Services assertions, linking, pushing.

Pure Python (no Django): the demo, the tests and the benchmarks use it the way a real EMR
integration would, over HTTP with signed assertions.
"""

from shared.hospital.client import HospitalClient, HospitalError
from shared.hospital.keys import HospitalKeys

__all__ = ["HospitalClient", "HospitalError", "HospitalKeys"]
