"""Custom actions: turn the conversation's need and language into a directory referral."""
