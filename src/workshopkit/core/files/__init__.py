"""What workshopkit writes beside the store: drafts of the bar, exports, and where files
may go (a browser session writes none on the server)."""
