import logging
import threading


def some_blocking_socket_io():
    # Stands in for real blocking I/O; reports the thread it runs on.
    logging.info(f'blocking I/O done on {threading.current_thread().name}')


# Runs in an asyncio thread-pool

def main():
    some_blocking_socket_io()
