import asyncio
import logging


async def some_nonblocking_socket_io_op():
    # Stands in for real non-blocking I/O: yield to the event loop once.
    await asyncio.sleep(0)
    logging.info('non-blocking I/O done')


# Runs with asyncio directly

async def main():
    await some_nonblocking_socket_io_op()
