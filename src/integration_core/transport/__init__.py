"""Transports: SFTP, AS2 and HTTP behind one small interface."""
