import logging

import azure.functions as func


def main(event: func.EventGridEvent, outputEvent: func.Out[func.EventGridOutputEvent]) -> None:
    url = event.get_json()["url"]
    logging.info("%s: %s", event.event_type, url)
    outputEvent.set(
        func.EventGridOutputEvent(
            id="thumbnail-" + event.id,
            data={"source": url},
            subject=event.subject,
            event_type="Contoso.Thumbnails.Requested",
            event_time=event.event_time,
            data_version="1.0",
        )
    )
