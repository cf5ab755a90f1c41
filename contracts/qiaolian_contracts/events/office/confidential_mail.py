"""Facts of the confidential mail register (機要): ids, codes and dates; never a title or an organ."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from ...envelope import Payload
from ..common import Code, Id


class ConfidentialMailRegistered(Payload):
    mail_id: Id
    direction: Code = Field(description="received or sent")
    classification: Code = Field(description="confidential (秘密), secret (機密) or top_secret (絕密)")
    registered_on: date
    disposal: Code = Field(description="return or destroy")
    due_on: date = Field(description="the date it is to be returned or destroyed by")


class ConfidentialMailDisposed(Payload):
    mail_id: Id
    disposal: Code = Field(description="returned or destroyed")
    disposed_on: date
    due_on: date


class ConfidentialMailOverdue(Payload):
    mail_id: Id
    due_on: date
