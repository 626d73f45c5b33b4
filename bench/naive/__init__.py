"""A naive short-link redirect (SQL on every click), the yardstick of bench/redirect.py."""
