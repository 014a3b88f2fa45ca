"""A local stand-in for the LINE Platform: Messaging API endpoints, webhook events and a control API."""

from emulator.config import EmulatorConfig
from emulator.facade import Emulator
from emulator.state import EmulatorState

__all__ = ["Emulator", "EmulatorConfig", "EmulatorState"]
