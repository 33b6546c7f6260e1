#!/usr/bin/env python3
"""expect_abort.py - runs an MPI job that must end on a failure: within
TIMEOUT seconds (no rank left hanging), with a non-zero status, and with
PATTERN (a regular expression) in its output.

Usage: expect_abort.py TIMEOUT PATTERN COMMAND...
"""
import os
import re
import signal
import subprocess
import sys
import time


def main():
    timeout, pattern, command = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
    start = time.monotonic()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        print(out)
        print(f'FAIL: still running after {timeout:g} s: a rank hangs')
        return 1
    print(out)
    print(f'exit status {proc.returncode} after '
          f'{time.monotonic() - start:.1f} s')
    if proc.returncode == 0:
        print('FAIL: the job succeeded')
        return 1
    if not re.search(pattern, out):
        print(f'FAIL: no "{pattern}" in the output')
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
