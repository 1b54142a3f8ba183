# Choosing the start method twice: the second call raises, unless forced.
import multiprocessing

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    try:
        multiprocessing.set_start_method("spawn")
    except RuntimeError as e:
        print(f"second call: {type(e).__name__}: {e}")
    multiprocessing.set_start_method("spawn", force=True)
    print("with force=True:", multiprocessing.get_start_method())
