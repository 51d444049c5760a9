#!/usr/bin/env python3
"""A real SMTP server on loopback for the mail tests (tests/api/mail.rs), from aiosmtpd.

Listens on a free port of 127.0.0.1 and writes one JSON object a line on standard output:
first {"port": N}, then for each mail it is handed {"from", "to", "subject", "body",
"headers"} (the plain text body decoded, the header names in order), or {"refused": [...]}
for each of the first --refuse N mails, which it refuses with 451 (try again later).
Runs until it is killed.
"""

import argparse
import asyncio
import json
import sys
from email import message_from_bytes, policy

from aiosmtpd.smtp import SMTP


class Handler:
    def __init__(self, refuse):
        self.refuse = refuse

    async def handle_DATA(self, server, session, envelope):
        if self.refuse > 0:
            self.refuse -= 1
            emit({"refused": envelope.rcpt_tos})
            return "451 4.3.0 Try again later"
        message = message_from_bytes(envelope.content, policy=policy.default)
        body = message.get_body(preferencelist=("plain",))
        emit(
            {
                "from": envelope.mail_from,
                "to": envelope.rcpt_tos,
                "subject": str(message["subject"]),
                "body": body.get_content().replace("\r\n", "\n") if body is not None else "",
                "headers": [name for name, _ in message.items()],
            }
        )
        return "250 OK"


def emit(line):
    print(json.dumps(line, ensure_ascii=False), flush=True)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--refuse", type=int, default=0)
    args = parser.parse_args()
    handler = Handler(args.refuse)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="smtp.test"), "127.0.0.1", 0
    )
    emit({"port": server.sockets[0].getsockname()[1]})
    await server.serve_forever()


if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8")
    asyncio.run(main())
