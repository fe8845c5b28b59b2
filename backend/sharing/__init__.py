"""SMART Health Links: the patient's shares, the protocol endpoints, keys and passcodes."""
