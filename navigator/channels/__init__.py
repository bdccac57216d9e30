"""Channels in and out, adapters only: twilio.py (signature, form -> Inbound, TwiML, the REST
sender), sender.py (the Sender protocol and the outbox sender). The turn runner they share
is navigator/service/turns.py; nothing here imports navigator/store/."""
