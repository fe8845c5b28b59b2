"""The app's memory of the record when the network is gone: an encrypted cache, the key that
opens it, and the actions waiting to be sent. No Kivy here: plain Python, tested directly."""
