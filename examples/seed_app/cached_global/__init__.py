import json
import logging
import os

CACHED_DATA = None


def load_json():
    # The expensive computation: read a JSON file next to this module, once per process.
    logging.info('loading data.json')
    with open(os.path.join(os.path.dirname(__file__), 'data.json')) as handle:
        return json.load(handle)


def main(req):
    global CACHED_DATA
    if CACHED_DATA is None:
        CACHED_DATA = load_json()

    # ... use CACHED_DATA in code
    logging.info(f'cached colours: {", ".join(CACHED_DATA["colours"])}')
