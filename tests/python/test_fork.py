"""Calls in child processes (docs/threads.md): a multiprocessing pool made
with "fork" after the parent's threaded calls, on every pair of the
parent's and the child's thread counts; a fork while another thread is
inside a call; "spawn" and "forkserver" for comparison. Every child must
answer within DEADLINE seconds, or the test fails (the pool is terminated
rather than left hanging)."""
import multiprocessing
import threading

import numpy as np
import pytest

import argmin

DEADLINE = 60  # seconds: a child answers in about one on a loaded machine


def plane(seed=0):
    """The issue's case: (4096, 1024) float32, 16 MiB, on every core by
    default."""
    return np.random.default_rng(seed).random((4096, 1024), dtype=np.float32)


def every_op(threads):
    """Runs every op of the family on `threads` threads against numpy, in
    whichever process calls it; returns the ops that differed."""
    x = plane(1)
    x[7, 3] = np.nan
    wrong = []
    checks = {
        "argmin": (argmin.argmin(x, axis=0, threads=threads),
                   np.argmin(x, axis=0)),
        "argmax": (argmin.argmax(x, axis=1, threads=threads),
                   np.argmax(x, axis=1)),
        "nanargmin": (argmin.nanargmin(x, threads=threads), np.nanargmin(x)),
        "nanargmax": (argmin.nanargmax(x, axis=0, threads=threads),
                      np.nanargmax(x, axis=0)),
    }
    values, indices = argmin.max(x, axis=1, threads=threads)
    checks["max.indices"] = (indices, np.argmax(x, axis=1))
    checks["max.values"] = (values, np.max(x, axis=1))
    lo, hi = argmin.argminmax(x, axis=0, threads=threads)
    checks["argminmax"] = ((lo, hi), (np.argmin(x, axis=0),
                                      np.argmax(x, axis=0)))
    for name, (got, want) in checks.items():
        if not np.array_equal(got, want, equal_nan=True):
            wrong.append(name)
    return wrong


def child_answer(method, threads):
    """Returns what every_op(threads) gives in a child of a pool made with
    `method`, or fails the test if the child takes longer than DEADLINE."""
    context = multiprocessing.get_context(method)
    with context.Pool(1) as pool:
        result = pool.apply_async(every_op, (threads,))
        try:
            return result.get(timeout=DEADLINE)
        except multiprocessing.TimeoutError:
            pytest.fail("a %s child on %d threads did not answer within %d s"
                        % (method, threads, DEADLINE))


@pytest.mark.parametrize("child_threads", [0, 1, 2],
                         ids=lambda n: "child%d" % n)
@pytest.mark.parametrize("parent_threads", [0, 1, 2],
                         ids=lambda n: "parent%d" % n)
def test_fork_child_after_threaded_parent(parent_threads, child_threads):
    x = plane()
    np.testing.assert_array_equal(
        argmin.argmin(x, axis=0, threads=parent_threads), np.argmin(x, axis=0))
    assert child_answer("fork", child_threads) == []
    # The parent keeps its threads.
    assert every_op(parent_threads) == []


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_other_start_methods(method):
    argmin.argmin(plane(), axis=0, threads=2)
    assert child_answer(method, 2) == []


def test_fork_while_another_thread_is_inside_a_call():
    x = plane()
    want = np.argmin(x, axis=0)
    stop = threading.Event()
    calls = []
    wrong = []

    def caller():
        while not stop.is_set():
            # Large enough that the call runs without the GIL, so that the
            # fork below often lands inside it.
            if not np.array_equal(argmin.argmin(x, axis=0, threads=2), want):
                wrong.append(len(calls))
            calls.append(1)

    thread = threading.Thread(target=caller)
    thread.start()
    try:
        while not calls:
            stop.wait(0.001)
        for _ in range(4):
            assert child_answer("fork", 2) == []
    finally:
        stop.set()
        thread.join()
    assert wrong == []
    assert len(calls) > 1
