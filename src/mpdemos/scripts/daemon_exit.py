# The lecture's daemon example as a script: main returns while the daemon sleeps.
import time

import mpdemos
from mpdemos.process import sleepy

if __name__ == "__main__":
    ctx = mpdemos.get_context()
    spans = ctx.Queue()
    d = ctx.Process(name="daemon", target=sleepy, args=(spans, 5.0), daemon=True)
    n = ctx.Process(name="non-daemon", target=sleepy, args=(spans, 0.1))
    d.start()
    n.start()
    n.join(timeout=10)
    print("non-daemon exit code:", n.exitcode)
    print("daemon still running:", d.is_alive())
    print("main: returning now")
    # At exit, multiprocessing terminates daemonic children, then joins the rest.
