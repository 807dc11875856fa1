"""The Python tests' emulator: one in a process of its own on a loopback port, started the way its
clients start it (`python3 scripts/emulator.py --port 0`, then the ready line), and the base class
of the tests that talk to it over HTTP."""

import os
import subprocess
import sys
import unittest

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

LAUNCHER = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "emulator.py")
REGION = "us-east-1"


class EmulatorProcess:
    """start() launches the emulator, waits for its ready line and answers its URL; stop() ends it."""

    def __init__(self):
        self.process = None

    def start(self):
        self.process = subprocess.Popen([sys.executable, LAUNCHER, "--port", "0"],
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("emulator ready on "):
            self.process.kill()
            raise RuntimeError(f"the emulator did not start: {line!r}")
        return line.split()[-1]

    def stop(self):
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.process.stdout.close()


class EmulatorTestCase(unittest.TestCase):
    """Tests against one emulator process for the whole class (its URL in `url`), with boto3
    clients that do not retry, so a test sees the first answer. Import the module, not this class,
    into a test module: unittest would collect the class itself there."""
    url = None
    emulator = None

    @classmethod
    def setUpClass(cls):
        cls.emulator = EmulatorProcess()
        cls.url = cls.emulator.start()

    @classmethod
    def tearDownClass(cls):
        cls.emulator.stop()

    def client(self, service):
        return boto3.client(service, endpoint_url=self.url, region_name=REGION, aws_access_key_id="test",
                            aws_secret_access_key="test", config=Config(retries={"total_max_attempts": 1}))

    def assertError(self, code, call, *args, **kwargs):
        with self.assertRaises(ClientError) as raised:
            call(*args, **kwargs)
        self.assertEqual(code, raised.exception.response["Error"]["Code"], raised.exception.response)
        return raised.exception
