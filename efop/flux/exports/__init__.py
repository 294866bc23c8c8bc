"""Export profiles and their consumers: what leaves efop (formats, full or delta with withdrawals),
how it is produced and delivered (folder, download with the consumer's key, SFTP), on a schedule.
The models are in `models` (registered by efop.flux.models)."""
