from . import hr_sync_upload
