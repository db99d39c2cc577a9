import logging
import azure.functions as func
import tempfile
import os
from os import listdir


def main(req: func.HttpRequest) -> str:
   tempFilePath = tempfile.gettempdir()
   fp = tempfile.NamedTemporaryFile()
   fp.write(b'Hello world!')
   filesDirListInTemp = listdir(tempFilePath)

   fp.flush()
   found = os.path.basename(fp.name) in filesDirListInTemp
   fp.close()
   logging.info(f'temporary file listed in {tempFilePath}: {found}')
   return f'temporary file listed: {found}'
