"""Nothing registered on purpose: a private note is readable only by its author, and admins are no exception;
members' questions are handled on Mina sidor by the organ's secretaries."""
