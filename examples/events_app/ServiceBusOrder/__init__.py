import json
import logging

import azure.functions as func


def main(msg: func.ServiceBusMessage, shipment: func.Out[str]) -> None:
    order = json.loads(msg.get_body())
    logging.info("order %s arrived as message %s", order["order"], msg.message_id)
    shipment.set(json.dumps({"order": order["order"], "status": "shipped"}))
