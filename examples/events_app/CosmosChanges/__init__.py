import logging

import azure.functions as func


def main(documents: func.DocumentList, audit: func.Out[func.Document]) -> None:
    ids = [document["id"] for document in documents]
    logging.info("%d changed documents: %s", len(ids), ", ".join(ids))
    audit.set(func.Document.from_dict({"id": "audit-" + "-".join(ids), "changed": ids}))
