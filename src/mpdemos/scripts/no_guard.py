# The lecture's style, minus the guard: fine under fork, broken under spawn.
import multiprocessing

from mpdemos.process import worker

ctx = multiprocessing.get_context("spawn")
p = ctx.Process(target=worker)
p.start()
p.join(timeout=10)
print("exit code:", p.exitcode)
