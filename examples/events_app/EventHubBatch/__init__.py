import json
import logging
from typing import List

import azure.functions as func

LIMIT = 30.0


def main(events: List[func.EventHubEvent], alerts: func.Out[str]) -> None:
    readings = [json.loads(event.get_body()) for event in events]
    logging.info("%d readings", len(readings))
    hot = [reading["device"] for reading in readings if reading["temperature"] > LIMIT]
    if hot:
        alerts.set(json.dumps({"too_hot": hot}))
