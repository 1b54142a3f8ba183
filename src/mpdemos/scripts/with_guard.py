# The same program with the guard: the child imports this file, skips the block.
import multiprocessing

from mpdemos.process import worker

if __name__ == "__main__":
    ctx = multiprocessing.get_context("spawn")
    p = ctx.Process(target=worker)
    p.start()
    p.join(timeout=10)
    print("exit code:", p.exitcode)
