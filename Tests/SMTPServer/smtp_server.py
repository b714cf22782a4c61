#!/usr/bin/env python3
"""A real SMTP server for Gatehouse's tests, built on aiosmtpd.

It listens on 127.0.0.1, writes its port to --ready, and appends one JSON line per
message it accepts to --store (flushed at once, so a test can count what arrived even
if the client was killed). Behaviour for testing every path of the client:

  --mode accept            answer 250 with a queue id (default)
  --mode tempfail          answer 451 to the end of each message
  --mode reject            answer 554 to the end of each message
  --mode drop-after-data   read the whole message, then drop the connection unanswered
  --drop-every N           like drop-after-data, but only for every N-th message
  --drop-at STEP           drop the connection unanswered at one step of the dialogue:
                           greeting (before it), ehlo, mail, rcpt or data (the DATA command)
  recipients whose address starts with "reject" get 550 at RCPT, "later" get 450.
  --auth USER:PASSWORD     require AUTH (PLAIN or LOGIN) before MAIL
  --starttls-cert/--key    offer STARTTLS with this certificate
  --implicit-tls           TLS from the first byte with that certificate
  --delay-ms N             wait N ms before answering the end of each message
  --size N                 advertise SIZE N
  --no-fsync               write the record without forcing it to disk (benchmarks)

The server exits by itself when the process that started it is gone.
"""
import argparse
import asyncio
import base64
import json
import os
import signal
import ssl
import sys
import uuid

from aiosmtpd.smtp import SMTP, AuthResult


class DroppingSMTP(SMTP):
    """An SMTP server that drops the connection, unanswered, at the step --drop-at names."""

    def __init__(self, handler, drop_at, **kwargs):
        super().__init__(handler, **kwargs)
        self.drop_at = drop_at

    def connection_made(self, transport):
        super().connection_made(transport)
        if self.drop_at == "greeting":
            transport.abort()

    async def _drop_or(self, step, command, arg):
        if self.drop_at == step:
            self.transport.abort()
            return
        await command(arg)

    async def smtp_EHLO(self, hostname):
        await self._drop_or("ehlo", super().smtp_EHLO, hostname)

    async def smtp_HELO(self, hostname):
        await self._drop_or("ehlo", super().smtp_HELO, hostname)

    async def smtp_MAIL(self, arg):
        await self._drop_or("mail", super().smtp_MAIL, arg)

    async def smtp_RCPT(self, arg):
        await self._drop_or("rcpt", super().smtp_RCPT, arg)

    async def smtp_DATA(self, arg):
        await self._drop_or("data", super().smtp_DATA, arg)


class Handler:
    def __init__(self, args):
        self.args = args
        self.count = 0
        self.store = open(args.store, "a", encoding="utf-8") if args.store else None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("reject"):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        if local.startswith("later"):
            return "450 4.2.1 <%s>: Mailbox busy, try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 Ok"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        if self.args.delay_ms:
            await asyncio.sleep(self.args.delay_ms / 1000.0)
        mode = self.args.mode
        if self.args.drop_every and self.count % self.args.drop_every == 0:
            mode = "drop-after-data"
        if mode == "tempfail":
            return "451 4.3.0 Temporary failure, please try again"
        if mode == "reject":
            return "554 5.7.1 Message rejected: looks like spam to us"
        queue_id = uuid.uuid4().hex[:12].upper()
        self.record(session, envelope, queue_id, answered=(mode != "drop-after-data"))
        if mode == "drop-after-data":
            server.transport.abort()
            return "421 4.4.2 dropped"
        return "250 2.0.0 Ok: queued as %s" % queue_id

    def record(self, session, envelope, queue_id, answered):
        if not self.store:
            return
        data = envelope.original_content if envelope.original_content is not None else envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        message_id = ""
        for line in data.split(b"\r\n"):
            if line == b"":
                break
            if line.lower().startswith(b"message-id:"):
                message_id = line[11:].strip().decode("ascii", "replace").strip("<>")
        entry = {
            "queue_id": queue_id,
            "answered": answered,
            "peer_port": session.peer[1] if session.peer else 0,
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "mail_options": envelope.mail_options,
            "message_id": message_id,
            "data": base64.b64encode(data).decode("ascii"),
        }
        self.store.write(json.dumps(entry) + "\n")
        self.store.flush()
        if not self.args.no_fsync:
            os.fsync(self.store.fileno())


def authenticator_for(expected):
    user, _, password = expected.partition(":")

    def check(server, session, envelope, mechanism, auth_data):
        login = getattr(auth_data, "login", b"") or b""
        given = getattr(auth_data, "password", b"") or b""
        ok = login.decode("utf-8", "replace") == user and given.decode("utf-8", "replace") == password
        return AuthResult(success=ok, handled=False)

    return check


async def watch_parent(parent):
    while True:
        await asyncio.sleep(0.5)
        if os.getppid() != parent:
            os._exit(0)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ready", required=True)
    parser.add_argument("--store")
    parser.add_argument("--mode", default="accept", choices=["accept", "tempfail", "reject", "drop-after-data"])
    parser.add_argument("--drop-every", type=int, default=0)
    parser.add_argument("--drop-at", choices=["greeting", "ehlo", "mail", "rcpt", "data"])
    parser.add_argument("--auth")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--delay-ms", type=int, default=0)
    parser.add_argument("--size", type=int, default=33554432)
    parser.add_argument("--no-fsync", action="store_true")
    args = parser.parse_args()

    context = None
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
    handler = Handler(args)
    kwargs = dict(
        hostname="sink.test",
        ident="Gatehouse test SMTP server",
        data_size_limit=args.size,
        enable_SMTPUTF8=True,
        decode_data=False,
        auth_require_tls=False,
    )
    if context is not None and not args.implicit_tls:
        kwargs["tls_context"] = context
        kwargs["require_starttls"] = False
    if args.auth:
        kwargs["authenticator"] = authenticator_for(args.auth)
        kwargs["auth_required"] = True

    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        (lambda: DroppingSMTP(handler, args.drop_at, **kwargs)) if args.drop_at else (lambda: SMTP(handler, **kwargs)),
        host="127.0.0.1",
        port=0,
        ssl=context if args.implicit_tls else None,
    )
    port = server.sockets[0].getsockname()[1]
    with open(args.ready + ".tmp", "w") as ready:
        ready.write("%d\n" % port)
    os.rename(args.ready + ".tmp", args.ready)
    loop.add_signal_handler(signal.SIGTERM, lambda: os._exit(0))
    asyncio.ensure_future(watch_parent(os.getppid()))
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
