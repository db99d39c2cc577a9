import logging

import azure.functions as func


def main(event: func.EventHubEvent) -> None:
    logging.info(
        "event %s from partition key %s: %s",
        event.sequence_number,
        event.partition_key,
        event.get_body().decode(),
    )
