import json

import azure.functions as func


def main(event: func.KafkaEvent) -> str:
    order = json.loads(event.get_body())
    return json.dumps({"RowKey": str(order["order"]), "Topic": event.topic, **order})
