"""Schemathesis hooks for Gatehouse's API test (loaded through SCHEMATHESIS_HOOKS).

A mail relay delivers a message exactly as received: the body of POST /inbound/email is the
raw message, sent as text the way any text body is.
"""
import schemathesis

schemathesis.serializer.alias("message/rfc822", "text/plain")
