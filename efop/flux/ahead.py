"""Reading ahead: a generator run in a child process while this one consumes its items.

An import has two halves of comparable weight: reading the file (parse, XSD validation, trees,
mapping to records) and writing what was read (rows, archive, search index). On two cores the
child reads the next formations while this process writes the previous ones. Items come through a
pipe, pickled by chunks, and wait in a bounded queue: the child runs at most `buffer` items
ahead (then the pipe fills and it waits), so memory stays bounded whatever the file's size.

The child is forked (it starts with the loaded schemas and code) and never touches the database:
it inherits this process's connections but leaves them alone, and ends with `os._exit`, so it
does not close them either. An exception in the child is raised again here; a child that dies
without a word is an error too.
"""

import multiprocessing
import pickle
import queue
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")

CHUNK = 25  # items per message

_ITEMS, _ERROR, _DONE, _DIED = "items", "error", "done", "died"


class ReaderDied(RuntimeError):
    """The reading process ended without finishing nor saying why (killed, out of memory)."""


def ahead(produce: Callable[[], Iterator[T]], *, buffer: int, chunk: int = CHUNK) -> Iterator[T]:
    """The items of `produce()`, computed in a child process at most about `buffer` items ahead.
    Closing the iterator early (or an exception in the consumer) stops the child."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_produce, args=(produce, sender, receiver, chunk), daemon=True, name="efop-lecture"
    )
    child.start()
    sender.close()  # the child holds the only writing end: its end reads as end of file here
    received: queue.Queue = queue.Queue(maxsize=max(1, buffer // chunk))
    thread = threading.Thread(target=_receive, args=(receiver, received), daemon=True, name="efop-lecture")
    thread.start()
    try:
        while True:
            kind, payload = received.get()
            if kind == _ITEMS:
                yield from payload
            elif kind == _ERROR:
                raise payload
            elif kind == _DIED:
                child.join()
                raise ReaderDied(
                    f"le processus de lecture s'est arrêté sans terminer (code {child.exitcode})"
                )
            else:
                return
    finally:
        if child.is_alive():
            child.terminate()
        child.join()
        while thread.is_alive():  # it ends on the pipe's end of file, once it can put what it holds
            try:
                received.get(timeout=0.05)
            except queue.Empty:
                pass
        receiver.close()


def _receive(receiver, received: queue.Queue) -> None:
    """Move the child's messages from the pipe to the queue (unpickled), so that the child is never
    held up by a consumer busy writing, up to the queue's size."""
    while True:
        try:
            message = receiver.recv()
        except (EOFError, OSError):  # OSError: the child died in the middle of a message
            received.put((_DIED, None))
            return
        except Exception as error:  # noqa: BLE001 - a message that cannot be read is the consumer's error
            received.put((_ERROR, error))
            return
        received.put(message)
        if message[0] != _ITEMS:
            return


def _produce(produce: Callable[[], Iterator[T]], sender, receiver, chunk: int) -> None:
    # The consumer's end, inherited: closed, so that if the consumer dies (killed) no reader is left
    # and the next send fails (broken pipe) instead of waiting forever.
    receiver.close()
    try:
        pending: list[T] = []
        for item in produce():
            pending.append(item)
            if len(pending) >= chunk:
                sender.send((_ITEMS, pending))
                pending = []
        if pending:
            sender.send((_ITEMS, pending))
        sender.send((_DONE, None))
    except BaseException as error:  # noqa: BLE001 - every failure is the consumer's to raise
        sender.send((_ERROR, _picklable(error)))
    finally:
        sender.close()


def _picklable(error: BaseException) -> BaseException:
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:  # noqa: BLE001 - an exception whose class cannot travel: its text does
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error
