"""complaintdesk: complaint management done the way the best practitioners do it."""
