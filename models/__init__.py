"""The household database: one module per aggregate; importing this registers every table."""

from models.alert import Alert, AlertKind, AlertState
from models.area import Area, Village
from models.audit import AuditLog
from models.base import Base, utcnow
from models.case import Assistance, HelpRequest, HelpRequestStatus, Problem, Urgency
from models.chart_image import ChartImage
from models.counter import ReferenceCounter, next_reference
from models.dashboard import DashboardCount, DashboardDirty, DashboardHousehold
from models.dialog import DialogState
from models.household import Household, Person
from models.indicator import Indicator
from models.messaging import DeliveryStatus, InboxEvent, OutboundMessage
from models.notice import CitizenNotice
from models.user import CitizenLink, InviteCode, LinkCode, LinkMethod, User
from models.visit import Attachment, AttachmentStatus, Visit

__all__ = [
    "Alert",
    "AlertKind",
    "AlertState",
    "Area",
    "Assistance",
    "Attachment",
    "AttachmentStatus",
    "AuditLog",
    "Base",
    "ChartImage",
    "CitizenLink",
    "CitizenNotice",
    "DashboardCount",
    "DashboardDirty",
    "DashboardHousehold",
    "DeliveryStatus",
    "DialogState",
    "HelpRequest",
    "HelpRequestStatus",
    "Household",
    "InboxEvent",
    "Indicator",
    "InviteCode",
    "LinkCode",
    "LinkMethod",
    "OutboundMessage",
    "Person",
    "Problem",
    "ReferenceCounter",
    "Urgency",
    "User",
    "Village",
    "Visit",
    "next_reference",
    "utcnow",
]
