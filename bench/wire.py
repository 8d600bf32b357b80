"""A stopwatch on Streamlit's websocket: when the browser asked for a run, and when the server said it was done.

Timing a rerun from the page (spinners, iframes) mixes in the browser's drawing and our polling; the
protocol says it exactly: a BackMsg `rerun_script` leaves the browser, and a ForwardMsg `script_finished`
comes back when the server has run the whole script. Frames are decoded with Streamlit's own protobufs.

The times are the browser's own frame timestamps (Chrome DevTools Network events), not the moment Python
hears of a frame: Playwright's `framesent` reaches Python only after its driver's round trip, and a frame
sent while Python waits for a key press is heard late (up to 50 ms in a 0.3 s rerun, measured side by side).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

STREAM_PATH = "_stcore/stream"
SUCCESS = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY


@dataclass
class RunEvent:
    at: float  # the browser's timestamp of the frame (seconds, monotonic)
    kind: str  # "rerun" (BackMsg sent) or "finished" (ForwardMsg received)
    status: int = SUCCESS
    exec_s: float | None = None  # the server's own run time, when it sends a page profile
    prep_s: float | None = None  # the server's preparation before the script starts (same profile)
    commands: tuple = ()  # (command, seconds) from the page profile


@dataclass
class RunClock:
    """Every run request and run end seen on a page's Streamlit websocket, in order."""

    events: list[RunEvent] = field(default_factory=list)
    frames_received: int = 0
    bytes_received: int = 0
    _streams: set = field(default_factory=set)  # CDP request ids of Streamlit's websocket(s)

    def attach(self, context, page) -> RunClock:
        """Listen on `page` of `context` (before it loads, so the first websocket is seen too)."""
        session = context.new_cdp_session(page)
        session.on("Network.webSocketCreated", self._created)
        session.on("Network.webSocketFrameSent", self._sent)
        session.on("Network.webSocketFrameReceived", self._received)
        session.send("Network.enable")
        return self

    def _created(self, event: dict) -> None:
        if STREAM_PATH in event["url"]:
            self._streams.add(event["requestId"])

    def _payload(self, event: dict) -> bytes | None:
        """A binary frame of Streamlit's stream (opcode 2, base64 in the event), else None."""
        frame = event["response"]
        if event["requestId"] not in self._streams or frame["opcode"] != 2:
            return None
        return base64.b64decode(frame["payloadData"])

    def _sent(self, event: dict) -> None:
        payload = self._payload(event)
        if payload and BackMsg.FromString(payload).WhichOneof("type") == "rerun_script":
            self.events.append(RunEvent(event["timestamp"], "rerun"))

    def _received(self, event: dict) -> None:
        payload = self._payload(event)
        if payload is None:
            return
        at = event["timestamp"]
        self.frames_received += 1
        self.bytes_received += len(payload)
        message = ForwardMsg.FromString(payload)
        kind = message.WhichOneof("type")
        if kind == "script_finished":
            self.events.append(RunEvent(at, "finished", status=message.script_finished))
        elif kind == "page_profile":  # only with browser.gatherUsageStats (see bench.rerun --profile)
            profile = message.page_profile
            commands = tuple((command.name, command.time / 1e6) for command in profile.commands)
            self.events.append(
                RunEvent(
                    at, "profile", exec_s=profile.exec_time / 1e6, prep_s=profile.prep_time / 1e6, commands=commands
                )
            )

    def mark(self) -> int:
        return len(self.events)

    def since(self, mark: int, kind: str) -> list[RunEvent]:
        return [event for event in self.events[mark:] if event.kind == kind]

    def finished_since(self, mark: int) -> bool:
        """True once a run asked for after `mark` has ended (successfully or not)."""
        asked = self.since(mark, "rerun")
        return bool(asked) and any(event.at >= asked[0].at for event in self.since(mark, "finished"))

    def run_seconds(self, mark: int) -> float:
        """From the first run request after `mark` to the first successful end after it."""
        asked = self.since(mark, "rerun")[0]
        done = next(e for e in self.since(mark, "finished") if e.at >= asked.at and e.status == SUCCESS)
        return done.at - asked.at
